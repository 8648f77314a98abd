package io.peerset.signal.mqtt;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition up to a deadline; no fixed sleeps. */
final class Await {
    static final Duration DEFAULT = Duration.ofSeconds(30);

    private Await() {
    }

    static void until(String what, BooleanSupplier condition) {
        until(what, DEFAULT, condition, () -> { });
    }

    /** Polls {@code condition}, running {@code between} before each poll (e.g. to re-publish). */
    static void until(String what, Duration timeout, BooleanSupplier condition, Runnable between) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            between.run();
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting until " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what, e);
            }
        }
    }
}
