package io.peerset.core.trystero;

/** An encrypted signal that cannot be decrypted: malformed, oversized, or under another key. */
public class SdpCryptoException extends Exception {
    public SdpCryptoException(String message) {
        super(message, null, false, false);
    }
}
