package io.peerset.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.Identity;
import io.peerset.api.spi.Secp256k1;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** BouncyCastle's provider against {@link Secp256k1Contract}'s known answers and behaviour. */
class BouncyCastleSecp256k1Test extends Secp256k1Contract {
    private static final BouncyCastleSecp256k1 SECP = new BouncyCastleSecp256k1();

    @Override
    protected Secp256k1 provider() {
        return SECP;
    }

    @Test
    void isFoundByServiceLoaderAndChosenWhenAlone() {
        List<Secp256k1> found = new ArrayList<>();
        ServiceLoader.load(Secp256k1.class).forEach(found::add);
        assertThat(found).hasAtLeastOneElementOfType(BouncyCastleSecp256k1.class);
        assertThat(Secp256k1.chosen()).isInstanceOf(BouncyCastleSecp256k1.class); // peerset-core's tests have no native provider
        assertThat(Secp256k1.chosen().name()).isEqualTo("bouncycastle");
        assertThat(Identity.generate().publicKeyHex()).hasSize(64);
    }
}
