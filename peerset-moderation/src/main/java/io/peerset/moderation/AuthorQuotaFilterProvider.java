package io.peerset.moderation;

import io.peerset.api.ModerationFilter;
import io.peerset.api.spi.ModerationFilterProvider;
import java.util.Map;

/** Makes {@link AuthorQuotaFilter} by name; see its class comment for the options. */
public final class AuthorQuotaFilterProvider implements ModerationFilterProvider {
    @Override public String name() {
        return AuthorQuotaFilter.NAME;
    }

    @Override public ModerationFilter create(Map<String, String> options) {
        return AuthorQuotaFilter.fromOptions(options);
    }
}
