package io.peerset.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.spi.Bound;
import io.peerset.api.spi.FingerprintAccumulator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableSet;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class OrderedIdTreeTest {

    /** One (createdAt, id) item of the brute-force model. */
    record Item(long ts, byte[] id) {
        static final Comparator<Item> ORDER = Comparator.comparingLong(Item::ts)
            .thenComparing(Item::id, Arrays::compareUnsigned);

        Bound bound() {
            return Bound.at(ts, id);
        }
    }

    private static byte[] randomId(Random random) {
        byte[] id = new byte[32];
        random.nextBytes(id);
        // sometimes share a long prefix, so comparisons must reach the later words
        if (random.nextInt(4) == 0) {
            Arrays.fill(id, 0, 24, (byte) 0xff);
        }
        return id;
    }

    private static Bound randomBound(Random random, List<Item> items) {
        switch (random.nextInt(5)) {
            case 0:
                return Bound.MIN;
            case 1:
                return Bound.MAX;
            case 2:
                if (!items.isEmpty()) {
                    return items.get(random.nextInt(items.size())).bound();
                }
                return Bound.MIN;
            case 3:
                return Bound.of(random.nextInt(60), new byte[0]);
            default:
                byte[] prefix = new byte[random.nextInt(4)];
                random.nextBytes(prefix);
                return Bound.of(random.nextInt(60), prefix);
        }
    }

    private static List<Item> range(NavigableSet<Item> model, Bound lower, Bound upper) {
        List<Item> out = new ArrayList<>();
        for (Item it : model) {
            if (lower.compareTo(it.ts(), it.id()) <= 0 && upper.compareTo(it.ts(), it.id()) > 0) {
                out.add(it);
            }
        }
        return out;
    }

    private static FingerprintAccumulator sumOf(List<Item> items) {
        FingerprintAccumulator acc = new FingerprintAccumulator();
        items.forEach(it -> acc.add(it.id()));
        return acc;
    }

    private static void assertQueriesMatch(OrderedIdTree tree, NavigableSet<Item> model, Random random) {
        List<Item> items = new ArrayList<>(model);
        for (int q = 0; q < 8; q++) {
            Bound lower = randomBound(random, items);
            Bound upper = randomBound(random, items);
            List<Item> expected = lower.compareTo(upper) < 0 ? range(model, lower, upper) : List.of();
            assertThat(tree.count(lower, upper)).as("count %s..%s", lower, upper).isEqualTo(expected.size());
            FingerprintAccumulator sum = tree.sum(lower, upper);
            FingerprintAccumulator want = sumOf(expected);
            assertThat(sum.sum()).as("sum %s..%s", lower, upper).isEqualTo(want.sum());
            assertThat(sum.count()).isEqualTo(want.count());
            assertThat(tree.fingerprint(lower, upper)).isEqualTo(want.fingerprint());

            List<Item> visited = new ArrayList<>();
            tree.forEach(lower, upper, (ts, id) -> visited.add(new Item(ts, id)));
            assertThat(visited).usingElementComparator(Item.ORDER).containsExactlyElementsOf(expected);

            List<Item> above = range(model, lower, Bound.MAX);
            long k = random.nextInt(items.size() + 3);
            Bound nth = tree.nth(lower, k);
            assertThat(nth).isEqualTo(k < above.size() ? above.get((int) k).bound() : Bound.MAX);

            long since = random.nextInt(60);
            long until = since + random.nextInt(20);
            List<Item> newest = new ArrayList<>();
            for (Item it : model.descendingSet()) {
                if (it.ts() >= since && it.ts() <= until) {
                    newest.add(it);
                }
            }
            List<Item> seen = new ArrayList<>();
            tree.forEachNewestFirst(since, until, (ts, id) -> seen.add(new Item(ts, id)));
            assertThat(seen).usingElementComparator(Item.ORDER).containsExactlyElementsOf(newest);
        }
        assertThat(tree.size()).isEqualTo(model.size());
        assertThat(tree.totalSum().sum()).isEqualTo(sumOf(items).sum());
    }

    @Test
    void randomInsertsAndDeletesMatchASortedModelWithTinyNodes() {
        Random random = new Random(42);
        OrderedIdTree tree = new OrderedIdTree(true, 4, 4);
        NavigableSet<Item> model = new TreeSet<>(Item.ORDER);
        List<Item> present = new ArrayList<>();
        for (int step = 0; step < 6000; step++) {
            int op = random.nextInt(10);
            if (op < 6 || present.isEmpty()) {
                Item it = new Item(random.nextInt(50), randomId(random));
                assertThat(tree.add(it.ts(), it.id())).isEqualTo(model.add(it));
                if (model.size() > present.size()) {
                    present.add(it);
                }
            } else if (op < 9) {
                Item it = present.remove(random.nextInt(present.size()));
                assertThat(tree.remove(it.ts(), it.id())).isTrue();
                model.remove(it);
            } else {
                Item again = present.isEmpty() ? null : present.get(random.nextInt(present.size()));
                if (again != null) {
                    assertThat(tree.add(again.ts(), again.id())).as("duplicate add").isFalse();
                    assertThat(tree.contains(again.ts(), again.id())).isTrue();
                }
                assertThat(tree.remove(7, randomId(random))).as("absent remove").isFalse();
            }
            if (step % 97 == 0) {
                tree.checkInvariants();
                assertQueriesMatch(tree, model, random);
            }
        }
        tree.checkInvariants();
        assertQueriesMatch(tree, model, random);
        assertThat(tree.height()).isGreaterThan(2);
    }

    @Test
    void ascendingAppendsThenDeletingEverythingLeavesAnEmptyValidTree() {
        Random random = new Random(7);
        OrderedIdTree tree = new OrderedIdTree(true, 8, 4);
        NavigableSet<Item> model = new TreeSet<>(Item.ORDER);
        for (int i = 0; i < 2000; i++) {
            Item it = new Item(i / 3, randomId(random));
            tree.add(it.ts(), it.id());
            model.add(it);
        }
        tree.checkInvariants();
        assertQueriesMatch(tree, model, random);
        // delete from the low end, as pruning does
        while (!model.isEmpty()) {
            Item it = model.pollFirst();
            assertThat(tree.remove(it.ts(), it.id())).isTrue();
            if (model.size() % 113 == 0) {
                tree.checkInvariants();
                assertQueriesMatch(tree, model, random);
            }
        }
        tree.checkInvariants();
        assertThat(tree.size()).isZero();
        assertThat(tree.height()).isZero();
        assertThat(tree.count(Bound.MIN, Bound.MAX)).isZero();
        assertThat(tree.nth(Bound.MIN, 0)).isEqualTo(Bound.MAX);
        assertThat(tree.totalSum().sum()).isEqualTo(new byte[32]);
    }

    @Test
    void descendingInsertsAndRandomDeletesWithDefaultNodeSizes() {
        Random random = new Random(99);
        OrderedIdTree tree = new OrderedIdTree();
        NavigableSet<Item> model = new TreeSet<>(Item.ORDER);
        for (int i = 5000; i > 0; i--) {
            Item it = new Item(i % 57, randomId(random));
            tree.add(it.ts(), it.id());
            model.add(it);
        }
        tree.checkInvariants();
        assertQueriesMatch(tree, model, random);
        List<Item> shuffled = new ArrayList<>(model);
        java.util.Collections.shuffle(shuffled, random);
        for (Item it : shuffled.subList(0, 4500)) {
            assertThat(tree.remove(it.ts(), it.id())).isTrue();
            model.remove(it);
        }
        tree.checkInvariants();
        assertQueriesMatch(tree, model, random);
    }

    @Test
    void idsOrderAsUnsignedBytesWithinOneTimestamp() {
        OrderedIdTree tree = new OrderedIdTree();
        byte[] low = new byte[32];
        byte[] high = new byte[32];
        high[0] = (byte) 0x80; // negative as a signed byte, largest as unsigned
        tree.add(5, high);
        tree.add(5, low);
        List<byte[]> order = new ArrayList<>();
        tree.forEach(Bound.MIN, Bound.MAX, (ts, id) -> order.add(id));
        assertThat(order).containsExactly(low, high);
        assertThat(tree.nth(Bound.MIN, 1)).isEqualTo(Bound.at(5, high));
    }

    @Test
    void sumOfAllIdsWrapsModulo2To256() {
        OrderedIdTree tree = new OrderedIdTree();
        byte[] max = new byte[32];
        Arrays.fill(max, (byte) 0xff);
        byte[] one = new byte[32];
        one[0] = 1; // little-endian 1
        tree.add(1, max);
        tree.add(2, one);
        assertThat(tree.sum(Bound.MIN, Bound.MAX).sum()).isEqualTo(new byte[32]);
        assertThat(tree.sum(Bound.MIN, Bound.MAX).count()).isEqualTo(2);
    }

    @Test
    void treeWithoutSumsKeepsOrderAndCountsButRefusesSums() {
        OrderedIdTree tree = new OrderedIdTree(false, 4, 4);
        Random random = new Random(3);
        for (int i = 0; i < 300; i++) {
            tree.add(random.nextInt(30), randomId(random));
        }
        tree.checkInvariants();
        assertThat(tree.count(Bound.MIN, Bound.MAX)).isEqualTo(300);
        assertThatThrownBy(() -> tree.sum(Bound.MIN, Bound.MAX))
            .isInstanceOf(UnsupportedOperationException.class)
            .hasMessageContaining("without id sums");
    }

    @Test
    void negativeNthPositionIsRejected() {
        OrderedIdTree tree = new OrderedIdTree();
        assertThatThrownBy(() -> tree.nth(Bound.MIN, -1))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("non-negative");
    }

    @Test
    void idsMustBe32Bytes() {
        OrderedIdTree tree = new OrderedIdTree();
        assertThatThrownBy(() -> tree.add(1, new byte[31]))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("ids are 32 bytes; got 31");
    }
}
