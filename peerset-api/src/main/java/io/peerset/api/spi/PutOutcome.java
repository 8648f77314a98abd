package io.peerset.api.spi;

/** What a store did with a record handed to {@link RecordStore#put}. */
public enum PutOutcome {
    /** Newly stored. */
    STORED,
    /** Already there: nothing changed. */
    DUPLICATE,
    /** Stored, and an older version of the same addressable/replaceable record was removed. */
    REPLACED,
    /** Not stored: a newer version of the same addressable/replaceable record is already there. */
    SUPERSEDED,
    /** Not stored: ephemeral kinds (20000–29999) are never stored. */
    EPHEMERAL;

    /** {@return true when the store changed and subscribers should hear of the record} */
    public boolean isNew() {
        return this == STORED || this == REPLACED;
    }
}
