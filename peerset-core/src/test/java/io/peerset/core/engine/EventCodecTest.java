package io.peerset.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.SignedRecord;
import io.peerset.core.ProtocolViolation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EventCodecTest {
    @Test
    void eventClosedWithABracketIsRefusedNotSplitOff() {
        // found by EventCodecFuzzTest: '{' … ']' used to count as one element
        assertThatThrownBy(() -> split("[{\"id\":\"0000\",\"tags\":[]], {}]"))
            .isInstanceOf(ProtocolViolation.class).hasMessageContaining("expected matching brackets");
        assertThatThrownBy(() -> split("[{\"a\":1]"))
            .isInstanceOf(ProtocolViolation.class).hasMessageContaining("closes '{' with ']'");
    }

    @Test
    void nestedArrayClosedWithABraceIsRefused() {
        assertThatThrownBy(() -> split("[{\"tags\":[[\"d\",\"x\"}}]"))
            .isInstanceOf(ProtocolViolation.class).hasMessageContaining("closes '[' with '}'");
    }

    @Test
    void bracketsInsideStringsDoNotCount() throws ProtocolViolation {
        assertThat(split("[{\"content\":\"]}[{\",\"tags\":[[\"]\"]]}, {}]"))
            .containsExactly("{\"content\":\"]}[{\",\"tags\":[[\"]\"]]}", "{}");
    }

    @Test
    void utf8EncodingEqualsToJsonBytesForEveryKindOfCharacter() {
        Random rnd = new Random(42);
        for (int n = 0; n < 3000; n++) {
            SignedRecord r = randomRecord(rnd);
            byte[] expected = r.toJson().getBytes(StandardCharsets.UTF_8);
            assertThat(EventCodec.jsonSize(r)).as("size of %s", r.toJson()).isEqualTo(expected.length);
            assertThat(EventCodec.toUtf8(r)).as("bytes of %s", r.toJson()).isEqualTo(expected);
        }
    }

    @Test
    void batchesAreJsonArraysOfTheRecordsWithinTheByteBound() throws ProtocolViolation {
        Random rnd = new Random(7);
        List<SignedRecord> records = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            records.add(randomRecord(rnd));
        }
        List<byte[]> direct = EventCodec.encodeBatches(records, 2000);
        List<byte[]> joined = EventCodec.joinBatches(EventCodec.encode(records), 2000);
        assertThat(direct).hasSameSizeAs(joined);
        List<String> elements = new ArrayList<>();
        for (int b = 0; b < direct.size(); b++) {
            assertThat(direct.get(b)).isEqualTo(joined.get(b));
            List<String> inBatch = split(direct.get(b));
            assertThat(direct.get(b).length <= 2000 || inBatch.size() == 1).as("batch %d of %d bytes", b, direct.get(b).length).isTrue();
            elements.addAll(inBatch);
        }
        assertThat(elements).hasSize(records.size());
        for (int i = 0; i < records.size(); i++) {
            assertThat(elements.get(i)).isEqualTo(records.get(i).toJson());
            assertThat(SignedRecord.fromJson(elements.get(i))).usingRecursiveComparison().isEqualTo(records.get(i));
        }
        assertThat(EventCodec.encodeBatches(List.of(), 2000)).isEmpty();
    }

    private static SignedRecord randomRecord(Random rnd) {
        List<List<String>> tags = new ArrayList<>();
        for (int t = rnd.nextInt(4); t > 0; t--) {
            List<String> tag = new ArrayList<>();
            for (int v = 1 + rnd.nextInt(3); v > 0; v--) {
                tag.add(randomText(rnd, rnd.nextInt(12)));
            }
            tags.add(tag);
        }
        return SignedRecord.of(hex(rnd, 64), hex(rnd, 64), rnd.nextInt(4) == 0 ? rnd.nextLong() & Long.MAX_VALUE : rnd.nextInt(2_000_000_000),
            rnd.nextInt(65536), tags, randomText(rnd, rnd.nextInt(rnd.nextInt(10) == 0 ? 3000 : 60)), hex(rnd, 128));
    }

    /** Text mixing ASCII, JSON escapes, control characters, 2- and 3-byte characters, pairs and lone surrogates. */
    private static String randomText(Random rnd, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            switch (rnd.nextInt(9)) {
                case 0: sb.append("\"\\/\n\r\t\b\f".charAt(rnd.nextInt(8))); break;
                case 1: sb.append((char) rnd.nextInt(0x20)); break;
                case 2: sb.append((char) (0x80 + rnd.nextInt(0x780))); break;
                case 3: sb.append((char) (0x800 + rnd.nextInt(0xd000 - 0x800))); break;
                case 4: sb.append(Character.toChars(0x10000 + rnd.nextInt(0x100000))); break;
                case 5: sb.append((char) (0xd800 + rnd.nextInt(0x800))); break;
                case 6: sb.append((char) (0xe000 + rnd.nextInt(0x2000))); break;
                case 7: sb.append('\u007f'); break;
                default: sb.append((char) (0x20 + rnd.nextInt(0x5f)));
            }
        }
        return sb.toString();
    }

    private static String hex(Random rnd, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append("0123456789abcdef".charAt(rnd.nextInt(16)));
        }
        return sb.toString();
    }

    @Test
    void splittingBytesFindsWhatSplittingTextFindsAndRefusesWhatItRefuses() {
        Random rnd = new Random(11);
        String[] parts = {"[", "]", "{", "}", ",", " ", "\"", "\\", ":", "é", "—", "😀", "a", "{\"id\":\"",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "[{\"id\":\"", "\"}", "[]"};
        int agreedElements = 0;
        for (int n = 0; n < 50_000; n++) {
            StringBuilder sb = new StringBuilder();
            if (rnd.nextInt(3) == 0) {
                sb.append('[');
                for (int e = rnd.nextInt(4); e >= 0; e--) {
                    sb.append(randomRecord(rnd).toJson()).append(e > 0 ? "," : "");
                }
                sb.append(']');
            }
            for (int i = rnd.nextInt(12); i > 0; i--) {
                int at = rnd.nextInt(sb.length() + 1);
                if (at > 0 && at < sb.length() && Character.isLowSurrogate(sb.charAt(at))) {
                    at++; // text from the wire is valid UTF-8: never split a surrogate pair
                }
                sb.insert(at, parts[rnd.nextInt(parts.length)]);
            }
            String text = sb.toString();
            List<String> fromText;
            try {
                fromText = TextEventSplitter.splitEvents(text, id -> false);
            } catch (ProtocolViolation v) {
                fromText = null;
            }
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            EventCodec.Elements fromBytes;
            try {
                fromBytes = EventCodec.splitEvents(bytes);
            } catch (ProtocolViolation v) {
                fromBytes = null;
            }
            assertThat(fromBytes == null).as("refused as bytes and as text: %s", text).isEqualTo(fromText == null);
            if (fromText != null) {
                assertThat(fromBytes.count()).isEqualTo(fromText.size());
                for (int i = 0; i < fromBytes.count(); i++) {
                    String element = EventCodec.utf8(bytes, fromBytes.start(i), fromBytes.end(i));
                    assertThat(element).isEqualTo(fromText.get(i));
                    assertThat(fromBytes.id(i)).isEqualTo(TextEventSplitter.leadingId(element, 0));
                    agreedElements++;
                }
            }
        }
        assertThat(agreedElements).isGreaterThan(1000);
    }

    /** The production splitter's elements, decoded. */
    private static List<String> split(String json) throws ProtocolViolation {
        return split(json.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> split(byte[] json) throws ProtocolViolation {
        EventCodec.Elements e = EventCodec.splitEvents(json);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < e.count(); i++) {
            out.add(EventCodec.utf8(json, e.start(i), e.end(i)));
        }
        return out;
    }
}
