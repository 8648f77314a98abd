package io.peerset.crypto.jni;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.core.crypto.BouncyCastleSecp256k1;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Beyond the shared vectors: on random keys, messages and garbage both providers give the same bytes and answers. */
class ProvidersAgreeTest {
    private static final BouncyCastleSecp256k1 BC = new BouncyCastleSecp256k1();
    private static final LibSecp256k1Provider NATIVE = new LibSecp256k1Provider();

    @Test
    void keysSignaturesAndSharedSecretsAreByteIdenticalOnRandomInputs() {
        Random random = new Random(340);
        for (int i = 0; i < 300; i++) {
            byte[] sk = BC.generateSecretKey();
            byte[] peer = NATIVE.generateSecretKey();
            byte[] msg = new byte[32];
            byte[] aux = new byte[32];
            random.nextBytes(msg);
            random.nextBytes(aux);
            byte[] pk = BC.publicKey(sk);
            assertThat(NATIVE.publicKey(sk)).isEqualTo(pk);
            byte[] sig = BC.sign(sk, msg, aux);
            assertThat(NATIVE.sign(sk, msg, aux)).isEqualTo(sig);
            assertThat(NATIVE.verify(pk, msg, sig)).isTrue();
            assertThat(BC.verify(pk, msg, NATIVE.sign(sk, msg))).isTrue();
            assertThat(NATIVE.ecdh(sk, NATIVE.publicKey(peer))).isEqualTo(BC.ecdh(sk, BC.publicKey(peer)))
                .isEqualTo(BC.ecdh(peer, pk));
            byte[] bad = sig.clone();
            bad[random.nextInt(64)] ^= (byte) (1 << random.nextInt(8));
            assertThat(NATIVE.verify(pk, msg, bad)).isEqualTo(BC.verify(pk, msg, bad)).isFalse();
        }
    }

    @Test
    void bothAnswerTheSameOnGarbageKeysAndSignatures() {
        Random random = new Random(44);
        int onCurve = 0;
        for (int i = 0; i < 500; i++) {
            byte[] pk = new byte[32];
            byte[] msg = new byte[32];
            byte[] sig = new byte[64];
            random.nextBytes(pk);
            random.nextBytes(msg);
            random.nextBytes(sig);
            assertThat(NATIVE.verify(pk, msg, sig)).isEqualTo(BC.verify(pk, msg, sig)).isFalse();
            boolean bcOk = accepts(() -> BC.ecdh(BC.generateSecretKey(), pk));
            assertThat(accepts(() -> NATIVE.ecdh(NATIVE.generateSecretKey(), pk))).as("ecdh accepts %s", io.peerset.api.Hex.encode(pk))
                .isEqualTo(bcOk);
            onCurve += bcOk ? 1 : 0;
        }
        assertThat(onCurve).as("about half of random x are on the curve").isBetween(200, 300);
    }

    private static boolean accepts(Runnable r) {
        try {
            r.run();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
