package io.peerset.api;

import java.util.List;

/**
 * The record's payload is encrypted and the identity reading it is not one of its
 * recipients (or holds no key that opens it). Thrown by
 * {@link Payloads#decode(SignedRecord, Identity)}; the record itself is valid.
 */
public final class NotARecipientException extends RuntimeException {
    private final String reader;
    private final List<String> recipients;

    /**
     * @param reader the reader's public key (hex)
     * @param recipients the record's recipients (hex)
     * @param message what happened and what to do
     */
    public NotARecipientException(String reader, List<String> recipients, String message) {
        super(message);
        this.reader = reader;
        this.recipients = List.copyOf(recipients);
    }

    /** The public key (hex) of the identity that tried to read the record. */
    public String reader() { return reader; }

    /** The public keys (hex) the record is encrypted to. */
    public List<String> recipients() { return recipients; }
}
