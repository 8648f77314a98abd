package example;

import io.peerset.api.ModerationFilter;
import io.peerset.api.spi.ModerationFilterProvider;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes {@link NoSpamFilter} by name for {@code Moderation.filter("no-spam", options)};
 * listed in {@code META-INF/services/io.peerset.api.spi.ModerationFilterProvider}.
 *
 * <p>Options: {@code words} (comma-separated, default {@code spam}), {@code require-tag}
 * (a tag name every record must carry, default none).
 */
public final class NoSpamFilterProvider implements ModerationFilterProvider {
    private static final Set<String> OPTIONS = Set.of("words", "require-tag");

    @Override public String name() {
        return NoSpamFilter.NAME;
    }

    @Override public ModerationFilter create(Map<String, String> options) {
        for (String k : options.keySet()) {
            if (!OPTIONS.contains(k)) {
                throw new IllegalArgumentException("unknown option '" + k + "' for " + NoSpamFilter.NAME + "; known: " + OPTIONS);
            }
        }
        List<String> words = Arrays.asList(options.getOrDefault("words", "spam").split(","));
        return new NoSpamFilter(words, options.getOrDefault("require-tag", "").strip());
    }
}
