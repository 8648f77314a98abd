package io.peerset.api.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A small, seeded, deterministic byte mutator over a fuzz test's seed corpus: the fast
 * complement to Jazzer's regression mode in the normal suite (same inputs every run,
 * so a failure reproduces). Jazzer itself is the real fuzzer; see docs/decisions/0016-fuzzing.md.
 */
public final class SeedMutator {
    private static final byte[] INTERESTING = {
        0, 1, 0x7f, (byte) 0x80, (byte) 0xff, '"', '\\', '{', '}', '[', ']', ',', ':', '0', '9', '-', 'e', '.', ' ', '\n',
        'u', 'n', 't', 'f', '1', 'q', 'p', '$', (byte) 0xc3, (byte) 0xed, (byte) 0xf0, 0x60, 0x61, 0x62, 0x02, 0x20, 0x40
    };

    private final Random random;
    private final List<byte[]> seeds;

    public SeedMutator(long seed, List<byte[]> seeds) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("a seed mutator needs at least one seed input");
        }
        this.random = new Random(seed);
        this.seeds = List.copyOf(seeds);
    }

    /** The seed corpus Jazzer uses in regression mode: resources {@code <TestClass>Inputs/<method>/}. */
    public static List<byte[]> seedCorpus(Class<?> testClass, String method) {
        String dir = testClass.getSimpleName() + "Inputs/" + method;
        URL url = testClass.getResource(dir);
        if (url == null) {
            throw new IllegalStateException("no seed corpus " + dir + " next to " + testClass.getName());
        }
        try (Stream<Path> files = Files.list(Paths.get(url.toURI()))) {
            List<byte[]> out = new ArrayList<>();
            for (Path p : files.sorted().toList()) {
                if (Files.isRegularFile(p)) {
                    out.add(Files.readAllBytes(p));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One to four random mutations of a random seed (sometimes spliced with another). */
    public byte[] next() {
        byte[] b = seeds.get(random.nextInt(seeds.size())).clone();
        int rounds = 1 + random.nextInt(4);
        for (int r = 0; r < rounds; r++) {
            b = mutate(b);
        }
        return b;
    }

    private byte[] mutate(byte[] b) {
        int n = b.length;
        switch (random.nextInt(9)) {
            case 0: // flip a bit
                if (n > 0) {
                    b[random.nextInt(n)] ^= (byte) (1 << random.nextInt(8));
                }
                return b;
            case 1: // random byte
                if (n > 0) {
                    b[random.nextInt(n)] = (byte) random.nextInt(256);
                }
                return b;
            case 2: // interesting byte
                if (n > 0) {
                    b[random.nextInt(n)] = INTERESTING[random.nextInt(INTERESTING.length)];
                }
                return b;
            case 3: { // insert bytes
                int at = random.nextInt(n + 1);
                int len = 1 + random.nextInt(8);
                byte[] out = new byte[n + len];
                System.arraycopy(b, 0, out, 0, at);
                for (int i = 0; i < len; i++) {
                    out[at + i] = random.nextBoolean() ? INTERESTING[random.nextInt(INTERESTING.length)] : (byte) random.nextInt(256);
                }
                System.arraycopy(b, at, out, at + len, n - at);
                return out;
            }
            case 4: { // delete a range
                if (n == 0) {
                    return b;
                }
                int at = random.nextInt(n);
                int len = 1 + random.nextInt(Math.min(16, n - at));
                byte[] out = new byte[n - len];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + len, out, at, n - at - len);
                return out;
            }
            case 5: { // duplicate a range
                if (n == 0) {
                    return b;
                }
                int at = random.nextInt(n);
                int len = 1 + random.nextInt(Math.min(64, n - at));
                byte[] out = new byte[n + len];
                System.arraycopy(b, 0, out, 0, at + len);
                System.arraycopy(b, at, out, at + len, n - at);
                return out;
            }
            case 6: // truncate
                return n == 0 ? b : java.util.Arrays.copyOf(b, random.nextInt(n));
            case 7: { // splice with another seed
                byte[] other = seeds.get(random.nextInt(seeds.size()));
                int cut = random.nextInt(n + 1);
                int from = random.nextInt(other.length + 1);
                byte[] out = new byte[cut + other.length - from];
                System.arraycopy(b, 0, out, 0, cut);
                System.arraycopy(other, from, out, cut, other.length - from);
                return out;
            }
            default: { // overwrite two bytes with an extreme 16-bit value
                if (n < 2) {
                    return b;
                }
                int at = random.nextInt(n - 1);
                int v = new int[] {0, 0xffff, 0x7fff, 0x8000, 0x0100, 0x00ff}[random.nextInt(6)];
                b[at] = (byte) (v >>> 8);
                b[at + 1] = (byte) v;
                return b;
            }
        }
    }
}
