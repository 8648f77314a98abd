package io.peerset.moderation;

import io.peerset.api.Nip19;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/** Author keys given by people: 64 hex characters (either case) or {@code npub1…}; kept as lowercase hex. */
final class AuthorKeys {
    private AuthorKeys() {}

    static Set<String> parse(Collection<String> keys) {
        Set<String> out = new LinkedHashSet<>();
        for (String k : keys) {
            out.add(parse(k));
        }
        return Set.copyOf(out);
    }

    /** Lowercase hex public key of a hex or npub string. @throws IllegalArgumentException saying what is expected */
    static String parse(String key) {
        String k = key.strip();
        if (k.regionMatches(true, 0, "npub1", 0, 5)) {
            try {
                return Nip19.decodeNpub(k.toLowerCase(Locale.ROOT));
            } catch (UnsupportedOperationException e) {
                throw new IllegalArgumentException("cannot decode npub '" + k + "' in this build; give the author's 64-character hex key instead", e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("author key '" + k + "' is not a valid npub: " + e.getMessage(), e);
            }
        }
        if (k.length() != 64) {
            throw new IllegalArgumentException("author key must be 64 hex characters or an npub1… string; got '"
                + shorten(k) + "' (" + k.length() + " characters)");
        }
        for (int i = 0; i < 64; i++) {
            if (Character.digit(k.charAt(i), 16) < 0) {
                throw new IllegalArgumentException("author key must be 64 hex characters or an npub1… string; found '"
                    + k.charAt(i) + "' at position " + i + " of '" + shorten(k) + "'");
            }
        }
        return k.toLowerCase(Locale.ROOT);
    }

    static String shorten(String k) {
        return k.length() <= 20 ? k : k.substring(0, 16) + "…";
    }

    /** The author for messages: shortened npub and hex, e.g. {@code npub1xk3f9…(36a1c4e0b2d7…)}. */
    static String shortHex(String pubkey) {
        String hex = pubkey.substring(0, 12) + "…";
        try {
            return Nip19.encodeNpub(pubkey).substring(0, 14) + "…(" + hex + ")";
        } catch (RuntimeException e) {
            return hex;
        }
    }
}
