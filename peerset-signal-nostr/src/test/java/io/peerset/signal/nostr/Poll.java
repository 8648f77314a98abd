package io.peerset.signal.nostr;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition by polling it up to a deadline; never a fixed sleep. */
final class Poll {
    private Poll() {}

    static void until(Duration deadline, String what, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("timed out after " + deadline.toSeconds() + " s waiting for: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what, e);
            }
        }
    }

    /** Runs {@code action} every {@code every} until the condition holds (e.g. publish until received). */
    static void repeatUntil(Duration deadline, Duration every, String what, Runnable action, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            action.run();
            long next = System.nanoTime() + every.toNanos();
            while (System.nanoTime() - next < 0) {
                if (condition.getAsBoolean()) {
                    return;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for: " + what, e);
                }
            }
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("timed out after " + deadline.toSeconds() + " s waiting for: " + what);
            }
        }
    }
}
