package io.peerset.moderation;

import io.peerset.api.ModerationContext;
import io.peerset.api.ModerationFilter;
import io.peerset.api.SignedRecord;
import io.peerset.api.Verdict;
import java.text.Normalizer;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The seeds' "no link in text" policy: links belong in the link field (the {@code r} tag,
 * checked by {@link LinkAllowListFilter}), never in the text.
 *
 * <p>Found as links, after NFKC (fullwidth {@code ｅｘａｍｐｌｅ．ｃｏｍ}), removal of invisible
 * format characters and lower-casing:
 * <ul>
 *   <li>anything with a scheme and {@code ://} ({@code https://}, {@code ftp://}, and the
 *       defanged {@code hxxp://}, {@code h**p://});</li>
 *   <li>{@code www.} at the start of a word, {@code mailto:}, {@code magnet:?};</li>
 *   <li>bare domains whose last label is a common top-level domain ({@code example.com},
 *       {@code bit.ly/x}, {@code t.me}, {@code shop.example.co.uk}), including e-mail
 *       addresses unless {@code allow-emails} is true;</li>
 *   <li>obfuscated dots in brackets: {@code example[.]com}, {@code example(dot)com},
 *       {@code example { . } com}, {@code hxxps[:]//}, and the ideographic full stop
 *       {@code example。com} that browsers accept.</li>
 * </ul>
 * Not found, by choice (each would reject ordinary sentences): "example dot com" spelled with
 * plain spaces ("the dot com bubble"), domains whose top-level domain is also a short English
 * word ({@code .it .is .in .to .at .us .so .no .be .am .as .do .go .my .on .or .an .by .id}:
 * "end.It was" typed without a space), bare IP addresses without a scheme. Add TLDs with the
 * {@code tlds} option if your room needs them.
 *
 * <p>Options: {@code tlds} (comma-separated, replaces the default list), {@code extra-tlds}
 * (added to it), {@code bare-domains} (default true; false finds only schemes, {@code www.},
 * {@code mailto:} and {@code magnet:}), {@code allow-emails} (default false).
 */
public final class NoLinksInTextFilter implements ModerationFilter {
    public static final String NAME = "no-links-in-text";
    static final Set<String> OPTIONS = Set.of("tlds", "extra-tlds", "bare-domains", "allow-emails");

    /** Default top-level domains for bare-domain detection (no short English words; see the class comment). */
    public static final Set<String> DEFAULT_TLDS = Set.of(
        "com", "net", "org", "info", "biz", "io", "co", "me", "ly", "gg", "tv", "xyz", "ai", "app", "dev", "link",
        "site", "online", "top", "click", "shop", "store", "club", "live", "pro", "vip", "win", "bid", "loan", "work",
        "tk", "ml", "ga", "cf", "gq", "pw", "cc", "ws", "su", "ru", "de", "uk", "fr", "cn", "jp", "nl", "br", "au", "ca",
        "eu", "ch", "pl", "es", "se", "fi", "dk", "cz", "ua", "kz", "ir", "vn", "tw", "kr", "hk", "sg", "onion", "tech",
        "space", "website", "fun", "icu", "buzz", "monster", "cam", "best", "blog", "news", "stream", "download",
        "porn", "sex", "xxx", "adult", "casino", "bet", "money", "gov", "edu", "mil", "int", "mobi", "name", "tel");

    private static final int MAX_SHOWN = 60;

    private final Set<String> tlds;
    private final boolean bareDomains;
    private final boolean allowEmails;

    /** Default TLDs, bare domains found, e-mail addresses counted as links. */
    public NoLinksInTextFilter() {
        this(DEFAULT_TLDS, true, false);
    }

    /**
     * @param tlds top-level domains (without dot) that make a dotted word a domain
     * @param bareDomains whether to look for domains without a scheme at all
     * @param allowEmails whether {@code name@example.com} is allowed
     */
    public NoLinksInTextFilter(Collection<String> tlds, boolean bareDomains, boolean allowEmails) {
        Set<String> t = new TreeSet<>();
        for (String s : tlds) {
            String x = s.strip().toLowerCase(Locale.ROOT);
            if (x.startsWith(".")) {
                x = x.substring(1);
            }
            if (x.isEmpty() || !x.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-')) {
                throw new IllegalArgumentException("top-level domain must be letters, digits or '-' like com or co.uk's uk; got '" + s + "'");
            }
            t.add(x);
        }
        if (bareDomains && t.isEmpty()) {
            throw new IllegalArgumentException("no-links-in-text needs at least one top-level domain when bare-domains is on");
        }
        this.tlds = Set.copyOf(t);
        this.bareDomains = bareDomains;
        this.allowEmails = allowEmails;
    }

    /** From {@code Moderation.filter("no-links-in-text", options)}; see the class comment. */
    public static NoLinksInTextFilter fromOptions(Map<String, String> options) {
        Options o = Options.of(Options.filter(NAME), options, OPTIONS);
        Set<String> t = new TreeSet<>(o.has("tlds") ? o.list("tlds") : DEFAULT_TLDS);
        t.addAll(o.list("extra-tlds"));
        return new NoLinksInTextFilter(t, o.bool("bare-domains", true), o.bool("allow-emails", false));
    }

    @Override public String name() {
        return NAME;
    }

    @Override public Verdict check(SignedRecord record, ModerationContext context) {
        if (!BannedWordsFilter.isText(record)) {
            return Verdict.accept();
        }
        String found = findLink(record.content());
        if (found == null) {
            return Verdict.accept();
        }
        return Verdict.reject("links are not allowed in text (found '" + found
            + "'); put the link in the record's link field (r tag) instead");
    }

    /** The first link-like text found, shortened for display, or null. */
    public String findLink(String content) {
        if (content.isEmpty()) {
            return null;
        }
        String t = prepare(content);
        String s = findScheme(t);
        if (s != null) {
            return s;
        }
        return bareDomains ? findDomain(t) : null;
    }

    /** NFKC, invisible characters removed, ideographic dots as dots, bracketed dots and colons undone, lower case. */
    static String prepare(String content) {
        boolean ascii = true;
        boolean brackets = false;
        for (int i = 0, len = content.length(); i < len; i++) {
            char c = content.charAt(i);
            if (c >= 0x80) {
                ascii = false;
                break;
            }
            brackets |= c == '[' || c == '(' || c == '{';
        }
        if (ascii) {
            String lower = content.toLowerCase(Locale.ROOT);
            return brackets ? undoBrackets(lower) : lower;
        }
        String n = Normalizer.normalize(content, Normalizer.Form.NFKC);
        StringBuilder sb = new StringBuilder(n.length());
        for (int i = 0; i < n.length(); ) {
            int cp = n.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (type == Character.FORMAT || type == Character.NON_SPACING_MARK) {
                continue;
            }
            if (cp == 0x3002 || cp == 0xFF61 || cp == 0xFE52) { // 。 ｡ ﹒
                cp = '.';
            }
            sb.appendCodePoint(Character.toLowerCase(cp));
        }
        return undoBrackets(sb);
    }

    /** {@code example [ . ] com}, {@code (dot)}, {@code {:}} → {@code example.com}; spaces around the brackets dropped. */
    private static String undoBrackets(CharSequence s) {
        StringBuilder out = new StringBuilder(s.length());
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            char close = c == '[' ? ']' : c == '(' ? ')' : c == '{' ? '}' : 0;
            if (close != 0) {
                int j = skipSpaces(s, i + 1, 3);
                String inner = null;
                if (j < n && (s.charAt(j) == '.' || s.charAt(j) == ':')) {
                    inner = String.valueOf(s.charAt(j));
                    j++;
                } else if (j + 3 <= n && s.charAt(j) == 'd' && s.charAt(j + 1) == 'o' && s.charAt(j + 2) == 't') {
                    inner = ".";
                    j += 3;
                }
                if (inner != null) {
                    j = skipSpaces(s, j, 3);
                    if (j < n && s.charAt(j) == close) {
                        while (out.length() > 0 && out.charAt(out.length() - 1) == ' ') {
                            out.setLength(out.length() - 1);
                        }
                        out.append(inner);
                        i = skipSpaces(s, j + 1, 3);
                        continue;
                    }
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static int skipSpaces(CharSequence s, int i, int max) {
        int k = 0;
        while (i < s.length() && s.charAt(i) == ' ' && k < max) {
            i++;
            k++;
        }
        return i;
    }

    private static String findScheme(String t) {
        int from = 0;
        int at;
        while ((at = t.indexOf("://", from)) >= 0) {
            int s = at;
            while (s > 0 && isSchemeChar(t.charAt(s - 1))) {
                s--;
            }
            if (s < at) {
                return shown(t, s);
            }
            from = at + 3;
        }
        for (String marker : new String[] {"www.", "mailto:", "magnet:?"}) {
            from = 0;
            while ((at = t.indexOf(marker, from)) >= 0) {
                if (at == 0 || !Character.isLetterOrDigit(t.charAt(at - 1))) {
                    return shown(t, at);
                }
                from = at + marker.length();
            }
        }
        return null;
    }

    private static boolean isSchemeChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.' || c == '*';
    }

    private static boolean isHostChar(int c) {
        return Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_';
    }

    private String findDomain(String t) {
        int n = t.length();
        int i = 0;
        while (i < n) {
            if (!isHostChar(t.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            boolean dot = false;
            while (i < n && isHostChar(t.charAt(i))) {
                dot |= t.charAt(i) == '.';
                i++;
            }
            if (!dot) {
                continue;
            }
            if (allowEmails && start > 0 && t.charAt(start - 1) == '@') {
                continue;
            }
            if (isDomain(t, start, i)) {
                return shown(t, start);
            }
        }
        return null;
    }

    /** A run of host characters whose last label is a known TLD and whose label before it is not empty. */
    private boolean isDomain(String t, int start, int end) {
        while (end > start && (t.charAt(end - 1) == '.' || t.charAt(end - 1) == '-')) {
            end--;
        }
        int dot = t.lastIndexOf('.', end - 1);
        if (dot <= start || dot == end - 1) {
            return false;
        }
        String tld = t.substring(dot + 1, end);
        if (!tlds.contains(tld)) {
            return false;
        }
        char before = t.charAt(dot - 1);
        return Character.isLetterOrDigit(before) || before == '-' || before == '_';
    }

    private static String shown(String t, int start) {
        int end = start;
        while (end < t.length() && !Character.isWhitespace(t.charAt(end)) && end - start < MAX_SHOWN) {
            end++;
        }
        return t.substring(start, end);
    }

    @Override public String toString() {
        return NAME + "[" + tlds.size() + " TLDs" + (bareDomains ? "" : ", schemes only") + (allowEmails ? ", e-mails allowed" : "") + "]";
    }
}
