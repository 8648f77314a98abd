package io.peerset.core.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.peerset.api.Hex;
import io.peerset.api.InvalidRecordException;
import io.peerset.api.SignedRecord;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Verifies records, remembering (id, sig) pairs whose BIP-340 signature already
 * checked out in this JVM, so a record relayed by many peers (or reaching many
 * nodes of one process) costs one Schnorr verification. The id is always
 * recomputed from the content, so a cached pair never vouches for other content.
 */
final class SignatureCache {
    private static final Cache<String, Boolean> VERIFIED = Caffeine.newBuilder().maximumSize(200_000).build();

    private SignatureCache() {}

    /**
     * @param useCache {@code PeersetConfig.signatureCache()}: false verifies every signature, so that
     *     nodes sharing a JVM verify as separate processes would (benchmarks)
     * @throws InvalidRecordException if the id or the signature is wrong
     */
    static void verify(SignedRecord r, boolean useCache) {
        if (!useCache) {
            r.verify();
            return;
        }
        String key = r.id() + r.sig();
        if (VERIFIED.getIfPresent(key) != null) {
            String expected = Hex.encode(sha256(r.canonicalBytes()));
            if (!expected.equals(r.id())) {
                throw new InvalidRecordException("id does not match the event's content: expected " + expected + ", got " + r.id());
            }
            return;
        }
        r.verify();
        VERIFIED.put(key, Boolean.TRUE);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
