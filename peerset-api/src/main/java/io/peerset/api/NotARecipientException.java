package io.peerset.api;

import java.util.List;

/**
 * The record's payload is encrypted and the identity reading it is not one of its
 * recipients (or holds no key that opens it). Thrown by
 * {@link Payloads#decode(SignedRecord, Identity)}; the record itself is valid.
 */
public final class NotARecipientException extends RuntimeException {
    /** The reader's public key (hex). */
    private final String reader;
    /** The record's recipients (hex). */
    private final List<String> recipients;

    /**
     * Creates the exception.
     *
     * @param reader the reader's public key (hex)
     * @param recipients the record's recipients (hex)
     * @param message what happened and what to do
     */
    public NotARecipientException(String reader, List<String> recipients, String message) {
        super(message);
        this.reader = reader;
        this.recipients = List.copyOf(recipients);
    }

    /** {@return the public key (hex) of the identity that tried to read the record} */
    public String reader() { return reader; }

    /** {@return the public keys (hex) the record is encrypted to} */
    public List<String> recipients() { return recipients; }
}
