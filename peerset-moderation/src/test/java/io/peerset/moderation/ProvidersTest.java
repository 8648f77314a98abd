package io.peerset.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.Moderation;
import io.peerset.api.ModerationFilter;
import io.peerset.api.spi.ModerationFilterProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProvidersTest {
    /** Each provider's name with the smallest options it needs. */
    static Stream<Arguments> filters() {
        return Stream.of(
            Arguments.of("banned-words", Map.of()),
            Arguments.of("no-links-in-text", Map.of()),
            Arguments.of("link-allow-list", Map.of("patterns", "https://.*")),
            Arguments.of("author-quota", Map.of()),
            Arguments.of("duplicates", Map.of()),
            Arguments.of("size-limits", Map.of()),
            Arguments.of("timestamp-bounds", Map.of()),
            Arguments.of("author-allow-list", Map.of("authors", TestRecords.ALICE)),
            Arguments.of("author-block-list", Map.of()),
            Arguments.of("authenticated-sender", Map.of()));
    }

    @ParameterizedTest
    @MethodSource("filters")
    void everyStandardFilterIsFoundByNameAndCarriesThatName(String name, Map<String, String> options) {
        ModerationFilter f = Moderation.filter(name, options);
        assertThat(f.name()).isEqualTo(name);
        assertThat(f.getClass().getPackageName()).isEqualTo("io.peerset.moderation");
    }

    @ParameterizedTest
    @MethodSource("filters")
    void everyFilterRefusesAnUnknownOptionNamingItAndTheValidOnes(String name, Map<String, String> options) {
        Map<String, String> bad = new java.util.HashMap<>(options);
        bad.put("no-such-option", "1");
        assertThatThrownBy(() -> Moderation.filter(name, bad))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("unknown option 'no-such-option'")
            .hasMessageContaining("'" + name + "'")
            .hasMessageContaining("valid options: [");
    }

    @Test
    void providersAreRegisteredOnceEach() {
        List<String> names = new ArrayList<>();
        ServiceLoader.load(ModerationFilterProvider.class).forEach(p -> names.add(p.name()));
        assertThat(names).containsExactlyInAnyOrder("banned-words", "no-links-in-text", "link-allow-list", "author-quota",
            "duplicates", "size-limits", "timestamp-bounds", "author-allow-list", "author-block-list", "authenticated-sender");
    }

    @Test
    void nullOptionValueIsRefused() {
        Map<String, String> m = new java.util.HashMap<>();
        m.put("max", null);
        assertThatThrownBy(() -> Moderation.filter("author-quota", m)).hasMessageContaining("option 'max'").hasMessageContaining("no value");
    }
}
