package io.peerset.cli;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code META-INF/services} entry that a peerset module ships names a class that exists, implements
 * its SPI, and is instantiated by {@link ServiceLoader}: a typo in one of these files would make a module
 * silently absent in a user's application (putting a module on the classpath is all it takes to use it).
 * This module's test classpath holds every published module.
 */
class ServiceEntriesTest {

    private static final List<String> SPIS = List.of(
            "io.peerset.api.spi.EngineProvider",
            "io.peerset.api.spi.RecordStoreProvider",
            "io.peerset.api.spi.SignalingProvider",
            "io.peerset.api.spi.Secp256k1",
            "io.peerset.api.spi.PayloadCodec",
            "io.peerset.api.spi.ModerationPreset",
            "io.peerset.api.spi.ModerationFilterProvider");

    @Test
    void everyEntryOfEveryModuleLoads() throws Exception {
        ClassLoader loader = getClass().getClassLoader();
        Set<String> sources = new TreeSet<>();
        int entries = 0;
        for (String spiName : SPIS) {
            Class<?> spi = Class.forName(spiName);
            List<String> listed = new ArrayList<>();
            for (URL url : Collections.list(loader.getResources("META-INF/services/" + spiName))) {
                if (url.toString().contains("/test-classes/")) {
                    continue; // test-only registrations of this module are not shipped
                }
                sources.add(moduleOf(url) + " " + spiName.substring(spiName.lastIndexOf('.') + 1));
                listed.addAll(entriesOf(url));
            }
            assertThat(listed).as("providers registered for %s", spiName).isNotEmpty();
            for (String className : listed) {
                Class<?> impl = Class.forName(className, false, loader);
                assertThat(spi.isAssignableFrom(impl)).as("%s implements %s", className, spiName).isTrue();
            }
            List<String> loaded = loadAll(spi, loader);
            assertThat(loaded).as("ServiceLoader instantiates every %s entry", spiName).containsAll(listed);
            entries += listed.size();
        }
        // the files each published module ships (see docs/ARCHITECTURE.md)
        assertThat(sources).contains(
                "peerset-core EngineProvider", "peerset-core RecordStoreProvider", "peerset-core SignalingProvider",
                "peerset-core Secp256k1", "peerset-core PayloadCodec",
                "peerset-crypto-native Secp256k1",
                "peerset-moderation ModerationPreset", "peerset-moderation ModerationFilterProvider",
                "peerset-signal-mqtt SignalingProvider", "peerset-signal-nostr SignalingProvider",
                "peerset-signal-torrent SignalingProvider", "peerset-store-xodus RecordStoreProvider");
        assertThat(entries).isGreaterThanOrEqualTo(12);
    }

    private static <S> List<String> loadAll(Class<S> spi, ClassLoader loader) {
        List<String> names = new ArrayList<>();
        for (S provider : ServiceLoader.load(spi, loader)) {
            names.add(provider.getClass().getName());
        }
        return names;
    }

    private static String moduleOf(URL url) {
        String s = url.toString();
        for (String module : List.of("peerset-core", "peerset-crypto-native", "peerset-moderation",
                "peerset-signal-mqtt", "peerset-signal-nostr", "peerset-signal-torrent", "peerset-store-xodus")) {
            if (s.contains("/" + module + "/") || s.contains("/" + module + "-")) {
                return module;
            }
        }
        return s;
    }

    private static List<String> entriesOf(URL url) throws Exception {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
            return in.lines().map(l -> l.replaceAll("#.*", "").trim()).filter(l -> !l.isEmpty())
                    .collect(Collectors.toList());
        }
    }
}
