package io.peerset.moderation;

import io.peerset.api.ModerationFilter;
import io.peerset.api.spi.ModerationFilterProvider;
import java.util.Map;

/** Makes {@link BannedWordsFilter} by name; see its class comment for the options. */
public final class BannedWordsFilterProvider implements ModerationFilterProvider {
    @Override public String name() {
        return BannedWordsFilter.NAME;
    }

    @Override public ModerationFilter create(Map<String, String> options) {
        return BannedWordsFilter.fromOptions(options);
    }
}
