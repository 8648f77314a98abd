package io.peerset.cli;

import io.peerset.api.Identity;
import io.peerset.api.Moderation;
import io.peerset.api.PeersetConfig;
import io.peerset.api.spi.SignalingProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Options shared by commands that start a node: identity, store, signalling, moderation. */
final class NodeOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--nsec", description = "The node's key as nsec1… (visible to other local users: prefer --key-file or "
        + "PEERSET_NSEC). Default: --key-file, else the PEERSET_NSEC environment variable, else a fresh key.")
    String nsec;

    @Option(names = "--key-file", description = "File holding the node's nsec1… key; created with a fresh key if missing.")
    Path keyFile;

    @Option(names = "--store", defaultValue = "memory",
        description = "Record store: memory, or NAME:LOCATION such as xodus:data (default: ${DEFAULT-VALUE}).")
    String store;

    @Option(names = "--signal", description = "Signalling strategy (repeatable): mqtt, nostr, torrent, memory. "
        + "Default: the only one on the classpath.")
    List<String> signals = new ArrayList<>();

    @Option(names = "--relay", description = "Signalling server URL (repeatable), e.g. mqtt://127.0.0.1:1883 or ws://host:port/path; "
        + "with several --signal, prefix the strategy: mqtt=mqtt://…")
    List<String> relays = new ArrayList<>();

    @Option(names = "--moderation", defaultValue = "open",
        description = "Moderation preset: open, standard, fort-knox (default: ${DEFAULT-VALUE}).")
    String moderation;

    @Option(names = "--moderation-option", description = "Preset option KEY=VALUE (repeatable), e.g. allow-authors=npub1…")
    Map<String, String> moderationOptions = new LinkedHashMap<>();

    @Option(names = "--max-peers", description = "Most connections the room keeps (default 32).")
    Integer maxPeers;

    @Option(names = "--idle-timeout", description = "Seconds of silence after which a peer is dropped (default 60).")
    Integer idleTimeoutSeconds;

    @Option(names = "--handshake-timeout", description = "Seconds a new connection has to finish the handshake (default 10).")
    Integer handshakeTimeoutSeconds;

    @Option(names = "--sync-interval", description = "Seconds between reconciliations with each peer (default 30).")
    Integer syncIntervalSeconds;

    @Option(names = "--strike-threshold", description = "Strikes after which a peer is dropped and banned (default 10).")
    Integer strikeThreshold;

    @Option(names = "--ban-duration", description = "Seconds a ban lasts (default 3600).")
    Integer banSeconds;

    @Option(names = "--retention-days", description = "Days records are kept (default 90).")
    Integer retentionDays;

    @Option(names = "--author-strike-threshold", description = "Moderation strikes after which an author is banned (default 10).")
    Integer authorStrikeThreshold;

    @Option(names = "--strike-decay", description = "Seconds after which one strike is forgiven (default 60).")
    Integer strikeDecaySeconds;

    @Option(names = "--max-messages-per-second", description = "Per-peer message rate before flood control slows, strikes, bans (default 500).")
    Integer maxMessagesPerSecond;

    @Option(names = "--max-bytes-per-second", description = "Per-peer byte rate before flood control slows, strikes, bans (default 8 MiB).")
    Long maxBytesPerSecond;

    @Option(names = "--no-riblt", description = "Do not offer the rateless-IBLT sync riblt1; every sync uses Negentropy.")
    boolean noRiblt;

    Identity identity() {
        java.io.PrintWriter err = spec.commandLine().getErr();
        if (nsec != null) {
            String value = Secrets.resolve("--nsec", nsec, "--key-file", null, "PEERSET_NSEC", err).orElseThrow();
            try {
                return Identity.fromNsec(value);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--nsec: " + e.getMessage());
            }
        }
        if (keyFile != null) {
            try {
                if (Files.exists(keyFile)) {
                    String text = Secrets.firstLine(Files.readString(keyFile, StandardCharsets.UTF_8));
                    try {
                        return Identity.fromNsec(text);
                    } catch (IllegalArgumentException e) {
                        throw new ParameterException(spec.commandLine(), "--key-file " + keyFile + ": " + e.getMessage());
                    }
                }
                Identity id = Identity.generate();
                Path parent = keyFile.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(keyFile, id.nsec() + "\n", StandardCharsets.UTF_8);
                try {
                    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system
                }
                return id;
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "--key-file " + keyFile + ": " + e.getMessage());
            }
        }
        java.util.Optional<String> fromEnv = Secrets.resolve("--nsec", null, "--key-file", null, "PEERSET_NSEC", err);
        if (fromEnv.isPresent()) {
            try {
                return Identity.fromNsec(Secrets.firstLine(fromEnv.get()));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "PEERSET_NSEC: " + e.getMessage());
            }
        }
        return Identity.generate();
    }

    /** Applies store, signalling and moderation choices to a builder. */
    PeersetConfig.Builder apply(PeersetConfig.Builder b) {
        b.identity(identity());
        int colon = store.indexOf(':');
        if (colon < 0) {
            b.store(store, "");
        } else {
            b.store(store.substring(0, colon), store.substring(colon + 1));
        }
        List<String> chosen = new ArrayList<>(signals);
        if (chosen.isEmpty()) {
            List<String> available = new ArrayList<>();
            for (SignalingProvider p : ServiceLoader.load(SignalingProvider.class)) {
                if (!p.name().equals("memory")) {
                    available.add(p.name());
                }
            }
            if (available.size() == 1) {
                chosen.add(available.get(0));
            } else if (available.isEmpty()) {
                chosen.add("memory");
            } else {
                throw new ParameterException(spec.commandLine(), "several signalling modules are on the classpath "
                    + available + "; choose with --signal NAME (repeatable)");
            }
        }
        Map<String, List<URI>> urls = new LinkedHashMap<>();
        chosen.forEach(s -> urls.put(s, new ArrayList<>()));
        for (String relay : relays) {
            int eq = relay.indexOf('=');
            String target;
            String url;
            if (eq > 0 && !relay.substring(0, eq).contains(":")) {
                target = relay.substring(0, eq);
                url = relay.substring(eq + 1);
            } else if (chosen.size() == 1) {
                target = chosen.get(0);
                url = relay;
            } else {
                throw new ParameterException(spec.commandLine(), "--relay " + relay + ": with several --signal, prefix the strategy, e.g. mqtt=" + relay);
            }
            if (!urls.containsKey(target)) {
                throw new ParameterException(spec.commandLine(), "--relay " + relay + ": strategy '" + target + "' is not among --signal " + chosen);
            }
            try {
                urls.get(target).add(URI.create(url));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--relay " + relay + ": not a URL (" + e.getMessage() + ")");
            }
        }
        urls.forEach(b::signaling);
        try {
            if (maxPeers != null) b.maxPeers(maxPeers);
            if (idleTimeoutSeconds != null) b.idleTimeout(java.time.Duration.ofSeconds(idleTimeoutSeconds));
            if (handshakeTimeoutSeconds != null) b.handshakeTimeout(java.time.Duration.ofSeconds(handshakeTimeoutSeconds));
            if (syncIntervalSeconds != null) b.syncInterval(java.time.Duration.ofSeconds(syncIntervalSeconds));
            if (strikeThreshold != null) b.strikeThreshold(strikeThreshold);
            if (banSeconds != null) b.banDuration(java.time.Duration.ofSeconds(banSeconds));
            if (retentionDays != null) b.retention(java.time.Duration.ofDays(retentionDays));
            if (authorStrikeThreshold != null) b.authorStrikeThreshold(authorStrikeThreshold);
            if (strikeDecaySeconds != null) b.strikeDecay(java.time.Duration.ofSeconds(strikeDecaySeconds));
            if (maxMessagesPerSecond != null) b.maxMessagesPerSecond(maxMessagesPerSecond);
            if (maxBytesPerSecond != null) b.maxBytesPerSecond(maxBytesPerSecond);
            if (noRiblt) b.ribltSync(false);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        try {
            b.moderation(Moderation.preset(moderation, moderationOptions));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--moderation " + moderation + ": " + e.getMessage());
        }
        return b;
    }
}
