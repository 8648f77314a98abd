package io.peerset.api;

import java.util.List;

/** NIP-01 JSON: canonical string escaping, and a strict, bounded event parser. */
final class EventJson {
    private EventJson() {}

    /** Appends a JSON string escaped exactly as NIP-01 prescribes for the canonical form. */
    static void appendString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                case '\b': sb.append("\\b"); break;
                case '\f': sb.append("\\f"); break;
                default: sb.append(c);
            }
        }
        sb.append('"');
    }

    static void appendTags(StringBuilder sb, List<List<String>> tags) {
        sb.append('[');
        for (int i = 0; i < tags.size(); i++) {
            if (i > 0) sb.append(',');
            List<String> t = tags.get(i);
            sb.append('[');
            for (int j = 0; j < t.size(); j++) {
                if (j > 0) sb.append(',');
                appendString(sb, t.get(j));
            }
            sb.append(']');
        }
        sb.append(']');
    }

    /** Strict parse of one event object; see {@link Record#fromJson(String)}. */
    static Record parse(String json) {
        throw new UnsupportedOperationException("EventJson.parse: to be written (crypto/records work)");
    }
}
