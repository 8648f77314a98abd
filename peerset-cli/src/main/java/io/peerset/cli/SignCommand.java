package io.peerset.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.peerset.api.Draft;
import io.peerset.api.Identity;
import io.peerset.api.SignedRecord;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code peerset sign --nsec NSEC}: signs the record described on stdin and prints it as one NIP-01 JSON line. */
@Command(name = "sign", mixinStandardHelpOptions = true,
    description = {"Reads a JSON object on standard input and prints the signed NIP-01 event as one line of JSON.",
        "Input fields: content (string, required), kind (0-65535, default 1, or 30078 with a d tag),",
        "tags (array of non-empty arrays of strings), created_at (seconds; default now, with an ms tag).",
        "Example: echo '{\"content\":\"hello\"}' | peerset sign --key-file me.nsec"})
final class SignCommand implements Callable<Integer> {
    /** Largest accepted input: the signed event itself must fit in {@link SignedRecord#MAX_JSON_BYTES}. */
    static final int MAX_INPUT_BYTES = 4 * SignedRecord.MAX_JSON_BYTES;
    private static final Set<String> FIELDS = Set.of("content", "kind", "tags", "created_at");
    private static final JsonMapper JSON = JsonMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();

    @Spec
    CommandSpec spec;

    @Option(names = "--nsec", paramLabel = "NSEC",
        description = "Secret key (nsec1…) to sign with (visible to other local users: prefer --key-file or PEERSET_NSEC).")
    String nsec;

    @Option(names = "--key-file", paramLabel = "FILE", description = "File holding the nsec1… key to sign with.")
    java.nio.file.Path keyFile;

    private final InputStream stdin;

    SignCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    SignCommand() {
        this(System.in);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        String key;
        try {
            key = Secrets.resolve("--nsec", nsec, "--key-file", keyFile, "PEERSET_NSEC", err).orElse(null);
        } catch (IllegalArgumentException e) {
            err.println("sign: " + e.getMessage());
            err.flush();
            return Main.EXIT_REFUSED;
        }
        if (key == null || key.isBlank()) {
            err.println("sign: missing key: give --key-file FILE or set PEERSET_NSEC (or --nsec NSEC); create a key with: peerset keygen");
            err.flush();
            return Main.EXIT_REFUSED;
        }
        SignedRecord record;
        try {
            Identity identity = Identity.fromNsec(Secrets.firstLine(key));
            Draft draft = draft(Stdin.readUtf8(stdin, MAX_INPUT_BYTES, "the record to sign"));
            record = identity.sign(draft);
        } catch (IllegalArgumentException e) {
            err.println("sign: " + e.getMessage());
            err.flush();
            return Main.EXIT_REFUSED;
        }
        int size = record.jsonSize();
        if (size > SignedRecord.MAX_JSON_BYTES) {
            err.println("sign: the signed event would be " + size + " bytes of JSON; peers refuse events over "
                + SignedRecord.MAX_JSON_BYTES + " bytes");
            err.flush();
            return Main.EXIT_REFUSED;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(record.toJson());
        out.flush();
        return 0;
    }

    /** Parses the input object into a draft. @throws IllegalArgumentException saying what is wrong */
    static Draft draft(String input) {
        JsonNode root;
        try {
            root = JSON.readTree(input);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("input is not valid JSON: " + e.getOriginalMessage()
                + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")" : ""));
        }
        if (root == null || root.isMissingNode()) {
            throw new IllegalArgumentException("input is empty; expected a JSON object such as {\"content\":\"hello\"}");
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("input must be a JSON object such as {\"content\":\"hello\"}; got "
                + root.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + name + "'; sign accepts content, kind, tags and created_at");
            }
        }
        JsonNode content = root.get("content");
        if (content == null) {
            throw new IllegalArgumentException("missing field 'content' (a string)");
        }
        if (!content.isTextual()) {
            throw new IllegalArgumentException("content must be a string; got " + type(content));
        }
        Draft draft = Draft.text(content.textValue());
        JsonNode kind = root.get("kind");
        if (kind != null) {
            draft = draft.kind((int) integer("kind", kind, 65535));
        }
        JsonNode tags = root.get("tags");
        if (tags != null) {
            if (!tags.isArray()) {
                throw new IllegalArgumentException("tags must be an array of arrays of strings; got " + type(tags));
            }
            if (tags.size() > SignedRecord.MAX_TAGS) {
                throw new IllegalArgumentException("an event may carry at most " + SignedRecord.MAX_TAGS + " tags; got " + tags.size());
            }
            for (int i = 0; i < tags.size(); i++) {
                JsonNode tag = tags.get(i);
                if (!tag.isArray() || tag.isEmpty()) {
                    throw new IllegalArgumentException("tag " + i + " must be a non-empty array of strings; got "
                        + (tag.isArray() ? "an empty array" : type(tag)));
                }
                List<String> values = new ArrayList<>();
                for (int j = 0; j < tag.size(); j++) {
                    if (!tag.get(j).isTextual()) {
                        throw new IllegalArgumentException("tag " + i + " element " + j + " must be a string; got " + type(tag.get(j)));
                    }
                    values.add(tag.get(j).textValue());
                }
                draft = draft.tag(values.get(0), values.subList(1, values.size()).toArray(new String[0]));
            }
        }
        JsonNode createdAt = root.get("created_at");
        if (createdAt != null) {
            draft = draft.createdAt(integer("created_at", createdAt, Long.MAX_VALUE / 1000));
        }
        return draft;
    }

    private static long integer(String field, JsonNode node, long max) {
        if (!node.isIntegralNumber()) {
            throw new IllegalArgumentException(field + " must be a non-negative integer; got " + type(node)
                + (node.isNumber() ? " " + node.asText() : ""));
        }
        if (!node.canConvertToLong() || node.longValue() < 0 || node.longValue() > max) {
            throw new IllegalArgumentException(field + " must be between 0 and " + max + "; got " + node.asText());
        }
        return node.longValue();
    }

    private static String type(JsonNode node) {
        if (node.isTextual()) return "a string";
        if (node.isIntegralNumber()) return "an integer";
        if (node.isNumber()) return "a fractional number";
        if (node.isBoolean()) return "a boolean";
        if (node.isNull()) return "null";
        if (node.isArray()) return "an array";
        if (node.isObject()) return "an object";
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

}
