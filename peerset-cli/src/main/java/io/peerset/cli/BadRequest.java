package io.peerset.cli;

/** Thrown inside the HTTP handlers to answer with a client error. */
final class BadRequest extends RuntimeException {
    final int status;

    BadRequest(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }
}
