package io.peerset.moderation;

import io.peerset.api.ModerationFilter;
import io.peerset.api.spi.ModerationFilterProvider;
import java.util.Map;

/** Makes {@link AuthorAllowListFilter} by name; see its class comment for the options. */
public final class AuthorAllowListFilterProvider implements ModerationFilterProvider {
    @Override public String name() {
        return AuthorAllowListFilter.NAME;
    }

    @Override public ModerationFilter create(Map<String, String> options) {
        return AuthorAllowListFilter.fromOptions(options);
    }
}
