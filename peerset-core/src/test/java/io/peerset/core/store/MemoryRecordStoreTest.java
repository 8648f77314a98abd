package io.peerset.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.Query;
import io.peerset.api.spi.Bound;
import io.peerset.api.spi.RecordStore;
import io.peerset.api.spi.RecordStoreProvider;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class MemoryRecordStoreTest extends RecordStoreContract {

    @Override
    protected RecordStore newStore() {
        return new MemoryRecordStoreProvider().open(null, Map.of());
    }

    @Test
    void providerIsFoundByServiceLoaderUnderTheNameMemory() {
        RecordStoreProvider found = ServiceLoader.load(RecordStoreProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.name().equals("memory"))
            .findFirst()
            .orElseThrow();
        try (RecordStore s = found.open("ignored", Map.of())) {
            assertThat(s).isInstanceOf(MemoryRecordStore.class);
        }
    }

    @Test
    void unknownOptionsAreRejectedByName() {
        assertThatThrownBy(() -> new MemoryRecordStoreProvider().open(null, Map.of("cacheSize", "10")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("the memory store takes no options; remove [cacheSize]");
    }

    @Test
    void aClosedStoreRefusesUseWithAnExplanation() {
        RecordStore s = newStore();
        s.close();
        assertThatThrownBy(() -> s.put(records.note(records.newAuthor(), T0, "late")))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("closed");
        assertThatThrownBy(() -> s.query(Query.all())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.syncView().count(Bound.MIN, Bound.MAX)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void successorBoundIsJustAboveTheItem() {
        byte[] id = new byte[32];
        id[31] = (byte) 0xff;
        id[30] = 7;
        byte[] expected = id.clone();
        expected[31] = 0;
        expected[30] = 8;
        assertThat(MemoryRecordStore.successor(5, id)).isEqualTo(Bound.at(5, expected));
        byte[] top = new byte[32];
        java.util.Arrays.fill(top, (byte) 0xff);
        assertThat(MemoryRecordStore.successor(5, top)).isEqualTo(Bound.of(6, new byte[0]));
        assertThat(MemoryRecordStore.successor(Long.MAX_VALUE, top)).isNull();
    }
}
