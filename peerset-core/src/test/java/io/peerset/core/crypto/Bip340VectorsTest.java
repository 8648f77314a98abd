package io.peerset.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.Hex;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The official BIP-340 test vectors (see the source line in bip340-test-vectors.csv). */
class Bip340VectorsTest {
    private static final BouncyCastleSecp256k1 SECP = new BouncyCastleSecp256k1();

    static Stream<Arguments> vectors() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                Bip340VectorsTest.class.getResourceAsStream("/bip340-test-vectors.csv"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#") || line.startsWith("index,")) continue;
                String[] f = line.split(",", -1);
                out.add(Arguments.of(f[0], f[1], f[2], f[3], f[4], f[5], Boolean.parseBoolean(f[6].toLowerCase(Locale.ROOT)), f[7]));
            }
        }
        assertThat(out).hasSize(15);
        return out.stream();
    }

    @ParameterizedTest(name = "vector {0}: {7}")
    @MethodSource("vectors")
    void signingVectorsGiveTheExactSignatureAndPublicKey(String index, String secretKey, String publicKey, String auxRand,
                                                          String message, String signature, boolean valid, String comment) {
        if (secretKey.isEmpty()) return; // verification-only vector
        byte[] sk = Hex.decode(secretKey);
        assertThat(Hex.encode(SECP.publicKey(sk))).isEqualToIgnoringCase(publicKey);
        assertThat(Hex.encode(SECP.sign(sk, Hex.decode(message), Hex.decode(auxRand)))).isEqualToIgnoringCase(signature);
    }

    @ParameterizedTest(name = "vector {0}: {7}")
    @MethodSource("vectors")
    void verificationGivesTheExpectedResult(String index, String secretKey, String publicKey, String auxRand,
                                            String message, String signature, boolean valid, String comment) {
        assertThat(SECP.verify(Hex.decode(publicKey), Hex.decode(message), Hex.decode(signature))).isEqualTo(valid);
    }
}
