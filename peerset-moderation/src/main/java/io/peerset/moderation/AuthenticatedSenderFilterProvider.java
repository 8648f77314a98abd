package io.peerset.moderation;

import io.peerset.api.ModerationFilter;
import io.peerset.api.spi.ModerationFilterProvider;
import java.util.Map;

/** Makes {@link AuthenticatedSenderFilter} by name; see its class comment for the options. */
public final class AuthenticatedSenderFilterProvider implements ModerationFilterProvider {
    @Override public String name() {
        return AuthenticatedSenderFilter.NAME;
    }

    @Override public ModerationFilter create(Map<String, String> options) {
        return AuthenticatedSenderFilter.fromOptions(options);
    }
}
