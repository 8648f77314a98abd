package io.peerset.moderation;

import static io.peerset.moderation.TestRecords.record;
import static io.peerset.moderation.TestRecords.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.SignedRecord;
import io.peerset.api.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SizeLimitsFilterTest {
    private final TestContext ctx = TestContext.localWrite();

    @Test
    void defaultsAcceptOrdinaryRecords() {
        assertThat(SizeLimitsFilter.builder().build().check(text("hello"), ctx).accepted()).isTrue();
    }

    @Test
    void contentOverTheLimitIsRejectedInBytesNotCharacters() {
        SizeLimitsFilter f = SizeLimitsFilter.builder().maxContentBytes(10).build();
        assertThat(f.check(text("0123456789"), ctx).accepted()).isTrue();
        Verdict v = f.check(text("ééééé€"), ctx); // 5 × 2 + 3 bytes
        assertThat(v.accepted()).isFalse();
        assertThat(v.reason()).contains("content is 13 bytes").contains("at most 10");
    }

    @Test
    void wholeRecordOverTheJsonLimitIsRejected() {
        SignedRecord r = record().content("x".repeat(500)).tag("t", "y".repeat(500)).build();
        int size = r.toJson().getBytes(StandardCharsets.UTF_8).length;
        SizeLimitsFilter f = SizeLimitsFilter.builder().maxJsonBytes(size - 1).build();
        Verdict v = f.check(r, ctx);
        assertThat(v.accepted()).isFalse();
        assertThat(v.reason()).contains("record is " + size + " bytes as JSON");
        assertThat(SizeLimitsFilter.builder().maxJsonBytes(size).build().check(r, ctx).accepted()).isTrue();
    }

    @Test
    void escapedCharactersCountAsTheyAreSent() {
        SignedRecord r = text("\"\n".repeat(100));
        int size = r.toJson().getBytes(StandardCharsets.UTF_8).length;
        assertThat(SizeLimitsFilter.builder().maxJsonBytes(size - 1).build().check(r, ctx).accepted()).isFalse();
        assertThat(SizeLimitsFilter.builder().maxJsonBytes(size).build().check(r, ctx).accepted()).isTrue();
    }

    @Test
    void tooManyTagsAreRejected() {
        Verdict v = SizeLimitsFilter.builder().maxTags(1).build().check(record().tag("t", "a").tag("t", "b").build(), ctx);
        assertThat(v.reason()).contains("2 tags").contains("at most 1");
    }

    @Test
    void perTypeLimitsApplyByExactTypeThenMajorType() {
        SizeLimitsFilter f = SizeLimitsFilter.fromOptions(Map.of(
            "max-bytes.image/*", "100", "max-bytes.image/png", "200", "max-bytes.text/plain", "5"));
        assertThat(f.check(record().mime("image/png").content("a".repeat(150)).build(), ctx).accepted()).isTrue();
        Verdict jpeg = f.check(record().mime("image/jpeg").content("a".repeat(150)).build(), ctx);
        assertThat(jpeg.accepted()).isFalse();
        assertThat(jpeg.reason()).contains("image/jpeg content is 150 bytes").contains("at most 100");
        assertThat(f.check(record().mime("IMAGE/PNG; q=1").content("a".repeat(201)).build(), ctx).accepted()).isFalse();
        assertThat(f.check(record().mime("audio/ogg").content("a".repeat(1000)).build(), ctx).accepted()).isTrue();
        assertThat(f.check(text("seeds' text is text/plain"), ctx).accepted()).as("no m tag counts as text/plain").isFalse();
    }

    @Test
    void badOptionsAreRefused() {
        assertThatThrownBy(() -> SizeLimitsFilter.fromOptions(Map.of("max-bytes.image", "1")))
            .hasMessageContaining("text/plain or image/*").hasMessageContaining("'image'");
        assertThatThrownBy(() -> SizeLimitsFilter.fromOptions(Map.of("max-bytes.text/plain", "-1")))
            .hasMessageContaining("option 'max-bytes.text/plain'");
        assertThatThrownBy(() -> SizeLimitsFilter.fromOptions(Map.of("max-size", "1")))
            .hasMessageContaining("unknown option 'max-size'")
            .hasMessageContaining("[max-content-bytes, max-json-bytes, max-tags, max-bytes.<…>]");
    }
}
