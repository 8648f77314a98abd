package io.peerset.core.link;

/** A send on a link that is closed, or whose buffer stayed full too long. */
public class LinkClosedException extends Exception {
    public LinkClosedException(String message) {
        super(message);
    }
}
