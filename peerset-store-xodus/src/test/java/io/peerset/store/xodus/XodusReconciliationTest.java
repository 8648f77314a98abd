package io.peerset.store.xodus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two restarted Xodus stores reconcile with Negentropy over their persisted sums, moving
 * only the difference (the scaled-down twin of {@link XodusSyncBench}'s million records).
 */
class XodusReconciliationTest {
    @TempDir Path tmp;

    @Test void restartedStoresReconcileTransferringOnlyTheDifference() throws Exception {
        int n = Integer.getInteger("peerset.reconcile.records", 50_000);
        int d = 100;
        DifferenceRun.Result r = DifferenceRun.run(tmp, n, d, null);

        assertThat(r.onlyA()).hasSize(d / 2);
        assertThat(r.onlyB()).hasSize(d - d / 2);
        assertThat(r.have()).as("ids only the initiator has").isEqualTo(r.onlyA());
        assertThat(r.need()).as("ids only the responder has").isEqualTo(r.onlyB());
        long fullIdList = (long) n * 32;
        assertThat(r.bytes()).as("bytes exchanged for %d differences among %d records (d x 32 = %d)", d, n, r.differenceIdBytes())
            .isLessThan(fullIdList / 8);
    }
}
