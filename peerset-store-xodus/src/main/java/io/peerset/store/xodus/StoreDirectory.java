package io.peerset.store.xodus;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import jetbrains.exodus.ExodusException;
import jetbrains.exodus.env.Environment;
import jetbrains.exodus.env.EnvironmentConfig;
import jetbrains.exodus.env.Environments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory a store lives in: refusing foreign contents, opening the Xodus
 * environment (Xodus' lock file keeps a second opener out), the open marker a crash
 * leaves behind, and the damage forensics around Xodus' recovery at open.
 *
 * <p>Xodus drops whatever it cannot read at the end of its log when it opens (that is
 * how it recovers from a crash mid-commit). After a clean close there is nothing to
 * drop, so a shrinking log means damage: the last log file is kept in memory to put it
 * back, and the open is refused.
 */
final class StoreDirectory {
    private static final Logger log = LoggerFactory.getLogger(StoreDirectory.class);

    /** Present while the store is open; left behind by a crash. */
    static final String OPEN_MARKER = "peerset-open";
    private static final String LOCK_FILE = "xd.lck";

    private final Path abs;
    private final Path marker;

    private StoreDirectory(Path abs) {
        this.abs = abs;
        this.marker = abs.resolve(OPEN_MARKER);
    }

    /**
     * The store directory {@code dir}, created if missing.
     *
     * @throws IllegalArgumentException if {@code dir} is a file
     * @throws IllegalStateException if it cannot be created, or holds someone else's files
     */
    static StoreDirectory prepare(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new IllegalArgumentException("xodus store location " + abs + " is a file; give a directory (new or empty, or an existing peerset store)");
        }
        try {
            Files.createDirectories(abs);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the xodus store directory " + abs + ": " + e, e);
        }
        StoreDirectory d = new StoreDirectory(abs);
        d.refuseForeignFiles();
        return d;
    }

    Path path() {
        return abs;
    }

    /**
     * Opens the Xodus environment, refusing (and leaving as it was, where it can) a log
     * that Xodus had to cut short although the store was closed cleanly.
     */
    Environment openEnvironment(XodusStoreOptions options) {
        TreeMap<String, Long> before = logFiles();
        boolean closedCleanly = !Files.exists(marker);
        String lastName = before.isEmpty() ? null : before.lastKey();
        byte[] lastBackup = lastName != null && closedCleanly ? readLog(lastName) : null;
        Environment env = newEnvironment(options);
        try {
            List<String> shrunk = shrunkFiles(before, logFiles());
            if (!shrunk.isEmpty()) {
                if (closedCleanly) {
                    env.close();
                    boolean restored = restore(lastName, lastBackup, shrunk);
                    throw new IllegalStateException("xodus store directory " + abs + " was closed cleanly but its log "
                        + shrunk + " holds unreadable data: it is damaged. "
                        + (restored ? "Its files were left as they were" : "Xodus cut the damaged file short; copy the directory away before retrying")
                        + ": restore it from a backup, or move it away to start afresh");
                }
                log.warn("xodus store {} was not closed cleanly; Xodus discarded the unfinished commit at the end of {}", abs, shrunk);
            }
            return env;
        } catch (RuntimeException e) {
            throw closeAfterFailure(env, e);
        }
    }

    private Environment newEnvironment(XodusStoreOptions options) {
        EnvironmentConfig cfg = new EnvironmentConfig()
            .setLogDurableWrite(options.durable)
            .setMemoryUsage(options.xodusMemory)
            .setLogCacheShared(false)
            .setLogLockTimeout(0)
            .setLogClearInvalid(false)
            .setManagementEnabled(false)
            .setEnvCloseForcedly(true);
        try {
            return Environments.newInstance(abs.toFile(), cfg);
        } catch (ExodusException e) {
            throw openFailure(e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("xodus store directory " + abs + " could not be opened (" + e
                + "); it may be damaged: move it away or restore it from a backup", e);
        }
    }

    /**
     * Closes {@code env} after opening the store failed with {@code e}, and returns the
     * exception to throw: {@code e} itself if it already explains itself.
     */
    RuntimeException closeAfterFailure(Environment env, RuntimeException e) {
        try {
            if (env.isOpen()) {
                env.close();
            }
        } catch (RuntimeException suppressed) {
            e.addSuppressed(suppressed);
        }
        if (e instanceof IllegalStateException) {
            return e;
        }
        return new IllegalStateException("xodus store directory " + abs + " could not be read (" + e
            + "); it may be damaged: move it away or restore it from a backup", e);
    }

    /** Marks the store open (durably), so the next open knows whether this one ended cleanly. */
    void writeMarker() {
        try (FileChannel ch = FileChannel.open(marker, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.force(true);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + marker + ": " + e, e);
        }
    }

    void removeMarker() {
        try {
            Files.deleteIfExists(marker);
        } catch (IOException e) {
            log.warn("could not remove {} from {}: {}", OPEN_MARKER, abs, e.toString());
        }
    }

    private byte[] readLog(String name) {
        try {
            return Files.readAllBytes(abs.resolve(name));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the xodus log " + abs.resolve(name) + ": " + e, e);
        }
    }

    /** Log files (*.xd) and their sizes, by name. */
    private TreeMap<String, Long> logFiles() {
        TreeMap<String, Long> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(abs)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                if (name.endsWith(".xd")) {
                    out.put(name, Files.size(p));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the xodus store directory " + abs + ": " + e, e);
        }
        return out;
    }

    private static List<String> shrunkFiles(TreeMap<String, Long> before, TreeMap<String, Long> after) {
        List<String> out = new ArrayList<>();
        before.forEach((name, size) -> {
            Long now = after.get(name);
            if (now == null || now < size) {
                out.add(name);
            }
        });
        return out;
    }

    private boolean restore(String lastName, byte[] backup, List<String> shrunk) {
        if (backup == null || shrunk.size() != 1 || !shrunk.get(0).equals(lastName)) {
            return false;
        }
        try {
            Files.write(abs.resolve(lastName), backup);
            return true;
        } catch (IOException e) {
            log.error("could not put back the damaged log file {} of {}", lastName, abs, e);
            return false;
        }
    }

    private IllegalStateException openFailure(ExodusException e) {
        String msg = String.valueOf(e.getMessage());
        if (msg.toLowerCase().contains("lock")) {
            return new IllegalStateException("xodus store directory " + abs + " is in use by another process (its lock file "
                + abs.resolve(LOCK_FILE) + " is held): stop the other node or choose another directory", e);
        }
        return new IllegalStateException("xodus store directory " + abs + " is not a readable Xodus environment (" + msg
            + "); it may be damaged. It was left untouched: move it away or restore it from a backup", e);
    }

    /** A non-empty directory with no Xodus log file is someone else's: never write into it. */
    private void refuseForeignFiles() {
        List<String> names;
        try (Stream<Path> s = Files.list(abs)) {
            names = s.map(p -> p.getFileName().toString())
                .filter(n -> !n.equals(LOCK_FILE) && !n.equals(OPEN_MARKER)).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the xodus store directory " + abs + ": " + e, e);
        }
        if (!names.isEmpty() && names.stream().noneMatch(n -> n.endsWith(".xd"))) {
            throw new IllegalStateException("directory " + abs + " is not a peerset xodus store: it holds "
                + names.subList(0, Math.min(5, names.size())) + (names.size() > 5 ? " and more" : "")
                + " but no Xodus log (*.xd). Refusing to write into it: choose a new or empty directory");
        }
    }
}
