package io.peerset.moderation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * String options of one filter or preset, validated: unknown keys are refused up front,
 * and every typed getter names the option, what it expected and what it got.
 */
final class Options {
    /** Largest list file read for an option (words, patterns, authors), in bytes. */
    static final long MAX_LIST_FILE_BYTES = 4L * 1024 * 1024;

    private final String owner;
    private final Map<String, String> values;

    private Options(String owner, Map<String, String> values) {
        this.owner = owner;
        this.values = values;
    }

    /**
     * Checks that every key is one of {@code valid} (or starts with one of {@code validPrefixes})
     * and that no value is null.
     *
     * @param owner what the options configure, e.g. {@code "moderation filter 'banned-words'"}
     */
    static Options of(String owner, Map<String, String> options, Set<String> valid, String... validPrefixes) {
        Map<String, String> v = options == null ? Map.of() : options;
        for (Map.Entry<String, String> e : v.entrySet()) {
            String key = e.getKey();
            if (key == null) {
                throw new IllegalArgumentException("null option key for " + owner);
            }
            boolean ok = valid.contains(key);
            for (String p : validPrefixes) {
                ok |= key.startsWith(p) && key.length() > p.length();
            }
            if (!ok) {
                List<String> known = new ArrayList<>(new TreeSet<>(valid));
                for (String p : validPrefixes) {
                    known.add(p + "<…>");
                }
                throw new IllegalArgumentException("unknown option '" + key + "' for " + owner + "; valid options: " + known);
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("option '" + key + "' for " + owner + " has no value");
            }
        }
        return new Options(owner, Map.copyOf(v));
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    String string(String key, String defaultValue) {
        return values.getOrDefault(key, defaultValue);
    }

    Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new java.util.TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    long longValue(String key, long defaultValue, long min, long max) {
        String s = values.get(key);
        if (s == null) {
            return defaultValue;
        }
        return parseLong(key, s, min, max);
    }

    long parseLong(String key, String s, long min, long max) {
        long n;
        try {
            n = Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw bad(key, "a whole number between " + min + " and " + max, s);
        }
        if (n < min || n > max) {
            throw bad(key, "a whole number between " + min + " and " + max, s);
        }
        return n;
    }

    int intValue(String key, int defaultValue, int min, int max) {
        return (int) longValue(key, defaultValue, min, max);
    }

    double doubleValue(String key, double defaultValue, double minExclusive, double maxInclusive) {
        String s = values.get(key);
        if (s == null) {
            return defaultValue;
        }
        String expected = "a number greater than " + minExclusive + " and at most " + maxInclusive;
        double d;
        try {
            d = Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw bad(key, expected, s);
        }
        if (!(d > minExclusive && d <= maxInclusive)) {
            throw bad(key, expected, s);
        }
        return d;
    }

    boolean bool(String key, boolean defaultValue) {
        String s = values.get(key);
        if (s == null) {
            return defaultValue;
        }
        switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "true": case "yes": case "on": return true;
            case "false": case "no": case "off": return false;
            default: throw bad(key, "true or false", s);
        }
    }

    /** A positive duration: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 90d}, or ISO-8601 {@code PT10M}. */
    Duration duration(String key, Duration defaultValue) {
        String s = values.get(key);
        if (s == null) {
            return defaultValue;
        }
        Duration d = parseDuration(s.trim());
        if (d == null || d.isNegative() || d.isZero()) {
            throw bad(key, "a positive duration like 30s, 10m, 2h, 90d or ISO-8601 PT10M", s);
        }
        return d;
    }

    private static Duration parseDuration(String s) {
        try {
            if (s.startsWith("P") || s.startsWith("p")) {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            }
            String unit;
            String num;
            if (s.endsWith("ms")) {
                unit = "ms";
                num = s.substring(0, s.length() - 2);
            } else if (!s.isEmpty()) {
                unit = s.substring(s.length() - 1);
                num = s.substring(0, s.length() - 1);
            } else {
                return null;
            }
            long n = Long.parseLong(num.trim());
            switch (unit) {
                case "ms": return Duration.ofMillis(n);
                case "s": return Duration.ofSeconds(n);
                case "m": return Duration.ofMinutes(n);
                case "h": return Duration.ofHours(n);
                case "d": return Duration.ofDays(n);
                default: return null;
            }
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }

    /** Items of a comma- or whitespace-separated list, trimmed, empty ones dropped. */
    List<String> list(String key) {
        String s = values.get(key);
        return s == null ? List.of() : splitList(s, "[,\\s]+");
    }

    /** Items of a whitespace-separated list (for regular expressions, which may contain commas). */
    List<String> spaceList(String key) {
        String s = values.get(key);
        return s == null ? List.of() : splitList(s, "\\s+");
    }

    private static List<String> splitList(String s, String separator) {
        List<String> out = new ArrayList<>();
        for (String item : s.trim().split(separator)) {
            if (!item.isEmpty()) {
                out.add(item);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Non-empty, non-comment ({@code #}) lines of the file named by this option, trimmed;
     * empty if the option is absent.
     */
    List<String> fileLines(String key) {
        String s = values.get(key);
        if (s == null) {
            return List.of();
        }
        Path p;
        try {
            p = Path.of(s.trim());
        } catch (InvalidPathException e) {
            throw bad(key, "a file path", s);
        }
        try {
            long size = Files.size(p);
            if (size > MAX_LIST_FILE_BYTES) {
                throw new IllegalArgumentException("option '" + key + "' for " + owner + ": file " + p + " is " + size
                    + " bytes; at most " + MAX_LIST_FILE_BYTES + " bytes are read");
            }
            return lines(Files.readString(p, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("option '" + key + "' for " + owner + ": cannot read file " + p
                + " (" + e + "); give a readable UTF-8 text file, one entry per line", e);
        }
    }

    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                out.add(t);
            }
        }
        return out;
    }

    IllegalArgumentException bad(String key, String expected, String got) {
        return new IllegalArgumentException("option '" + key + "' for " + owner + " must be " + expected + "; got '" + got + "'");
    }

    /** The owner string for a named filter. */
    static String filter(String name) {
        return "moderation filter '" + name + "'";
    }

    /** The owner string for a named preset. */
    static String preset(String name) {
        return "moderation preset '" + name + "'";
    }
}
