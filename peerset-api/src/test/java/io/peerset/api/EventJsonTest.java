package io.peerset.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict parser on its own: shape only, no signature checks (those need a provider, see peerset-core). */
class EventJsonTest {
    private static final String ID = "a".repeat(64);
    private static final String PUBKEY = "b".repeat(64);
    private static final String SIG = "c".repeat(128);

    /** Raw JSON values of a well-formed event, in NIP-01 order; tests replace or drop entries. */
    private static Map<String, String> fields() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("id", "\"" + ID + "\"");
        m.put("pubkey", "\"" + PUBKEY + "\"");
        m.put("created_at", "1700000000");
        m.put("kind", "1");
        m.put("tags", "[[\"e\",\"x\"],[\"p\",\"\",\"y\"]]");
        m.put("content", "\"hello\"");
        m.put("sig", "\"" + SIG + "\"");
        return m;
    }

    private static String json(Map<String, String> m) {
        StringBuilder sb = new StringBuilder("{");
        m.forEach((k, v) -> {
            if (sb.length() > 1) sb.append(',');
            sb.append('"').append(k).append("\":").append(v);
        });
        return sb.append('}').toString();
    }

    private static String with(String field, String rawValue) {
        Map<String, String> m = fields();
        m.put(field, rawValue);
        return json(m);
    }

    private static String without(String field) {
        Map<String, String> m = fields();
        m.remove(field);
        return json(m);
    }

    @Test
    void parsesAWellFormedEvent() {
        SignedRecord r = SignedRecord.fromJson(json(fields()));
        assertThat(r.id()).isEqualTo(ID);
        assertThat(r.pubkey()).isEqualTo(PUBKEY);
        assertThat(r.createdAt()).isEqualTo(1700000000L);
        assertThat(r.kind()).isEqualTo(1);
        assertThat(r.tags()).containsExactly(List.of("e", "x"), List.of("p", "", "y"));
        assertThat(r.content()).isEqualTo("hello");
        assertThat(r.sig()).isEqualTo(SIG);
    }

    @Test
    void fieldsMayComeInAnyOrderWithJsonWhitespaceAround() {
        String pretty = "\r\n {\n\t\"sig\" : \"" + SIG + "\",\n  \"content\":\"hello\" ,\"tags\" : [ [ \"e\" , \"x\" ] ] ,"
            + " \"kind\" : 1 , \"created_at\" :1700000000, \"pubkey\":\"" + PUBKEY + "\", \"id\":\"" + ID + "\"\n} \n";
        SignedRecord r = SignedRecord.fromJson(pretty);
        assertThat(r.tags()).containsExactly(List.of("e", "x"));
        assertThat(r.content()).isEqualTo("hello");
    }

    @Test
    void unknownTopLevelFieldsAreIgnored() {
        Map<String, String> m = fields();
        m.put("seenOn", "[\"wss://relay\",{\"a\":[1,2.5e-3,-0,true,false,null,{}],\"b\":\"\\u00e9\"}]");
        m.put("extra", "null");
        assertThat(SignedRecord.fromJson(json(m)).content()).isEqualTo("hello");
    }

    @Test
    void everyJsonEscapeIsResolvedIncludingSurrogatePairs() {
        SignedRecord r = SignedRecord.fromJson(with("content",
            "\"q\\\" bs\\\\ sl\\/ b\\b f\\f n\\n r\\r t\\t u\\u0041\\u00e9\\u20AC pair\\ud83d\\ude00 lone\\ud800 nul\\u0000\""));
        assertThat(r.content()).isEqualTo("q\" bs\\ sl/ b\b f\f n\n r\r t\t uAé€ pair\uD83D\uDE00 lone\uD800 nul\u0000");
    }

    @Test
    void escapedFieldNamesAreUnescapedBeforeMatching() {
        Map<String, String> m = fields();
        String id = m.remove("id");
        String json = json(m).replace("{", "{\"\\u0069d\":" + id + ",");
        assertThat(SignedRecord.fromJson(json).id()).isEqualTo(ID);
    }

    @Test
    void toJsonThenFromJsonRoundTripsAwkwardStrings() {
        String content = "ünï 日本 🎉 \"q\" \\ / \n\r\t\b\f \u0000\u0001\u001f\u007f \u2028\u2029 lone\uD800 low\uDC00 end";
        SignedRecord r = SignedRecord.of(ID, PUBKEY, 42, 30078,
            List.of(List.of("d", ""), List.of("t", content), List.of("")), content, SIG);
        String json = r.toJson();
        assertThat(json).doesNotContainPattern("[\\x00-\\x1f]"); // always valid JSON: control characters escaped
        SignedRecord back = SignedRecord.fromJson(json);
        assertThat(back.content()).isEqualTo(content);
        assertThat(back.tags()).isEqualTo(r.tags());
        assertThat(back.toJson()).isEqualTo(json);
        assertThat(back.canonicalBytes()).isEqualTo(r.canonicalBytes());
    }

    @Test
    void canonicalFormEscapesLikeNip01AndJsonStringify() {
        SignedRecord r = SignedRecord.of(ID, PUBKEY, 7, 1, List.of(), "\n\"\\\r\t\b\f\u0001\u001f\u007f/é\uD800", SIG);
        String canonical = new String(r.canonicalBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(canonical).isEqualTo("[0,\"" + PUBKEY + "\",7,1,[],\"\\n\\\"\\\\\\r\\t\\b\\f\\u0001\\u001f\u007f/é\\ud800\"]");
    }

    @Test
    void inputOverTheSizeLimitIsRejectedBeforeParsing() {
        String big = with("content", "\"" + "x".repeat(SignedRecord.MAX_JSON_BYTES) + "\"");
        assertThatThrownBy(() -> SignedRecord.fromJson(big))
            .isInstanceOf(InvalidRecordException.class)
            .hasMessageContaining("at most " + SignedRecord.MAX_JSON_BYTES + " bytes");
        // counted in UTF-8 bytes, not chars: 30 000 three-byte characters are 90 000 bytes
        String wide = with("content", "\"" + "€".repeat(30_000) + "\"");
        assertThatThrownBy(() -> SignedRecord.fromJson(wide)).hasMessageContaining("bytes of UTF-8; got 90");
        assertThatThrownBy(() -> SignedRecord.fromJson("x".repeat(1_000_000))).hasMessageContaining("got more");
    }

    @Test
    void nullOrEmptyInputIsRejected() {
        assertThatThrownBy(() -> SignedRecord.fromJson(null)).isInstanceOf(InvalidRecordException.class).hasMessageContaining("null");
        assertThatThrownBy(() -> SignedRecord.fromJson("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> SignedRecord.fromJson(" \n\t")).hasMessageContaining("empty");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[]|an array",
        "\"event\"|a string",
        "42|the number 42",
        "null|null",
        "true|a boolean",
        "hello|'''hello'''",
    })
    void anythingButAnObjectIsRejected(String input, String described) {
        assertThatThrownBy(() -> SignedRecord.fromJson(input))
            .isInstanceOf(InvalidRecordException.class)
            .hasMessage("event must be a JSON object; got " + described);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"id\" \"x\"}",                 // missing colon
        "{\"id\":\"x\" \"kind\":1}",      // missing comma
        "{\"kind\":1,}",                  // trailing comma
        "{,}",
        "{'kind':1}",                     // single quotes
        "{kind:1}",                       // unquoted name
        "{\"content\":\"unterminated",
        "{\"content\":\"bad \\x escape\"}",
        "{\"content\":\"short \\u12\"}",
        "{\"content\":\"not hex \\u12G4\"}",
        "{\"content\":\"raw\u0001control\"}",
        "{\"content\":\"raw\nnewline\"}",
        "{\"kind\":01}",
        "{\"x\":01}",
        "{\"x\":1.}",
        "{\"x\":.5}",
        "{\"x\":-}",
        "{\"x\":1e}",
        "{\"x\":+1}",
        "{\"x\":NaN}",
        "{\"x\":tru}",
        "{\"x\":nul}",
        "{\"x\":[1,]}",
        "{\"x\":[1 2]}",
        "{\"x\":{\"a\" 1}}",
        "{\"x\":{\"a\":1,}}",
        "{\"x\":{1:1}}",
        "{\"x\":}",
        "{\"x\"",
        "{",
        "{\u00a0\"x\":1}",                // non-breaking space is not JSON whitespace
    })
    void malformedJsonIsRejectedWithItsOffset(String input) {
        assertThatThrownBy(() -> SignedRecord.fromJson(input))
            .isInstanceOf(InvalidRecordException.class)
            .hasMessageContaining("offset");
    }

    @Test
    void malformedJsonMessageSaysWhatWasExpected() {
        assertThatThrownBy(() -> SignedRecord.fromJson("{\"id\":\"x\" \"kind\":1}"))
            .hasMessage("malformed event JSON at offset 10: expected ',' or '}' after the value of 'id'; found '\"kind\":1}'");
        assertThatThrownBy(() -> SignedRecord.fromJson(with("content", "\"a\u0001b\"")))
            .hasMessageContaining("control character U+0001 must be escaped inside a string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "pubkey", "created_at", "kind", "tags", "content", "sig", "unknown"})
    void duplicateFieldsAreRejected(String field) {
        Map<String, String> m = fields();
        String value = m.getOrDefault(field, "1");
        String once = json(m).replace("{", "{\"" + field + "\":" + value + ",");
        String json = field.equals("unknown") ? once.replace("{", "{\"unknown\":2,") : once;
        assertThatThrownBy(() -> SignedRecord.fromJson(json))
            .isInstanceOf(InvalidRecordException.class)
            .hasMessageContaining("duplicate field '" + field + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "pubkey", "created_at", "kind", "tags", "content", "sig"})
    void missingFieldsAreRejected(String field) {
        assertThatThrownBy(() -> SignedRecord.fromJson(without(field)))
            .isInstanceOf(InvalidRecordException.class)
            .hasMessageStartingWith("missing field '" + field + "'");
    }

    @Test
    void emptyObjectNamesTheFirstMissingField() {
        assertThatThrownBy(() -> SignedRecord.fromJson("{}")).hasMessageStartingWith("missing field 'id'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // hex strings
        "id|42|id must be a JSON string; got the number 42",
        "id|null|id must be a JSON string; got null",
        "id|\"" + "A" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"|id must be lowercase hex; found 'A' at position 0",
        "id|\"aaaa\"|id must be 64 lowercase hex characters; got 4",
        "pubkey|\"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbg\"|pubkey must be lowercase hex; found 'g' at position 63",
        "pubkey|[\"b\"]|pubkey must be a JSON string; got an array",
        "sig|\"cc\"|sig must be 128 lowercase hex characters; got 2",
        "sig|{}|sig must be a JSON string; got an object",
        // created_at
        "created_at|-1|created_at must be a non-negative integer; got -1",
        "created_at|1.5|created_at must be an integer without fraction or exponent; got 1.5",
        "created_at|1e9|created_at must be an integer without fraction or exponent; got 1e9",
        "created_at|1700000000.0|created_at must be an integer without fraction or exponent; got 1700000000.0",
        "created_at|\"1700000000\"|created_at must be a non-negative integer; got a string",
        "created_at|null|created_at must be a non-negative integer; got null",
        "created_at|9223372036854775808|created_at must be at most 9223372036854775807; got 9223372036854775808",
        "created_at|99999999999999999999999999|created_at must be at most 9223372036854775807; got 99999999999999999999999999",
        // kind
        "kind|65536|kind must be at most 65535; got 65536",
        "kind|-1|kind must be a non-negative integer; got -1",
        "kind|1.0|kind must be an integer without fraction or exponent; got 1.0",
        "kind|true|kind must be a non-negative integer; got a boolean",
        "kind|\"1\"|kind must be a non-negative integer; got a string",
        // tags
        "tags|{}|tags must be an array of arrays of strings; got an object",
        "tags|\"e\"|tags must be an array of arrays of strings; got a string",
        "tags|null|tags must be an array of arrays of strings; got null",
        "tags|[\"e\"]|tag 0 must be an array of strings; got a string",
        "tags|[[\"e\",\"x\"],[]]|tag 1 is empty; every tag must be a non-empty array of strings",
        "tags|[[\"e\",1]]|tag 0 element 1 must be a string; got the number 1",
        "tags|[[\"e\",null]]|tag 0 element 1 must be a string; got null",
        "tags|[[\"e\",[\"x\"]]]|tag 0 element 1 must be a string; got an array",
        "tags|[[\"e\",{}]]|tag 0 element 1 must be a string; got an object",
        // content
        "content|5|content must be a JSON string; got the number 5",
        "content|null|content must be a JSON string; got null",
        "content|[\"a\"]|content must be a JSON string; got an array",
        "content|false|content must be a JSON string; got a boolean",
    })
    void wrongTypesAreRejectedNamingFieldAndProblem(String field, String rawValue, String message) {
        assertThatThrownBy(() -> SignedRecord.fromJson(with(field, rawValue)))
            .isInstanceOf(InvalidRecordException.class)
            .hasMessage(message);
    }

    @Test
    void createdAtAndKindAtTheirLimitsAreAccepted() {
        Map<String, String> m = fields();
        m.put("created_at", Long.toString(Long.MAX_VALUE));
        m.put("kind", "65535");
        SignedRecord r = SignedRecord.fromJson(json(m));
        assertThat(r.createdAt()).isEqualTo(Long.MAX_VALUE);
        assertThat(r.kind()).isEqualTo(65535);
        assertThat(SignedRecord.fromJson(with("created_at", "0")).createdAt()).isZero();
    }

    @Test
    void moreThanMaxTagsIsRejected() {
        String ok = "[" + "[\"t\",\"x\"],".repeat(SignedRecord.MAX_TAGS - 1) + "[\"t\",\"x\"]]";
        assertThat(SignedRecord.fromJson(with("tags", ok)).tags()).hasSize(SignedRecord.MAX_TAGS);
        String tooMany = "[" + "[\"t\",\"x\"],".repeat(SignedRecord.MAX_TAGS) + "[\"t\",\"x\"]]";
        assertThatThrownBy(() -> SignedRecord.fromJson(with("tags", tooMany)))
            .hasMessageContaining("at most " + SignedRecord.MAX_TAGS + " tags");
    }

    @Test
    void deeplyNestedUnknownFieldIsRejectedWithoutExhaustingTheStack() {
        String ok = "[".repeat(EventJson.MAX_DEPTH) + "]".repeat(EventJson.MAX_DEPTH);
        assertThat(SignedRecord.fromJson(with("junk", ok)).content()).isEqualTo("hello");
        String deep = "[".repeat(EventJson.MAX_DEPTH + 1) + "]".repeat(EventJson.MAX_DEPTH + 1);
        assertThatThrownBy(() -> SignedRecord.fromJson(with("junk", deep)))
            .hasMessage("unknown field 'junk' nests deeper than " + EventJson.MAX_DEPTH + " levels");
        String bomb = "{\"a\":".repeat(10_000);
        assertThatThrownBy(() -> SignedRecord.fromJson(with("junk", bomb))).hasMessageContaining("nests deeper than");
    }

    @ParameterizedTest
    @ValueSource(strings = {" x", "{}", "]", ",", "\"more\"", " // comment", "\u0000"})
    void trailingTextAfterTheObjectIsRejected(String trailing) {
        assertThatThrownBy(() -> SignedRecord.fromJson(json(fields()) + trailing))
            .isInstanceOf(InvalidRecordException.class)
            .hasMessageContaining("unexpected text after the event object");
    }
}
