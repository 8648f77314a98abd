package io.peerset.crypto.jni;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.Draft;
import io.peerset.api.Identity;
import io.peerset.api.SignedRecord;
import io.peerset.api.spi.Secp256k1;
import io.peerset.core.crypto.BouncyCastleSecp256k1;
import io.peerset.core.crypto.Secp256k1Contract;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * libsecp256k1 against the same {@link Secp256k1Contract} as BouncyCastle (BIP-340 vectors,
 * nostr-tools events, NIP-44 conversation keys), and chosen over it when present.
 */
class LibSecp256k1ProviderTest extends Secp256k1Contract {
    private static final LibSecp256k1Provider SECP = new LibSecp256k1Provider();

    @Override
    protected Secp256k1 provider() {
        return SECP;
    }

    @Test
    void theNativeLibraryLoadsOnThisPlatform() {
        assertThat(LibSecp256k1Provider.unavailableReason()).isEmpty();
        assertThat(LibSecp256k1Provider.available()).isTrue();
        assertThat(SECP.priority()).isEqualTo(LibSecp256k1Provider.PRIORITY).isGreaterThan(new BouncyCastleSecp256k1().priority());
    }

    @Test
    void bothProvidersAreFoundAndTheNativeOneIsChosen() {
        List<Secp256k1> found = new ArrayList<>();
        ServiceLoader.load(Secp256k1.class).forEach(found::add);
        assertThat(found).hasAtLeastOneElementOfType(LibSecp256k1Provider.class).hasAtLeastOneElementOfType(BouncyCastleSecp256k1.class);
        assertThat(Secp256k1.chosen()).isInstanceOf(LibSecp256k1Provider.class);
        assertThat(Secp256k1.chosen().name()).isEqualTo("libsecp256k1");
    }

    @Test
    void recordsSignedThroughTheChosenProviderVerifyWithBouncyCastle() {
        Identity alice = Identity.generate();
        SignedRecord r = alice.sign(Draft.text("signed by libsecp256k1"));
        assertThat(new BouncyCastleSecp256k1().verify(io.peerset.api.Hex.decode(r.pubkey()), r.idBytes(),
            io.peerset.api.Hex.decode(r.sig()))).isTrue();
        assertThat(r.verify()).isSameAs(r);
    }
}
