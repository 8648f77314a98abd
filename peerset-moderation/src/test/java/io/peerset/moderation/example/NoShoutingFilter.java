package io.peerset.moderation.example;

import io.peerset.api.ModerationContext;
import io.peerset.api.ModerationFilter;
import io.peerset.api.SignedRecord;
import io.peerset.api.Verdict;

/**
 * A custom moderation filter, as a user would write one: this class plus the line
 * {@code io.peerset.moderation.example.NoShoutingFilter} in
 * {@code META-INF/services/io.peerset.api.ModerationFilter}.
 */
public final class NoShoutingFilter implements ModerationFilter {
    @Override public Verdict check(SignedRecord record, ModerationContext context) {
        long letters = record.content().codePoints().filter(Character::isLetter).count();
        long upper = record.content().codePoints().filter(Character::isUpperCase).count();
        return letters >= 8 && upper * 10 >= letters * 8
            ? Verdict.reject("please don't shout: write in lower case")
            : Verdict.accept();
    }

    @Override public String name() {
        return "no-shouting";
    }
}
