package io.peerset.moderation;

import io.peerset.api.ModerationFilter;
import io.peerset.api.spi.ModerationFilterProvider;
import java.util.Map;

/** Makes {@link DuplicatesFilter} by name; see its class comment for the options. */
public final class DuplicatesFilterProvider implements ModerationFilterProvider {
    @Override public String name() {
        return DuplicatesFilter.NAME;
    }

    @Override public ModerationFilter create(Map<String, String> options) {
        return DuplicatesFilter.fromOptions(options);
    }
}
