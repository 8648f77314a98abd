package io.peerset.api;

/** {@link Ticker#system()}: one instance, so that it prints and compares as one thing. */
enum SystemTicker implements Ticker {
    INSTANCE;

    @Override
    public long read() {
        return System.nanoTime();
    }

    @Override
    public String toString() {
        return "Ticker.system()";
    }
}
