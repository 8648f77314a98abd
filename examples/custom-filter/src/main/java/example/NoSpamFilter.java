package example;

import io.peerset.api.ModerationContext;
import io.peerset.api.ModerationFilter;
import io.peerset.api.SignedRecord;
import io.peerset.api.Verdict;

import java.util.List;
import java.util.Locale;

/**
 * The app's own moderation rule: a record whose content contains one of the words
 * (case-insensitive) is refused, and, if a tag name is required, so is a record without it.
 * Thread-safe (immutable) and non-blocking, as {@link ModerationFilter} asks.
 */
public final class NoSpamFilter implements ModerationFilter {
    public static final String NAME = "no-spam";

    private final List<String> words;
    private final String requiredTag;

    /** @param requiredTag a tag name every record must carry, or empty for none */
    public NoSpamFilter(List<String> words, String requiredTag) {
        this.words = words.stream().map(w -> w.strip().toLowerCase(Locale.ROOT)).filter(w -> !w.isEmpty()).toList();
        if (this.words.isEmpty() && requiredTag.isEmpty()) {
            throw new IllegalArgumentException(NAME + " needs at least one word or a required tag");
        }
        this.requiredTag = requiredTag;
    }

    @Override public String name() {
        return NAME;
    }

    @Override public Verdict check(SignedRecord record, ModerationContext context) {
        String text = record.content().toLowerCase(Locale.ROOT);
        for (String w : words) {
            if (text.contains(w)) {
                return Verdict.reject("the text contains '" + w + "'");
            }
        }
        if (!requiredTag.isEmpty() && record.tag(requiredTag).isEmpty()) {
            return Verdict.reject("a '" + requiredTag + "' tag is required");
        }
        return Verdict.accept();
    }

    @Override public String toString() {
        return NAME + words + (requiredTag.isEmpty() ? "" : "+tag:" + requiredTag);
    }
}
