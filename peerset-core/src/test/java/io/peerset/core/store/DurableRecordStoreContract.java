package io.peerset.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.Query;
import io.peerset.api.SignedRecord;
import io.peerset.api.spi.PutOutcome;
import io.peerset.api.spi.RecordStore;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link RecordStoreContract} plus what a durable store must keep across a close and
 * reopen: records, every index, replacement state and the sync sums.
 */
public abstract class DurableRecordStoreContract extends RecordStoreContract {

    /** Closes {@code current} and opens a store over the same data (same location and options). */
    protected abstract RecordStore reopen(RecordStore current);

    @Test
    public void recordsIndexesAndSumsSurviveAReopen() {
        List<String> authors = List.of(records.newAuthor(), records.newAuthor());
        List<SignedRecord> rs = new ArrayList<>(records.mixed(200, authors, T0, 50));
        SignedRecord v1 = records.addressable(authors.get(0), 30078, "doc", T0, "v1");
        SignedRecord v2 = records.addressable(authors.get(0), 30078, "doc", T0 + 1, "v2");
        store.putAll(rs);
        store.put(v1);
        store.put(v2);
        rs.add(v2);

        store = reopen(store);
        assertStoreHoldsExactly(rs);
        assertThat(store.put(v1)).as("replacement state is durable").isEqualTo(PutOutcome.SUPERSEDED);
        assertThat(store.put(rs.get(0))).isEqualTo(PutOutcome.DUPLICATE);
    }

    @Test
    public void deletesAndPrunesSurviveAReopen() {
        List<String> authors = List.of(records.newAuthor(), records.newAuthor());
        List<SignedRecord> rs = records.mixed(200, authors, T0, 50);
        store.putAll(rs);
        store.delete(rs.get(0).id());
        store.pruneOlderThan(T0 + 20);
        List<SignedRecord> kept = rs.stream().skip(1).filter(r -> r.createdAt() >= T0 + 20).collect(Collectors.toList());

        store = reopen(store);
        assertStoreHoldsExactly(kept);
        assertThat(store.query(Query.builder().until(T0 + 19).build())).isEmpty();
    }
}
