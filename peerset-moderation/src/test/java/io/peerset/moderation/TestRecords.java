package io.peerset.moderation;

import io.peerset.api.Hex;
import io.peerset.api.SignedRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds well-formed records for filter tests: the id is the real SHA-256 of the canonical
 * form; the signature is a dummy (filters run after verification and never look at it).
 */
final class TestRecords {
    static final String ALICE = "a11ce".repeat(12) + "aaaa";
    static final String BOB = "b0b".repeat(21) + "b";
    static final String CAROL = "ca401".repeat(12) + "cccc";
    static final String DUMMY_SIG = "5e".repeat(64);
    /** 2025-01-01T00:00:00Z. */
    static final long T0 = 1_735_689_600L;

    private String pubkey = ALICE;
    private long createdAt = T0;
    private int kind = 1;
    private final List<List<String>> tags = new ArrayList<>();
    private String content = "";

    private TestRecords() {}

    static TestRecords record() {
        return new TestRecords();
    }

    /** A kind-1 note by Alice at T0. */
    static SignedRecord text(String content) {
        return record().content(content).build();
    }

    TestRecords author(String pubkey) {
        this.pubkey = pubkey;
        return this;
    }

    TestRecords at(long createdAt) {
        this.createdAt = createdAt;
        return this;
    }

    TestRecords kind(int kind) {
        this.kind = kind;
        return this;
    }

    TestRecords content(String content) {
        this.content = content;
        return this;
    }

    TestRecords tag(String... nameAndValues) {
        tags.add(List.of(nameAndValues));
        return this;
    }

    TestRecords link(String url) {
        return tag("r", url);
    }

    TestRecords mime(String type) {
        return tag("m", type);
    }

    TestRecords d(String d) {
        return tag("d", d);
    }

    SignedRecord build() {
        byte[] canonical = SignedRecord.canonicalBytes(pubkey, createdAt, kind, tags, content);
        String id;
        try {
            id = Hex.encode(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return SignedRecord.of(id, pubkey, createdAt, kind, tags, content, DUMMY_SIG);
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
