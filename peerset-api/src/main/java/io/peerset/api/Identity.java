package io.peerset.api;

import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;

/**
 * A user's key pair: an ordinary Nostr key. Signs records and handshake
 * challenges. Holds the secret key; {@link #toString()} never shows it.
 */
public final class Identity {
    private final byte[] secretKey;
    private final String pubkeyHex;

    private Identity(byte[] secretKey) {
        this.secretKey = secretKey.clone();
        this.pubkeyHex = Hex.encode(Crypto.provider().publicKey(this.secretKey));
    }

    /** {@return a fresh random key pair} */
    public static Identity generate() {
        return new Identity(Crypto.provider().generateSecretKey());
    }

    /**
     * Imports an {@code nsec1…} key.
     *
     * @param nsec the NIP-19 secret key
     * @return the identity
     * @throws IllegalArgumentException saying what is wrong with the string (prefix, checksum, length)
     */
    public static Identity fromNsec(String nsec) {
        return new Identity(Nip19.decodeNsec(nsec));
    }

    /**
     * Imports a 32-byte secret key given as 64 hex characters.
     *
     * @param hex the secret key in hex
     * @return the identity
     * @throws IllegalArgumentException if it is not 64 hex characters or not a valid secp256k1 scalar
     */
    public static Identity fromSecretHex(String hex) {
        if (hex == null || hex.length() != 64) {
            throw new IllegalArgumentException("secret key must be 64 hex characters; got " + (hex == null ? "null" : hex.length()));
        }
        return new Identity(Hex.decode(hex));
    }

    /** {@return the x-only public key, lowercase hex} */
    public String publicKeyHex() { return pubkeyHex; }

    /** {@return the public key as {@code npub1…}} */
    public String npub() { return Nip19.encodeNpub(pubkeyHex); }

    /** {@return the secret key as {@code nsec1…}}. Handle with care. */
    public String nsec() { return Nip19.encodeNsec(secretKey); }

    /**
     * BIP-340 signature of a 32-byte message (an event id or a handshake challenge digest).
     *
     * @param message32 the 32-byte message
     * @return the 64-byte signature
     */
    public byte[] sign(byte[] message32) {
        if (message32.length != 32) {
            throw new IllegalArgumentException("BIP-340 signs 32-byte messages; got " + message32.length + " bytes");
        }
        return Crypto.provider().sign(secretKey, message32);
    }

    /**
     * x-only ECDH with another key: the 32-byte x coordinate of this secret key times the
     * peer's point (the even-y point of its x-only key, as BIP-340 lifts it). Both sides of
     * a pair get the same bytes; this is the unhashed shared secret that NIP-44 derives its
     * conversation key from. It is a secret: derive keys from it, never send or log it.
     *
     * @param peerPublicKey the peer's x-only public key: 64 hex characters or {@code npub1…}
     * @return the 32-byte shared secret
     * @throws IllegalArgumentException if the key is malformed or not the x coordinate of a curve point
     */
    public byte[] sharedSecret(String peerPublicKey) {
        return Crypto.provider().ecdh(secretKey, Hex.decode(publicKeyHexOf(peerPublicKey)));
    }

    /**
     * The lowercase hex of an x-only public key given as hex or {@code npub1…}.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    static String publicKeyHexOf(String key) {
        if (key == null) {
            throw new IllegalArgumentException("a public key must be 64 hex characters or npub1…; got null");
        }
        if (key.startsWith("npub1")) {
            return Nip19.decodeNpub(key);
        }
        if (key.length() != 64) {
            throw new IllegalArgumentException("a public key must be 64 hex characters or npub1…; got "
                + key.length() + " characters");
        }
        return Hex.encode(Hex.decode(key));
    }

    /**
     * Signs a draft into a record authored by this identity.
     *
     * @param draft the draft
     * @return the signed record
     */
    public SignedRecord sign(Draft draft) {
        return draft.signWith(this, Clock.systemUTC());
    }

    /**
     * Signs a draft into a record authored by this identity, dating it by {@code clock} when the
     * draft has no creation time of its own (a room signs with its {@link PeersetConfig#clock()}).
     *
     * @param draft the draft
     * @param clock the clock that dates an undated draft, not null
     * @return the signed record
     */
    public SignedRecord sign(Draft draft, Clock clock) {
        return draft.signWith(this, Objects.requireNonNull(clock, "clock"));
    }

    @Override public boolean equals(Object o) {
        return o instanceof Identity && ((Identity) o).pubkeyHex.equals(pubkeyHex)
            && Arrays.equals(((Identity) o).secretKey, secretKey);
    }

    @Override public int hashCode() { return pubkeyHex.hashCode(); }

    @Override public String toString() { return "Identity[" + npub() + "]"; }
}
