package io.peerset.core.sync;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The deterministic items shared with the vector generator
 * (src/test/js/negentropy/generate.mjs): item i has id SHA-256("peerset-neg-" + i) and
 * created_at 1700000000 + i / 3, so groups of three share a timestamp and bounds
 * between them need id prefixes.
 */
final class TestItems {
    static final long BASE_TIME = 1_700_000_000L;

    private TestItems() {}

    static long createdAt(int i) {
        return BASE_TIME + i / 3;
    }

    static byte[] id(int i) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(("peerset-neg-" + i).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static SortedArraySyncView.Item item(int i) {
        return new SortedArraySyncView.Item(createdAt(i), id(i));
    }

    /** Items i in [0, n) for which the predicate holds. */
    static List<SortedArraySyncView.Item> items(int n, IntPredicate keep) {
        List<SortedArraySyncView.Item> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (keep.test(i)) {
                out.add(item(i));
            }
        }
        return out;
    }
}
