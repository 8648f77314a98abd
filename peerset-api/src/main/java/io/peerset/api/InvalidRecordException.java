package io.peerset.api;

/**
 * A record is malformed, not authentic, or refused by moderation. The message says
 * which field or rule and what was found.
 */
public class InvalidRecordException extends IllegalArgumentException {
    /**
     * Creates the exception.
     *
     * @param message what is wrong, and what was expected
     */
    public InvalidRecordException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what is wrong
     * @param cause the underlying failure
     */
    public InvalidRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
