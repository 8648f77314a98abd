package io.peerset.moderation;

import io.peerset.api.ModerationFilter;
import io.peerset.api.spi.ModerationFilterProvider;
import java.util.Map;

/** Makes {@link NoLinksInTextFilter} by name; see its class comment for the options. */
public final class NoLinksInTextFilterProvider implements ModerationFilterProvider {
    @Override public String name() {
        return NoLinksInTextFilter.NAME;
    }

    @Override public ModerationFilter create(Map<String, String> options) {
        return NoLinksInTextFilter.fromOptions(options);
    }
}
