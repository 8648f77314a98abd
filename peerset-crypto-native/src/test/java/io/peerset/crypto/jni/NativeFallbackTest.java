package io.peerset.crypto.jni;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native library really failing to load, each time in a fresh child JVM (loading happens
 * once per JVM): the JVM falls back to BouncyCastle, says so once with the reason and what to
 * do, and still signs and verifies. The control case shows the same child picks libsecp256k1
 * when nothing is broken.
 */
class NativeFallbackTest {
    private static final String LINUX_JAR = "secp256k1-kmp-jni-jvm-linux";
    private static final String WARNING = "libsecp256k1 could not be loaded";

    @TempDir
    Path dir;

    @Test
    void withNothingBrokenTheChildJvmChoosesLibsecp256k1AndWarnsNothing() throws Exception {
        Probe p = probe(classpath(), List.of());
        assertThat(p.out).contains("chosen=libsecp256k1", "native.available=true");
        assertThat(p.warnings()).isEmpty();
    }

    @Test
    void aCorruptNativeLibraryFallsBackToBouncyCastleWithOneWarning() throws Exception {
        Files.write(dir.resolve(System.mapLibraryName("secp256k1-jni")), "this is not an ELF shared object".getBytes(StandardCharsets.UTF_8));
        Probe p = probe(classpath(), List.of("-Dfr.acinq.secp256k1.lib.path=" + dir));
        p.assertFellBack("UnsatisfiedLinkError");
    }

    @Test
    void aNativeLibraryForAnotherArchitectureFallsBackToBouncyCastleWithOneWarning() throws Exception {
        String other = System.getProperty("os.arch").contains("aarch64") ? "linux-x86_64" : "linux-aarch64";
        try (JarFile jar = new JarFile(linuxJar());
             InputStream so = jar.getInputStream(jar.getEntry("fr/acinq/secp256k1/jni/native/" + other + "/libsecp256k1-jni.so"))) {
            Files.copy(so, dir.resolve("libsecp256k1-jni.so"));
        }
        Probe p = probe(classpath(), List.of("-Dfr.acinq.secp256k1.lib.path=" + dir));
        p.assertFellBack("UnsatisfiedLinkError");
    }

    @Test
    void aLibraryPathWithoutTheLibraryFallsBackToBouncyCastleWithOneWarning() throws Exception {
        Probe p = probe(classpath(), List.of("-Dfr.acinq.secp256k1.lib.path=" + dir));
        p.assertFellBack("not found at fr.acinq.secp256k1.lib.path");
    }

    @Test
    void aClasspathWithoutTheNativeArtifactFallsBackToBouncyCastleWithOneWarning() throws Exception {
        List<String> cp = classpath().stream().filter(e -> !e.contains(LINUX_JAR)).collect(Collectors.toList());
        assertThat(cp).hasSize(classpath().size() - 1);
        Probe p = probe(cp, List.of());
        p.assertFellBack("No native library found");
    }

    // ------------------------------------------------------------------ child JVM

    private static List<String> classpath() {
        return Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
    }

    private static String linuxJar() {
        return classpath().stream().filter(e -> e.contains(LINUX_JAR)).findFirst()
            .orElseThrow(() -> new AssertionError(LINUX_JAR + " is not on the test classpath"));
    }

    private Probe probe(List<String> classpath, List<String> jvmOptions) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-Dfr.acinq.secp256k1.tmpdir=" + Files.createDirectories(dir.resolve("extract")));
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, classpath));
        cmd.add(ProviderProbe.class.getName());
        Path out = dir.resolve("probe.out");
        Path err = dir.resolve("probe.err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the probe JVM did not finish within 60 s");
        }
        Probe probe = new Probe(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        assertThat(p.exitValue()).as("probe exit code; stderr:\n%s", probe.err).isZero();
        assertThat(probe.out).containsPattern("verified=[0-9a-f]{64}");
        return probe;
    }

    private static final class Probe {
        final String out;
        final String err;

        Probe(String out, String err) {
            this.out = out;
            this.err = err;
        }

        List<String> warnings() {
            return err.lines().filter(l -> l.contains(WARNING)).collect(Collectors.toList());
        }

        void assertFellBack(String reason) {
            assertThat(out).contains("chosen=bouncycastle", "native.available=false").containsPattern("reason=.*" + reason);
            assertThat(warnings()).as("warnings in:\n%s", err).hasSize(1);
            assertThat(warnings().get(0)).contains("WARN", reason, "BouncyCastle", "fr.acinq.secp256k1.lib.path",
                "secp256k1-kmp-jni-jvm-linux");
        }
    }
}
