package io.peerset.core.sync;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RatelessSketchTest {
    @Test
    void itemsAppearInSymbolIWithProbabilityAboutOneOverOnePlusHalfI() {
        int n = 20_000;
        RatelessSketch s = new RatelessSketch(42);
        s.grow(1000);
        Random r = new Random(1);
        for (int k = 0; k < n; k++) {
            s.add(r.nextLong(), r.nextLong(), 1, 0);
        }
        assertThat(s.count(0)).isEqualTo(n);
        for (int i : new int[] {1, 10, 100, 999}) {
            double expected = n / (1 + i / 2.0);
            assertThat((double) s.count(i)).as("symbol %d", i).isBetween(expected * 0.8, expected * 1.2);
        }
    }

    @Test
    void peelingTheDifferenceRecoversExactlyTheItemsOfEachSide() {
        Random r = new Random(2);
        RatelessSketch remote = new RatelessSketch(7);
        RatelessSketch local = new RatelessSketch(7);
        remote.grow(400);
        local.grow(400);
        Set<String> onlyRemote = new HashSet<>();
        Set<String> onlyLocal = new HashSet<>();
        for (int k = 0; k < 5000; k++) {
            long a = r.nextLong();
            long b = r.nextLong();
            int side = k < 100 ? 1 : k < 200 ? 2 : 0;
            if (side != 2) {
                remote.add(a, b, 1, 0);
            }
            if (side != 1) {
                local.add(a, b, 1, 0);
            }
            if (side == 1) {
                onlyRemote.add(a + ":" + b);
            } else if (side == 2) {
                onlyLocal.add(a + ":" + b);
            }
        }
        remote.subtract(local, 0);
        assertThat(remote.peel(0, 10_000)).isTrue();
        Set<String> gotRemote = new HashSet<>();
        Set<String> gotLocal = new HashSet<>();
        for (long[] item : remote.recovered()) {
            (item[2] > 0 ? gotRemote : gotLocal).add(item[0] + ":" + item[1]);
        }
        assertThat(gotRemote).isEqualTo(onlyRemote);
        assertThat(gotLocal).isEqualTo(onlyLocal);
    }

    @Test
    void symbolsAppendedLaterAreCleanedOfItemsAlreadyRecovered() {
        Random r = new Random(3);
        long[][] items = new long[300][2];
        for (long[] it : items) {
            it[0] = r.nextLong();
            it[1] = r.nextLong();
        }
        RatelessSketch diff = new RatelessSketch(9);
        int decodedAt = -1;
        for (int m = 32; m <= 2048 && decodedAt < 0; m *= 2) {
            int from = diff.size();
            diff.grow(m);
            for (long[] it : items) {
                diff.add(it[0], it[1], 1, from);
            }
            if (diff.peel(from, 10_000)) {
                decodedAt = m;
            }
        }
        assertThat(decodedAt).isPositive();
        assertThat(diff.recovered()).hasSize(300);
    }

    @Test
    void aHostileSketchCannotMakePeelingRecoverMoreThanTheBound() {
        RatelessSketch s = new RatelessSketch(1);
        s.grow(500);
        Random r = new Random(4);
        for (int i = 0; i < 500; i++) {
            long a = r.nextLong();
            long b = r.nextLong();
            s.set(i, a, b, RatelessSketch.checksum(1, a, b), 1); // every symbol claims to be pure
        }
        assertThat(s.peel(0, 50)).isFalse();
        assertThat(s.recovered()).hasSizeLessThanOrEqualTo(50);
    }
}
