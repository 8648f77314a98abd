package io.peerset.moderation;

import io.peerset.api.ModerationFilter;
import io.peerset.api.spi.ModerationFilterProvider;
import java.util.Map;

/** Makes {@link SizeLimitsFilter} by name; see its class comment for the options. */
public final class SizeLimitsFilterProvider implements ModerationFilterProvider {
    @Override public String name() {
        return SizeLimitsFilter.NAME;
    }

    @Override public ModerationFilter create(Map<String, String> options) {
        return SizeLimitsFilter.fromOptions(options);
    }
}
