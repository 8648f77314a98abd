package io.peerset.core.store;

import io.peerset.api.Hex;
import io.peerset.api.SignedRecord;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Builds well-formed records for store tests without any secp256k1 code: the id is
 * the real SHA-256 of the canonical serialisation, the pubkey random, the signature
 * 64 random bytes. Stores never verify signatures, so these are enough; code that
 * does verify needs records signed by an {@code Identity}.
 */
public final class TestRecords {
    private final Random random;

    /** Deterministic for a given seed. */
    public TestRecords(long seed) {
        this.random = new Random(seed);
    }

    /** A fresh random author (64 hex characters). */
    public String newAuthor() {
        return randomHex(32);
    }

    /** A record with exactly these fields and a correct id. */
    public SignedRecord record(String pubkey, long createdAt, int kind, List<List<String>> tags, String content) {
        String id = idOf(pubkey, createdAt, kind, tags, content);
        return SignedRecord.of(id, pubkey, createdAt, kind, tags, content, randomHex(64));
    }

    /** A kind-1 text note. */
    public SignedRecord note(String pubkey, long createdAt, String content) {
        return record(pubkey, createdAt, 1, List.of(), content);
    }

    /** A kind-1 text note with tags. */
    public SignedRecord note(String pubkey, long createdAt, String content, List<List<String>> tags) {
        return record(pubkey, createdAt, 1, tags, content);
    }

    /** An addressable record (kind 30000–39999) with this {@code d} tag. */
    public SignedRecord addressable(String pubkey, int kind, String d, long createdAt, String content) {
        return record(pubkey, createdAt, kind, List.of(List.of("d", d)), content);
    }

    /**
     * Two records of the same author, kind, coordinate and timestamp that differ only in
     * content, returned lowest id first.
     */
    public SignedRecord[] tiedPair(String pubkey, int kind, String d, long createdAt) {
        List<List<String>> tags = d == null ? List.of() : List.of(List.of("d", d));
        SignedRecord a = record(pubkey, createdAt, kind, tags, "first " + randomHex(4));
        SignedRecord b = record(pubkey, createdAt, kind, tags, "second " + randomHex(4));
        return a.id().compareTo(b.id()) < 0 ? new SignedRecord[] {a, b} : new SignedRecord[] {b, a};
    }

    /** Random records over a few authors, kinds, tags and a narrow time range (so timestamps tie). */
    public List<SignedRecord> mixed(int count, List<String> authors, long fromTime, int timeSpan) {
        List<SignedRecord> out = new ArrayList<>(count);
        int[] kinds = {1, 1, 1, 7, 42, 1063};
        String[] topics = {"java", "nostr", "p2p"};
        for (int i = 0; i < count; i++) {
            String author = authors.get(random.nextInt(authors.size()));
            List<List<String>> tags = new ArrayList<>();
            if (random.nextBoolean()) {
                tags.add(List.of("t", topics[random.nextInt(topics.length)]));
            }
            if (random.nextInt(4) == 0) {
                tags.add(List.of("g", "u33d" + random.nextInt(3)));
            }
            out.add(record(author, fromTime + random.nextInt(timeSpan), kinds[random.nextInt(kinds.length)],
                tags, "n" + i + " " + randomHex(4)));
        }
        return out;
    }

    /** The NIP-01 id of these fields. */
    public static String idOf(String pubkey, long createdAt, int kind, List<List<String>> tags, String content) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return Hex.encode(md.digest(SignedRecord.canonicalBytes(pubkey, createdAt, kind, tags, content)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The random generator behind these records, for tests that need more randomness from the same seed. */
    public Random random() {
        return random;
    }

    private String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Hex.encode(b);
    }
}
