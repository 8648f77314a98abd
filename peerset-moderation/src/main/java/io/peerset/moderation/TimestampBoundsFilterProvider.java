package io.peerset.moderation;

import io.peerset.api.ModerationFilter;
import io.peerset.api.spi.ModerationFilterProvider;
import java.util.Map;

/** Makes {@link TimestampBoundsFilter} by name; see its class comment for the options. */
public final class TimestampBoundsFilterProvider implements ModerationFilterProvider {
    @Override public String name() {
        return TimestampBoundsFilter.NAME;
    }

    @Override public ModerationFilter create(Map<String, String> options) {
        return TimestampBoundsFilter.fromOptions(options);
    }
}
