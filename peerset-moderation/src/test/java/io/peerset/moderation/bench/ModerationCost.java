package io.peerset.moderation.bench;

import io.peerset.api.Draft;
import io.peerset.api.Hex;
import io.peerset.api.Identity;
import io.peerset.api.Moderation;
import io.peerset.api.ModerationContext;
import io.peerset.api.SignedRecord;
import io.peerset.api.Verdict;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Measurement: moderation cost per record for each preset, single thread, best of
 * three passes; only the filters' {@code check} calls are timed (each on its own, which is
 * how the per-filter split is printed), not the toy store. Beside it, in the same run, the
 * cost of verifying one record ({@link SignedRecord#verify()}: id and BIP-340 signature, with
 * peerset-core's BouncyCastle implementation), single thread, best of three passes.
 * Not a test; run by hand (see docs/BENCHMARKS.md):
 * <pre>
 * ./mvnw -q -o -pl peerset-moderation -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=/tmp/mcp.txt -Dmdep.includeScope=test
 * java -cp peerset-moderation/target/test-classes:peerset-moderation/target/classes:$(cat /tmp/mcp.txt) \
 *      io.peerset.moderation.bench.ModerationCost 100000
 * </pre>
 */
public final class ModerationCost {
    private static final long NOW = 1_735_689_600L;
    private static final String[] WORDS = ("the a of to and in is it you that he was for on are with as his they be at one have this "
        + "from or had by hot word but what some we can out other were all there when up use your how said an each she which do "
        + "their time if will way about many then them write would like so these her long make thing see him two has look more "
        + "day could go come did number sound no most people my over know water than call first who may down side been now find "
        + "garden weather market bicycle river mountain coffee library concert festival neighbour recipe").split(" ");

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int authors = Math.max(1, n / 50);
        List<String> keys = new ArrayList<>();
        Random rnd = new Random(42);
        for (int i = 0; i < authors; i++) {
            byte[] k = new byte[32];
            rnd.nextBytes(k);
            keys.add(Hex.encode(k));
        }
        List<SignedRecord> records = workload(n, keys, rnd);
        List<SignedRecord> warm = workload(Math.min(n, 20_000), keys, new Random(7));
        Map<String, Moderation> presets = new java.util.LinkedHashMap<>();
        presets.put("open", Moderation.preset("open"));
        presets.put("standard", Moderation.preset("standard"));
        presets.put("standard, no quota (max-per-author=1000000)", Moderation.preset("standard", Map.of("max-per-author", "1000000")));
        presets.put("fort-knox (" + authors + " allowed authors)", Moderation.preset("fort-knox", Map.of("allow-authors", String.join(",", keys))));
        System.out.printf("%d records, %d authors, %s, loadavg %s%n", n, authors, Runtime.version(), loadavg());
        double verifyMicros = verifyMicros();
        System.out.printf("%-48s %8.2f µs/record  (SignedRecord.verify: id + BIP-340, one thread)%n", "verification", verifyMicros);
        for (Map.Entry<String, Moderation> e : presets.entrySet()) {
            run(e.getValue(), warm);
            run(e.getValue(), warm);
            Result r = run(e.getValue(), records);
            for (int k = 0; k < 2; k++) {
                Result again = run(e.getValue(), records);
                r = again.nanos < r.nanos ? again : r;
            }
            double micros = r.nanos / 1000.0 / records.size();
            System.out.printf("%-48s %8.2f µs/record  = %4.1f %% of verification  accepted %6d  rejections %s%n",
                e.getKey(), micros, 100 * micros / verifyMicros, r.accepted, r.rejections);
            StringBuilder sb = new StringBuilder("    per filter (µs/record):");
            r.perFilter.forEach((f, t) -> sb.append(String.format(" %s %.2f", f, t / 1000.0 / records.size())));
            System.out.println(sb);
        }
    }

    /** Single-thread cost of {@link SignedRecord#verify()} on 5 000 genuinely signed records, best of three passes. */
    private static double verifyMicros() {
        Identity id = Identity.generate();
        List<SignedRecord> signed = new ArrayList<>();
        Random rnd = new Random(3);
        for (int i = 0; i < 5_000; i++) {
            signed.add(id.sign(Draft.text(sentence(rnd, 12 + rnd.nextInt(30)))));
        }
        long best = Long.MAX_VALUE;
        for (int pass = 0; pass < 4; pass++) { // the first pass warms up
            long t0 = System.nanoTime();
            for (SignedRecord r : signed) {
                r.verify();
            }
            long t = System.nanoTime() - t0;
            if (pass > 0) {
                best = Math.min(best, t);
            }
        }
        return best / 1000.0 / signed.size();
    }

    private static String loadavg() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static List<SignedRecord> workload(int n, List<String> keys, Random rnd) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        List<SignedRecord> out = new ArrayList<>(n);
        String sig = "5e".repeat(64);
        String previous = "";
        String previousAuthor = keys.get(0);
        for (int i = 0; i < n; i++) {
            int p = rnd.nextInt(100);
            // a (near-)duplicate comes from the author of the text it copies
            String author = p >= 85 && p < 95 ? previousAuthor : keys.get(rnd.nextInt(keys.size()));
            long at = NOW - rnd.nextInt(86_400 * 30);
            List<List<String>> tags = new ArrayList<>();
            int kind = 1;
            String content;
            if (p < 70) {
                content = sentence(rnd, 12 + rnd.nextInt(30));
            } else if (p < 80) {
                content = sentence(rnd, 10) + " see https://shop" + rnd.nextInt(1000) + ".example.com/deal";
            } else if (p < 85) {
                content = sentence(rnd, 10) + " what a load of crap " + sentence(rnd, 5);
            } else if (p < 95) {
                content = previous + (rnd.nextBoolean() ? "" : " " + rnd.nextInt(100)); // (near-)duplicate of the last text
            } else {
                content = sentence(rnd, 15);
                tags.add(List.of("r", "https://example.org/item/" + rnd.nextInt(100_000)));
                tags.add(List.of("d", "item-" + rnd.nextInt(5)));
                kind = 30078;
            }
            if (p < 70) {
                previous = content;
                previousAuthor = author;
            }
            byte[] id = sha.digest(SignedRecord.canonicalBytes(author, at, kind, tags, content));
            out.add(SignedRecord.of(Hex.encode(id), author, at, kind, tags, content, sig));
        }
        return out;
    }

    private static String sentence(Random rnd, int words) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(WORDS[rnd.nextInt(WORDS.length)]);
        }
        return sb.append('.').toString();
    }

    private static final class Result {
        long nanos;
        int accepted;
        Map<String, Integer> rejections = new TreeMap<>();
        Map<String, Long> perFilter = new java.util.LinkedHashMap<>();
    }

    private static Result run(Moderation m, List<SignedRecord> records) {
        Store store = new Store();
        Result r = new Result();
        for (SignedRecord rec : records) {
            Verdict v = Verdict.accept();
            for (io.peerset.api.ModerationFilter f : m.filters()) {
                long t0 = System.nanoTime();
                v = f.check(rec, store).by(f.name());
                long dt = System.nanoTime() - t0;
                r.nanos += dt;
                r.perFilter.merge(f.name(), dt, Long::sum);
                if (!v.accepted()) {
                    break;
                }
            }
            if (v.accepted()) {
                r.accepted++;
                store.add(rec);
            } else {
                r.rejections.merge(v.filter(), 1, Integer::sum);
            }
        }
        return r;
    }

    /** The engine's view reduced to what filters ask: counts and the newest records per author. */
    private static final class Store implements ModerationContext {
        private final Map<String, Deque<SignedRecord>> recent = new HashMap<>();
        private final Map<String, Long> counts = new HashMap<>();

        void add(SignedRecord r) {
            Deque<SignedRecord> d = recent.computeIfAbsent(r.pubkey(), k -> new ArrayDeque<>());
            boolean replaced = d.removeIf(o -> o.kind() == r.kind() && r.isAddressable() && o.d().equals(r.d()));
            d.addFirst(r);
            if (d.size() > 1024) {
                d.removeLast();
            }
            if (!replaced) {
                counts.merge(r.pubkey(), 1L, Long::sum);
            }
        }

        @Override public Instant now() { return Instant.ofEpochSecond(NOW); }
        @Override public boolean local() { return false; }
        @Override public java.util.Optional<String> senderPeerId() { return java.util.Optional.of("peer"); }
        @Override public java.util.Optional<String> senderNpub() { return java.util.Optional.of("npub1peer"); }
        @Override public long storedByAuthor(String pubkey) { return counts.getOrDefault(pubkey, 0L); }

        @Override public List<SignedRecord> recentByAuthor(String pubkey, int limit) {
            Deque<SignedRecord> d = recent.get(pubkey);
            if (d == null) {
                return List.of();
            }
            List<SignedRecord> out = new ArrayList<>(Math.min(limit, d.size()));
            for (SignedRecord r : d) {
                if (out.size() == limit) {
                    break;
                }
                out.add(r);
            }
            return out;
        }

        @Override public Duration retention() { return Duration.ofDays(90); }
    }
}
