package io.peerset.moderation;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds text so that look-alike spellings compare equal, for the word and duplicate filters.
 *
 * <p>{@link #fold} applies, in order:
 * <ol>
 *   <li>Unicode NFKD, which turns fullwidth letters ({@code ｂａｄ}), mathematical letters
 *       ({@code 𝐛𝐚𝐝}), circled letters, ligatures and precomposed accents into plain letters
 *       plus combining marks;</li>
 *   <li>removal of combining marks (categories Mn, Me: accents, {@code b̷a̷d̷} strike-throughs,
 *       variation selectors), of format characters (category Cf: zero-width space / joiners,
 *       word joiner, BOM, soft hyphen, bidi controls, tag characters) and of the invisible
 *       Hangul fillers;</li>
 *   <li>mapping of common confusables to Latin: Cyrillic and Greek look-alikes
 *       ({@code а е о р с х у і ј ѕ}, {@code ο α ι κ ν ρ τ υ χ}, upper case too) and a few Latin
 *       letters that do not decompose ({@code ø ł đ ħ ı ɑ ɡ ß æ œ});</li>
 *   <li>case folding with {@link Character#toUpperCase(int)} then {@link Character#toLowerCase(int)}
 *       (locale-independent, so Turkish {@code ı}/{@code İ} and final sigma fold too).</li>
 * </ol>
 * Digits and punctuation are kept: "leet" substitutions ({@code 0→o}, {@code 4→a}, {@code @→a}…)
 * are applied per token by {@link #leetVariants}, and only to tokens that are not plain numbers.
 *
 * <p>Thread-safe: stateless.
 */
final class TextNormalizer {
    private TextNormalizer() {}

    private static final Map<Integer, String> CONFUSABLES = new HashMap<>();

    static {
        // Cyrillic lower case
        map("а", "a"); map("в", "b"); map("е", "e"); map("о", "o"); map("р", "p"); map("с", "c"); map("у", "y");
        map("х", "x"); map("і", "i"); map("ј", "j"); map("ѕ", "s"); map("ԁ", "d"); map("һ", "h");
        map("ӏ", "l"); map("ԛ", "q"); map("ԝ", "w"); map("ү", "y"); map("к", "k"); map("м", "m"); map("н", "h");
        map("т", "t");
        // Cyrillic upper case
        map("А", "a"); map("В", "b"); map("Е", "e"); map("О", "o"); map("Р", "p"); map("С", "c"); map("У", "y");
        map("Х", "x"); map("І", "i"); map("Ј", "j"); map("Ѕ", "s"); map("Ԁ", "d"); map("Һ", "h"); map("Ӏ", "l");
        map("Ԛ", "q"); map("Ԝ", "w"); map("Ү", "y"); map("К", "k"); map("М", "m"); map("Н", "h"); map("Т", "t");
        // Greek upper case
        map("Α", "a"); map("Β", "b"); map("Ε", "e"); map("Ζ", "z"); map("Η", "h"); map("Ι", "i"); map("Κ", "k");
        map("Μ", "m"); map("Ν", "n"); map("Ο", "o"); map("Ρ", "p"); map("Τ", "t"); map("Υ", "y"); map("Χ", "x");
        // Greek lower case
        map("α", "a"); map("ο", "o"); map("ι", "i"); map("κ", "k"); map("ν", "v"); map("ρ", "p"); map("τ", "t");
        map("υ", "u"); map("χ", "x"); map("ε", "e"); map("ϲ", "c"); map("ϳ", "j");
        // Armenian
        map("օ", "o"); map("ս", "u");
        // Latin letters that NFKD leaves alone
        map("ø", "o"); map("Ø", "o"); map("ł", "l"); map("Ł", "l"); map("đ", "d"); map("Đ", "d"); map("ħ", "h");
        map("Ħ", "h"); map("ı", "i"); map("ɑ", "a"); map("ɡ", "g"); map("ȷ", "j"); map("ß", "ss"); map("ẞ", "ss");
        map("æ", "ae"); map("Æ", "ae"); map("œ", "oe"); map("Œ", "oe"); map("ŧ", "t"); map("ƚ", "l"); map("ɩ", "i");
    }

    private static void map(String from, String to) {
        CONFUSABLES.put(from.codePointAt(0), to);
    }

    /** Leet substitutions; '1' and '|' are ambiguous between i and l. */
    private static char leet(char c) {
        switch (c) {
            case '0': return 'o';
            case '1': return 'i';
            case '3': return 'e';
            case '4': return 'a';
            case '5': return 's';
            case '7': return 't';
            case '8': return 'b';
            case '9': return 'g';
            case '@': return 'a';
            case '$': return 's';
            case '!': return 'i';
            case '|': return 'l';
            default: return 0;
        }
    }

    /** Symbols that are part of a word when they stand for a letter ({@code @ss}, {@code $hit}, {@code h!t}). */
    static boolean isLeetSymbol(int c) {
        return c == '@' || c == '$' || c == '!' || c == '|';
    }

    /** Letters, digits and leet symbols make up words; everything else separates them. */
    static boolean isWordChar(int c) {
        return Character.isLetterOrDigit(c) || isLeetSymbol(c);
    }

    /** NFKD, marks and invisible characters removed, confusables mapped, case folded. */
    static String fold(String s) {
        boolean ascii = true;
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            StringBuilder sb = null;
            for (int i = 0, n = s.length(); i < n; i++) {
                char c = s.charAt(i);
                if (c >= 'A' && c <= 'Z') {
                    if (sb == null) {
                        sb = new StringBuilder(s);
                    }
                    sb.setCharAt(i, (char) (c + 32));
                }
            }
            return sb == null ? s : sb.toString();
        }
        String d = Normalizer.normalize(s, Normalizer.Form.NFKD);
        StringBuilder sb = new StringBuilder(d.length());
        for (int i = 0, n = d.length(); i < n; ) {
            int cp = d.codePointAt(i);
            i += Character.charCount(cp);
            if (isInvisible(cp)) {
                continue;
            }
            String mapped = CONFUSABLES.get(cp);
            if (mapped != null) {
                sb.append(mapped);
            } else {
                sb.appendCodePoint(Character.toLowerCase(Character.toUpperCase(cp)));
            }
        }
        return sb.toString();
    }

    private static boolean isInvisible(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK
            || type == Character.ENCLOSING_MARK
            || type == Character.FORMAT
            || cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0; // Hangul fillers
    }

    /** One token: a maximal run of word characters in folded text, with its position. */
    static final class Token {
        final String text;
        final int start;
        final int end;

        Token(String text, int start, int end) {
            this.text = text;
            this.start = start;
            this.end = end;
        }

        @Override public String toString() { return text; }
    }

    /** Maximal runs of {@link #isWordChar word characters} of already folded text. */
    static List<Token> tokens(String folded) {
        List<Token> out = new ArrayList<>();
        int n = folded.length();
        int i = 0;
        while (i < n) {
            int cp = folded.codePointAt(i);
            if (!isWordChar(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            while (i < n) {
                cp = folded.codePointAt(i);
                if (!isWordChar(cp)) {
                    break;
                }
                i += Character.charCount(cp);
            }
            out.add(new Token(folded.substring(start, i), start, i));
        }
        return out;
    }

    /** Folded letters and digits, every run of anything else one space: the comparison form for duplicate detection. */
    static String comparable(String s) {
        String f = fold(s);
        StringBuilder sb = new StringBuilder(f.length());
        boolean gap = false;
        for (int i = 0, n = f.length(); i < n; ) {
            int cp = f.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetterOrDigit(cp)) {
                if (gap && sb.length() > 0) {
                    sb.append(' ');
                }
                gap = false;
                sb.appendCodePoint(cp);
            } else {
                gap = true;
            }
        }
        return sb.toString();
    }

    /** Largest number of ambiguous leet characters ({@code 1}, {@code |}) expanded both ways. */
    private static final int MAX_AMBIGUOUS = 3;

    /**
     * The spellings a folded token may stand for: itself with leet symbols read as letters
     * (when the token is not a plain number), with leading and trailing {@code !} dropped, and with runs of
     * three or more identical letters squeezed to one and to two ({@code baaaad → bad, baad}).
     * At most a few dozen variants, first the most literal reading.
     */
    static Set<String> variants(String token) {
        if (isPlain(token)) {
            return Set.of(token);
        }
        Set<String> out = new LinkedHashSet<>(4);
        addWithSqueeze(out, token);
        String trimmed = trimBangs(token);
        if (!trimmed.isEmpty() && !trimmed.equals(token)) {
            addWithSqueeze(out, trimmed);
        }
        for (String base : trimmed.equals(token) || trimmed.isEmpty() ? List.of(token) : List.of(token, trimmed)) {
            for (String v : leetVariants(base)) {
                addWithSqueeze(out, v);
            }
        }
        return out;
    }

    /** True when a token has no leet character and no run of three: its only reading is itself. */
    static boolean isPlain(String token) {
        for (int i = 0, n = token.length(); i < n; i++) {
            char c = token.charAt(i);
            if (leet(c) != 0 || (i >= 2 && c == token.charAt(i - 1) && c == token.charAt(i - 2))) {
                return false;
            }
        }
        return true;
    }

    /** The single most likely reading: leading and trailing {@code !} dropped, leet read as letters ({@code 1} as i). */
    static String primary(String token) {
        String t = trimBangs(token);
        if (t.isEmpty()) {
            t = token;
        }
        List<String> l = leetVariants(t);
        return l.isEmpty() ? t : l.get(0);
    }

    /** The token without leading and trailing {@code !} (punctuation far more often than an "i"). */
    private static String trimBangs(String token) {
        int start = 0;
        int end = token.length();
        while (end > 0 && token.charAt(end - 1) == '!') {
            end--;
        }
        while (start < end && token.charAt(start) == '!') {
            start++;
        }
        return token.substring(start, end);
    }

    /**
     * Readings of a token with leet characters as letters; empty if it has none or is a plain
     * number ({@code 455} stays a number: "I paid 455" is not an insult).
     */
    static List<String> leetVariants(String token) {
        boolean hasLeet = false;
        boolean hasNonDigit = false;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (leet(c) != 0) {
                hasLeet = true;
            }
            if (c < '0' || c > '9') {
                hasNonDigit = true;
            }
        }
        if (!hasLeet || !hasNonDigit) {
            return List.of();
        }
        List<StringBuilder> acc = new ArrayList<>();
        acc.add(new StringBuilder(token.length()));
        int ambiguous = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            char l = leet(c);
            boolean twoWays = (c == '1' || c == '|') && ambiguous < MAX_AMBIGUOUS;
            if (twoWays) {
                ambiguous++;
                int size = acc.size();
                for (int k = 0; k < size; k++) {
                    StringBuilder copy = new StringBuilder(acc.get(k));
                    acc.get(k).append('i');
                    copy.append('l');
                    acc.add(copy);
                }
            } else {
                char out = l != 0 ? l : c;
                for (StringBuilder sb : acc) {
                    sb.append(out);
                }
            }
        }
        List<String> out = new ArrayList<>(acc.size());
        for (StringBuilder sb : acc) {
            out.add(sb.toString());
        }
        return out;
    }

    private static void addWithSqueeze(Set<String> out, String s) {
        out.add(s);
        if (hasTripleRun(s)) {
            out.add(squeeze(s, 1));
            out.add(squeeze(s, 2));
        }
    }

    private static boolean hasTripleRun(String s) {
        for (int i = 2; i < s.length(); i++) {
            if (s.charAt(i) == s.charAt(i - 1) && s.charAt(i) == s.charAt(i - 2)) {
                return true;
            }
        }
        return false;
    }

    /** Runs of three or more identical characters shortened to {@code keep}; shorter runs untouched. */
    static String squeeze(String s, int keep) {
        StringBuilder sb = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int j = i;
            while (j < s.length() && s.charAt(j) == c) {
                j++;
            }
            int run = j - i;
            int emit = run >= 3 ? keep : run;
            for (int k = 0; k < emit; k++) {
                sb.append(c);
            }
            i = j;
        }
        return sb.toString();
    }
}
