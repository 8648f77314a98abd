package io.peerset.moderation;

import io.peerset.api.ModerationFilter;
import io.peerset.api.spi.ModerationFilterProvider;
import java.util.Map;

/** Makes {@link AuthorBlockListFilter} by name; see its class comment for the options. */
public final class AuthorBlockListFilterProvider implements ModerationFilterProvider {
    @Override public String name() {
        return AuthorBlockListFilter.NAME;
    }

    @Override public ModerationFilter create(Map<String, String> options) {
        return AuthorBlockListFilter.fromOptions(options);
    }
}
