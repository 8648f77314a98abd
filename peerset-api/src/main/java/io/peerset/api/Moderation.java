package io.peerset.api;

import io.peerset.api.spi.ModerationFilterProvider;
import io.peerset.api.spi.ModerationPreset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * The moderation chain: filters in order, the first rejection wins. Immutable.
 *
 * <pre>{@code
 * Moderation m = Moderation.preset("standard").then(new MyFilter());
 * }</pre>
 *
 * <p>{@link #open()} verifies signatures only. Named presets ({@code standard},
 * {@code fort-knox}) and named filters come from modules on the classpath
 * (peerset-moderation) through {@link ServiceLoader}.
 */
public final class Moderation {
    private static final Moderation OPEN = new Moderation(List.of(), false);

    private final List<ModerationFilter> filters;
    private final boolean authenticatedPeersOnly;

    private Moderation(List<ModerationFilter> filters, boolean authenticatedPeersOnly) {
        this.filters = List.copyOf(filters);
        this.authenticatedPeersOnly = authenticatedPeersOnly;
    }

    /** {@return the chain without filters: "let it fly", verification only} */
    public static Moderation open() { return OPEN; }

    /**
     * A chain of these filters.
     *
     * @param filters the filters, in the order they run
     * @return the chain
     */
    public static Moderation of(ModerationFilter... filters) {
        return new Moderation(List.of(filters), false);
    }

    /**
     * A chain of these filters.
     *
     * @param filters the filters, in the order they run
     * @return the chain
     */
    public static Moderation of(List<ModerationFilter> filters) {
        return new Moderation(filters, false);
    }

    /**
     * A preset by name with its default options.
     *
     * @param name the preset's name
     * @return the preset's chain
     * @throws IllegalArgumentException listing the presets available if none has that name
     */
    public static Moderation preset(String name) {
        return preset(name, Map.of());
    }

    /**
     * A preset by name ({@code open}, {@code standard}, {@code fort-knox}, or any
     * {@link ModerationPreset} on the classpath).
     *
     * @param name the preset's name
     * @param options the preset's options
     * @return the preset's chain
     * @throws IllegalArgumentException listing the presets available if none has that name
     */
    public static Moderation preset(String name, Map<String, String> options) {
        Objects.requireNonNull(name, "preset name");
        if (name.equals("open")) {
            return OPEN;
        }
        List<String> known = new ArrayList<>(List.of("open"));
        for (ModerationPreset p : ServiceLoader.load(ModerationPreset.class, Moderation.class.getClassLoader())) {
            if (p.name().equals(name)) {
                return p.create(options);
            }
            known.add(p.name());
        }
        throw new IllegalArgumentException("no moderation preset named '" + name + "'; available: " + known
            + " (add peerset-moderation to the classpath for standard and fort-knox)");
    }

    /**
     * A filter by name from a {@link ModerationFilterProvider} on the classpath.
     *
     * @param name the filter's name
     * @param options the filter's options
     * @return a new filter
     * @throws IllegalArgumentException listing the filters available if none has that name
     */
    public static ModerationFilter filter(String name, Map<String, String> options) {
        List<String> known = new ArrayList<>();
        for (ModerationFilterProvider p : ServiceLoader.load(ModerationFilterProvider.class, Moderation.class.getClassLoader())) {
            if (p.name().equals(name)) {
                return p.create(options);
            }
            known.add(p.name());
        }
        throw new IllegalArgumentException("no moderation filter named '" + name + "'; available: " + known);
    }

    /** {@return every {@link ModerationFilter} listed in {@code META-INF/services/io.peerset.api.ModerationFilter}, instantiated} */
    public static List<ModerationFilter> discovered() {
        List<ModerationFilter> out = new ArrayList<>();
        ServiceLoader.load(ModerationFilter.class, Moderation.class.getClassLoader()).forEach(out::add);
        return out;
    }

    /**
     * This chain with one more filter at the end.
     *
     * @param filter the filter to append
     * @return a new chain
     */
    public Moderation then(ModerationFilter filter) {
        List<ModerationFilter> l = new ArrayList<>(filters);
        l.add(Objects.requireNonNull(filter, "filter"));
        return new Moderation(l, authenticatedPeersOnly);
    }

    /**
     * This chain, admitting only peers that proved their key (see the handshake).
     *
     * @param required whether peers must have proved their key
     * @return a new chain with the same filters
     */
    public Moderation authenticatedPeersOnly(boolean required) {
        return new Moderation(filters, required);
    }

    /** {@return whether only peers that proved their key are admitted} */
    public boolean requiresAuthenticatedPeers() { return authenticatedPeersOnly; }

    /** {@return the filters, in the order they run} */
    public List<ModerationFilter> filters() { return filters; }

    /**
     * Runs the chain; the first rejection wins and names its filter.
     *
     * @param record the record to check
     * @param context what is known about where the record came from
     * @return the first rejection, or acceptance if every filter accepts
     */
    public Verdict check(SignedRecord record, ModerationContext context) {
        for (ModerationFilter f : filters) {
            Verdict v = f.check(record, context);
            if (!v.accepted()) {
                return v.filter().isEmpty() ? v.by(f.name()) : v;
            }
        }
        return Verdict.accept();
    }

    @Override public String toString() {
        List<String> names = new ArrayList<>();
        filters.forEach(f -> names.add(f.name()));
        return "Moderation" + names + (authenticatedPeersOnly ? "+authenticatedPeersOnly" : "");
    }
}
