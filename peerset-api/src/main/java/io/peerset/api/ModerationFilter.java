package io.peerset.api;

/**
 * One moderation rule. Filters form a chain ({@link Moderation}) that every record
 * passes after its id and signature were verified and before it is stored — local
 * writes included. Write your own: implement this (or
 * {@link io.peerset.api.spi.ModerationFilterProvider} for one configurable by name)
 * and list the class in {@code META-INF/services}.
 *
 * <p>Filters must be thread-safe and fast; they must not block.
 */
@FunctionalInterface
public interface ModerationFilter {
    /**
     * Accept, or reject with a reason.
     *
     * @param record the verified record
     * @param context what is known besides the record
     * @return the verdict
     */
    Verdict check(SignedRecord record, ModerationContext context);

    /** {@return the name shown in rejections and logs (by default the simple class name)} */
    default String name() {
        return getClass().getSimpleName();
    }
}
