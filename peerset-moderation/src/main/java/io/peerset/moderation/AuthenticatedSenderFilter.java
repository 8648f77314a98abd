package io.peerset.moderation;

import io.peerset.api.ModerationContext;
import io.peerset.api.ModerationFilter;
import io.peerset.api.SignedRecord;
import io.peerset.api.Verdict;
import java.util.Map;
import java.util.Set;

/**
 * Records from peers pass only if the sending peer proved its key in the handshake
 * ({@link ModerationContext#senderNpub()} present); local writes always pass. The record-level
 * twin of {@code Moderation.authenticatedPeersOnly(true)}, which fort-knox sets too: should a
 * record ever reach the chain from an unauthenticated peer, it is refused here. No options.
 */
public final class AuthenticatedSenderFilter implements ModerationFilter {
    public static final String NAME = "authenticated-sender";

    /** From {@code Moderation.filter("authenticated-sender", options)}; takes no options. */
    public static AuthenticatedSenderFilter fromOptions(Map<String, String> options) {
        Options.of(Options.filter(NAME), options, Set.of());
        return new AuthenticatedSenderFilter();
    }

    @Override public String name() {
        return NAME;
    }

    @Override public Verdict check(SignedRecord record, ModerationContext context) {
        if (context.local() || context.senderNpub().isPresent()) {
            return Verdict.accept();
        }
        return Verdict.reject("the sending peer " + context.senderPeerId().orElse("(unknown)")
            + " has not proved its key; this room accepts records only from authenticated peers");
    }

    @Override public String toString() {
        return NAME;
    }
}
