package io.peerset.moderation;

import io.peerset.api.ModerationFilter;
import io.peerset.api.spi.ModerationFilterProvider;
import java.util.Map;

/** Makes {@link LinkAllowListFilter} by name; see its class comment for the options. */
public final class LinkAllowListFilterProvider implements ModerationFilterProvider {
    @Override public String name() {
        return LinkAllowListFilter.NAME;
    }

    @Override public ModerationFilter create(Map<String, String> options) {
        return LinkAllowListFilter.fromOptions(options);
    }
}
