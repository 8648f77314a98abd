package io.peerset.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.Hex;
import io.peerset.api.Identity;
import io.peerset.api.spi.Secp256k1;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class BouncyCastleSecp256k1Test {
    private static final BouncyCastleSecp256k1 SECP = new BouncyCastleSecp256k1();
    private static final String N_HEX = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";

    @Test
    void isFoundByServiceLoader() {
        List<Secp256k1> found = new ArrayList<>();
        ServiceLoader.load(Secp256k1.class).forEach(found::add);
        assertThat(found).hasAtLeastOneElementOfType(BouncyCastleSecp256k1.class);
        assertThat(Identity.generate().publicKeyHex()).hasSize(64);
    }

    @Test
    void freshKeysSignAndVerify() {
        byte[] sk = SECP.generateSecretKey();
        byte[] pk = SECP.publicKey(sk);
        byte[] msg = new byte[32];
        new Random(1).nextBytes(msg);
        byte[] sig = SECP.sign(sk, msg);
        assertThat(sig).hasSize(64);
        assertThat(SECP.verify(pk, msg, sig)).isTrue();
        msg[0] ^= 1;
        assertThat(SECP.verify(pk, msg, sig)).isFalse();
    }

    @Test
    void signaturesUseFreshAuxiliaryRandomness() {
        byte[] sk = SECP.generateSecretKey();
        byte[] msg = new byte[32];
        assertThat(SECP.sign(sk, msg)).isNotEqualTo(SECP.sign(sk, msg));
    }

    @Test
    void generatedSecretKeysDiffer() {
        assertThat(SECP.generateSecretKey()).isNotEqualTo(SECP.generateSecretKey());
    }

    @Test
    void secretKeysOutsideOneToNMinusOneAreRejected() {
        assertThatThrownBy(() -> SECP.publicKey(new byte[32]))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1 and n-1").hasMessageContaining("zero");
        assertThatThrownBy(() -> SECP.publicKey(Hex.decode(N_HEX)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not below n");
        assertThatThrownBy(() -> SECP.publicKey(new byte[31]))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be 32 bytes; got 31 bytes");
        assertThatThrownBy(() -> SECP.sign(new byte[32], new byte[32]))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Identity.fromSecretHex("00".repeat(32))).isInstanceOf(IllegalArgumentException.class);
        byte[] nMinusOne = Hex.decode(N_HEX);
        nMinusOne[31]--;
        assertThat(SECP.publicKey(nMinusOne)).hasSize(32);
    }

    @Test
    void signRejectsWrongMessageOrAuxLengths() {
        byte[] sk = SECP.generateSecretKey();
        assertThatThrownBy(() -> SECP.sign(sk, new byte[31])).hasMessageContaining("message must be 32 bytes; got 31 bytes");
        assertThatThrownBy(() -> SECP.sign(sk, new byte[32], new byte[33])).hasMessageContaining("auxiliary randomness must be 32 bytes");
    }

    @Test
    void verifyReturnsFalseAndNeverThrowsOnGarbage() {
        byte[] sk = SECP.generateSecretKey();
        byte[] pk = SECP.publicKey(sk);
        byte[] msg = new byte[32];
        byte[] sig = SECP.sign(sk, msg);
        assertThat(SECP.verify(null, msg, sig)).isFalse();
        assertThat(SECP.verify(pk, null, sig)).isFalse();
        assertThat(SECP.verify(pk, msg, null)).isFalse();
        assertThat(SECP.verify(new byte[31], msg, sig)).isFalse();
        assertThat(SECP.verify(pk, new byte[33], sig)).isFalse();
        assertThat(SECP.verify(pk, msg, new byte[63])).isFalse();
        assertThat(SECP.verify(new byte[32], msg, sig)).isFalse();
        assertThat(SECP.verify(Hex.decode("ff".repeat(32)), msg, sig)).isFalse();
        assertThat(SECP.verify(pk, msg, Hex.decode("ff".repeat(64)))).isFalse();
        assertThat(SECP.verify(pk, msg, new byte[64])).isFalse();
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] p = new byte[32];
            byte[] m = new byte[32];
            byte[] s = new byte[64];
            random.nextBytes(p);
            random.nextBytes(m);
            random.nextBytes(s);
            if (i % 2 == 0) System.arraycopy(sig, 0, s, 0, 32); // a valid R with a garbage s
            assertThat(SECP.verify(i % 3 == 0 ? pk : p, m, s)).isFalse();
        }
    }

    @Test
    void concurrentSigningAndVerifyingFromManyThreadsIsCorrect() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    byte[] sk = SECP.generateSecretKey();
                    byte[] pk = SECP.publicKey(sk);
                    Random random = new Random();
                    for (int i = 0; i < 25; i++) {
                        byte[] msg = new byte[32];
                        random.nextBytes(msg);
                        byte[] sig = SECP.sign(sk, msg);
                        if (!SECP.verify(pk, msg, sig)) return false;
                        msg[31] ^= 0x80;
                        if (SECP.verify(pk, msg, sig)) return false;
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
