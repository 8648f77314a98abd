package io.peerset.store.xodus;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.Hex;
import io.peerset.api.Record;
import io.peerset.api.spi.SyncView;
import io.peerset.core.sync.Negentropy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two restarted Xodus stores reconcile with Negentropy over their persisted sums, moving only the difference. */
class XodusReconciliationTest {
    @TempDir Path tmp;

    @Test void restartedStoresReconcileTransferringOnlyTheDifference() throws Exception {
        int n = 20_000;
        List<Record> shared = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            shared.add(TestRecords.numbered(11, i, 50, 1_700_000_000L, 3));
        }
        Set<String> onlyA = new HashSet<>();
        Set<String> onlyB = new HashSet<>();
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        try (XodusRecordStore sa = XodusRecordStore.open(a, XodusStoreOptions.defaults());
             XodusRecordStore sb = XodusRecordStore.open(b, XodusStoreOptions.defaults())) {
            List<Record> forB = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (i % 500 == 7) {
                    onlyA.add(shared.get(i).id()); // B missed these
                } else {
                    forB.add(shared.get(i));
                }
            }
            sa.putAll(shared);
            sb.putAll(forB);
            for (int i = 0; i < 30; i++) {
                Record extra = TestRecords.numbered(12, i, 50, 1_700_000_000L + i * 97, 1);
                sb.put(extra);
                onlyB.add(extra.id());
            }
        }

        try (XodusRecordStore sa = XodusRecordStore.open(a, XodusStoreOptions.defaults());
             XodusRecordStore sb = XodusRecordStore.open(b, XodusStoreOptions.defaults())) {
            SyncView va = sa.syncView();
            SyncView vb = sb.syncView();
            Negentropy initiator = Negentropy.builder(va).frameSizeLimit(64 * 1024).build();
            Negentropy responder = Negentropy.builder(vb).frameSizeLimit(64 * 1024).build();
            List<byte[]> have = new ArrayList<>();
            List<byte[]> need = new ArrayList<>();
            long bytes = 0;
            int rounds = 0;
            byte[] msg = initiator.initiate();
            while (msg != null) {
                assertThat(rounds++).as("round trips").isLessThan(50);
                bytes += msg.length;
                byte[] reply = responder.reconcile(msg);
                bytes += reply.length;
                msg = initiator.reconcile(reply, have, need);
            }
            assertThat(hex(have)).isEqualTo(onlyA);
            assertThat(hex(need)).isEqualTo(onlyB);
            long fullIdList = (long) n * 32;
            assertThat(bytes).as("bytes exchanged for %d differences among %d records", onlyA.size() + onlyB.size(), n)
                .isLessThan(fullIdList / 4);
        }
    }

    private static Set<String> hex(List<byte[]> ids) {
        Set<String> out = new HashSet<>();
        ids.forEach(id -> out.add(Hex.encode(id)));
        return out;
    }
}
