package io.peerset.core.sync;

import io.peerset.core.ProtocolViolation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RibltHostileInputTest {
    private static SortedArraySyncView left;
    private static SortedArraySyncView right;
    private static byte[] open;
    private static List<byte[]> realMessages;

    @BeforeAll
    static void buildExchange() throws Exception {
        left = SortedArraySyncView.of(TestItems.items(2000, i -> i % 50 != 0));
        right = SortedArraySyncView.of(TestItems.items(2000, i -> i % 70 != 0));
        RibltExchange x = RibltExchange.run(left, right, b -> b.initialSymbols(8));
        realMessages = x.messages;
        open = x.messages.get(0);
        assertThat(x.roundTrips).isGreaterThan(1);
    }

    private static RibltSession responder() {
        return RibltSession.builder(right).maxMessageBytes(8192).maxSymbols(4096).build();
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    private static void rejects(byte[] message, String expectedText) {
        assertThatThrownBy(() -> responder().reconcile(message))
                .isInstanceOf(ProtocolViolation.class)
                .hasMessageContaining(expectedText);
    }

    @Test
    void emptyAndOneByteMessagesAreViolations() {
        rejects(new byte[0], "expected at least a version byte");
        rejects(hex("01"), "expected at least a version byte");
    }

    @Test
    void unknownVersionIsAViolation() {
        rejects(hex("6101"), "version byte 0x61 is not supported");
    }

    @Test
    void sessionMustStartWithOpen() {
        rejects(hex("0102000100"), "must start with OPEN");
        rejects(hex("0177"), "must start with OPEN");
    }

    @Test
    void everyTruncationOfARealOpenIsAViolation() {
        for (int len = 0; len < open.length; len++) {
            byte[] cut = Arrays.copyOf(open, len);
            assertThatThrownBy(() -> responder().reconcile(cut)).as("prefix of %d bytes", len)
                    .isInstanceOf(ProtocolViolation.class);
        }
    }

    @Test
    void trailingBytesAreAViolation() {
        byte[] longer = Arrays.copyOf(open, open.length + 1);
        rejects(longer, "trailing byte");
    }

    @Test
    void oversizedMessageIsRefusedBeforeParsing() {
        rejects(new byte[8193], "exceeds the limit of 8192 bytes");
    }

    private static byte[] openWithBatch(String batch) {
        return hex("0101" + "0000000000000001" + "00" + "00".repeat(16) + batch);
    }

    @Test
    void batchMustStartAtTheNextSymbol() {
        rejects(openWithBatch("0501" + "00".repeat(25)), "starts at symbol 5; expected 0");
    }

    @Test
    void emptyOrOverLimitBatchIsAViolation() {
        rejects(openWithBatch("0000"), "expected 1 to 4096");
        rejects(openWithBatch("00a040" + "00".repeat(25)), "expected 1 to 4096");
    }

    @Test
    void batchClaimingMoreSymbolsThanBytesIsRefusedBeforeAllocating() {
        rejects(openWithBatch("009000" + "00".repeat(25)), "claims 2048 symbols but only 25 bytes remain");
    }

    @Test
    void countsAbove2To63AreViolationsNotCrashes() throws Exception {
        String max = "81ffffffffffffffff7f"; // 2^64 - 1
        rejects(openWithBatch("00" + max + "00".repeat(25)), "expected 1 to 4096");
        rejects(openWithBatch(max + "01" + "00".repeat(25)), "starts at symbol 18446744073709551615");
        rejects(hex("0101" + "0000000000000001" + max + "00".repeat(16) + "0001" + "00".repeat(25)),
                "above 2^63-1");
        for (String reply : new String[] {"0112" + max + "00".repeat(16) + "0000",
                "011200" + "00".repeat(16) + max + "00", "011200" + "00".repeat(16) + "00" + max}) {
            RibltSession i = RibltSession.builder(left).build();
            i.initiate();
            assertThatThrownBy(() -> i.reconcile(hex(reply), new ArrayList<>(), new ArrayList<>())).as(reply)
                    .isInstanceOf(ProtocolViolation.class);
        }
    }

    @Test
    void aHugeMoreRequestIsCappedByTheMessageLimit() throws Exception {
        RibltSession i = RibltSession.builder(left).maxMessageBytes(8192).build();
        i.initiate();
        byte[] next = i.reconcile(hex("0111" + "81ffffffffffffffff7f"), new ArrayList<>(), new ArrayList<>());
        assertThat(next.length).isLessThanOrEqualTo(8192);
        assertThat(i.symbols()).isGreaterThan(64);
    }

    @Test
    void aPeerSendingTinyBatchesIsStoppedAfterTheBatchLimit() throws Exception {
        // a peer claiming a set this different would be told GIVE_UP at once; switched off to reach the batch limit
        RibltSession r = RibltSession.builder(right).giveUpOnLargeDifference(false).build();
        byte[] first = hex("0101" + "0000000000000001" + "05" + "00".repeat(16) + "0001" + "00".repeat(25));
        r.reconcile(first); // five items claimed, nothing decodable: MORE
        int sent = 1;
        ProtocolViolation stopped = null;
        while (stopped == null && sent < 1000) {
            WireWriter w = new WireWriter();
            w.writeByte(1);
            w.writeByte(2);
            w.writeVarint(sent);
            w.writeVarint(1);
            w.writeBytes(new byte[25]);
            try {
                r.reconcile(w.toByteArray());
                sent++;
            } catch (ProtocolViolation e) {
                stopped = e;
            }
        }
        assertThat(stopped).isNotNull();
        assertThat(stopped.getMessage()).contains("more than " + RibltSession.MAX_BATCHES + " batches");
    }

    @Test
    void aResponderAskingForOneSymbolAtATimeGetsGrowingBatchesThenFallback() throws Exception {
        RibltSession i = RibltSession.builder(left).build();
        i.initiate();
        int rounds = 0;
        byte[] next;
        do {
            next = i.reconcile(hex("011101"), new ArrayList<>(), new ArrayList<>());
            rounds++;
        } while (next != null && rounds < 1000);
        assertThat(i.outcome()).isEqualTo(RibltSession.Outcome.FALLBACK);
        assertThat(rounds).isLessThanOrEqualTo(RibltSession.MAX_BATCHES);
    }

    @Test
    void symbolsAfterTheSessionEndedAreAViolation() throws Exception {
        RibltSession r = RibltSession.builder(left).build();
        RibltSession i = RibltSession.builder(left).build();
        byte[] done = r.reconcile(i.initiate()); // identical sets: done at once
        assertThat(done[1]).isEqualTo((byte) RibltSession.DONE);
        assertThatThrownBy(() -> r.reconcile(realMessages.get(2)))
                .isInstanceOf(ProtocolViolation.class).hasMessageContaining("after the session ended");
    }

    @Test
    void initiatorRejectsMalformedReplies() throws Exception {
        for (String reply : new String[] {"0111", "011100", "0177", "0112", "011200" + "00".repeat(16) + "05",
                "011200" + "00".repeat(16) + "0003", "0111010203"}) {
            RibltSession i = RibltSession.builder(left).build();
            i.initiate();
            assertThatThrownBy(() -> i.reconcile(hex(reply), new ArrayList<>(), new ArrayList<>())).as(reply)
                    .isInstanceOf(ProtocolViolation.class);
        }
    }

    @Test
    void initiatorFallsBackWhenTheResponderGivesUp() throws Exception {
        RibltSession i = RibltSession.builder(left).build();
        i.initiate();
        assertThat(i.reconcile(hex("011301"), new ArrayList<>(), new ArrayList<>())).isNull();
        assertThat(i.outcome()).isEqualTo(RibltSession.Outcome.FALLBACK);
    }

    @Test
    void randomAndMutatedBytesOnlyEverRaiseProtocolViolation() {
        Random r = new Random(12345);
        int violations = 0;
        for (int k = 0; k < 1200; k++) {
            byte[] msg;
            if (k % 3 == 0) {
                msg = new byte[r.nextInt(300)];
                r.nextBytes(msg);
                if (msg.length > 1 && r.nextBoolean()) {
                    msg[0] = RibltSession.VERSION;
                    msg[1] = (byte) (r.nextBoolean() ? 1 : 2);
                }
            } else {
                byte[] base = realMessages.get(r.nextInt(realMessages.size()));
                msg = base.clone();
                int flips = 1 + r.nextInt(4);
                for (int f = 0; f < flips && msg.length > 0; f++) {
                    msg[r.nextInt(msg.length)] = (byte) r.nextInt(256);
                }
                if (r.nextInt(4) == 0) {
                    msg = Arrays.copyOf(msg, r.nextInt(msg.length + 1));
                }
                if (r.nextInt(5) == 0 && msg.length > 2) { // splice in a varint of 2^64 - 1
                    int at = 2 + r.nextInt(msg.length - 2);
                    byte[] huge = hex("81ffffffffffffffff7f");
                    byte[] out = new byte[msg.length + huge.length];
                    System.arraycopy(msg, 0, out, 0, at);
                    System.arraycopy(huge, 0, out, at, huge.length);
                    System.arraycopy(msg, at, out, at + huge.length, msg.length - at);
                    msg = out;
                }
            }
            violations += feed(msg);
        }
        assertThat(violations).isPositive();
    }

    /** Feeds a message to a responder, a responder past OPEN and an initiator; counts violations. */
    private static int feed(byte[] msg) {
        int violations = 0;
        try {
            responder().reconcile(msg);
        } catch (ProtocolViolation e) {
            violations++;
        }
        try {
            RibltSession r = responder();
            r.reconcile(open);
            r.reconcile(msg);
        } catch (ProtocolViolation e) {
            violations++;
        }
        try {
            RibltSession i = RibltSession.builder(left).maxMessageBytes(8192).build();
            i.initiate();
            i.reconcile(msg, new ArrayList<>(), new ArrayList<>());
        } catch (ProtocolViolation e) {
            violations++;
        }
        return violations;
    }
}
