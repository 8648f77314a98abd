package io.peerset.crypto.jni;

import io.peerset.api.Draft;
import io.peerset.api.Identity;
import io.peerset.api.SignedRecord;
import io.peerset.api.spi.Secp256k1;
import java.util.ServiceLoader;

/**
 * Run in a child JVM by {@link NativeFallbackTest}: which provider this JVM chose, whether the
 * native library loaded (and why not), and a record signed and verified through the chosen one.
 */
public final class ProviderProbe {
    private ProviderProbe() {}

    public static void main(String[] args) {
        Secp256k1 chosen = Secp256k1.chosen();
        for (int i = 0; i < 3; i++) { // more lookups, as each engine makes its own: nothing is logged twice
            ServiceLoader.load(Secp256k1.class).forEach(Secp256k1::priority);
        }
        SignedRecord r = Identity.generate().sign(Draft.text("probe")).verify();
        System.out.println("chosen=" + chosen.name());
        System.out.println("native.available=" + LibSecp256k1Provider.available());
        System.out.println("reason=" + LibSecp256k1Provider.unavailableReason().orElse(""));
        System.out.println("verified=" + r.id());
    }
}
