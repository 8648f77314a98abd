package io.peerset.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.SignedRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordTableTest {

    /** Ids hashed into only 7 values, so every operation walks long, wrapping runs. */
    private static final class CollidingTable extends RecordTable<String> {
        @Override protected int hashOfKey(String id) { return Math.floorMod(id.hashCode(), 7); }
        @Override protected int hashOf(SignedRecord r) { return hashOfKey(r.id()); }
        @Override protected boolean matches(String id, SignedRecord r) { return r.id().equals(id); }
        @Override protected boolean sameKey(SignedRecord a, SignedRecord b) { return a.id().equals(b.id()); }
    }

    @Test
    void randomPutsAndRemovesAgreeWithAHashMapEvenWhenEveryHashCollides() {
        TestRecords records = new TestRecords(17);
        String author = records.newAuthor();
        List<RecordTable<String>> tables = List.of(new RecordTable.ById(), new CollidingTable());
        for (RecordTable<String> table : tables) {
            Random random = new Random(4);
            Map<String, SignedRecord> model = new HashMap<>();
            List<SignedRecord> present = new ArrayList<>();
            for (int step = 0; step < 4000; step++) {
                if (random.nextInt(3) > 0 || present.isEmpty()) {
                    SignedRecord r = records.note(author, step, "r" + step);
                    assertThat(table.put(r)).isNull();
                    model.put(r.id(), r);
                    present.add(r);
                } else {
                    SignedRecord r = present.remove(random.nextInt(present.size()));
                    assertThat(table.remove(r)).isTrue();
                    assertThat(table.remove(r)).as("second remove").isFalse();
                    model.remove(r.id());
                }
                if (step % 50 == 0) {
                    assertThat(table.size()).isEqualTo(model.size());
                    for (SignedRecord r : present) {
                        assertThat(table.get(r.id())).isSameAs(r);
                    }
                }
            }
            // empty it again: every removal must keep the rest findable, and the table shrinks
            while (!present.isEmpty()) {
                SignedRecord r = present.remove(present.size() - 1 - random.nextInt(Math.min(present.size(), 5)));
                assertThat(table.remove(r)).isTrue();
                if (present.size() % 97 == 0) {
                    for (SignedRecord other : present) {
                        assertThat(table.get(other.id())).isSameAs(other);
                    }
                }
            }
            assertThat(table.size()).isZero();
            assertThat(table.capacity()).isLessThanOrEqualTo(32);
        }
    }

    @Test
    void coordinateTableReplacesByKindAuthorAndD() {
        TestRecords records = new TestRecords(2);
        String me = records.newAuthor();
        RecordTable<SignedRecord> table = new RecordTable.ByCoordinate();
        SignedRecord v1 = records.addressable(me, 30078, "doc", 10, "v1");
        SignedRecord v2 = records.addressable(me, 30078, "doc", 20, "v2");
        SignedRecord other = records.addressable(me, 30078, "other", 10, "x");
        SignedRecord profile = records.record(me, 10, 0, List.of(List.of("d", "ignored")), "{}");
        SignedRecord profile2 = records.record(me, 20, 0, List.of(), "{}");
        assertThat(table.put(v1)).isNull();
        assertThat(table.put(other)).isNull();
        assertThat(table.put(profile)).isNull();
        assertThat(table.get(v2)).isSameAs(v1);
        assertThat(table.put(v2)).isSameAs(v1);
        assertThat(table.get(profile2)).as("replaceable kinds ignore d").isSameAs(profile);
        assertThat(table.remove(v1)).as("only the stored version is removed").isFalse();
        assertThat(table.remove(v2)).isTrue();
        assertThat(table.get(v1)).isNull();
        assertThat(table.size()).isEqualTo(2);
    }
}
