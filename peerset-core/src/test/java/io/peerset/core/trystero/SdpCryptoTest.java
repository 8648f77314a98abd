package io.peerset.core.trystero;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SdpCryptoTest {
    private final SdpCrypto crypto = new SdpCrypto("pw", "app", "room");

    @Test
    void roundTripsAndUsesAFreshIvEachTime() throws Exception {
        String a = crypto.encrypt("v=0\r\nhello");
        String b = crypto.encrypt("v=0\r\nhello");
        assertThat(a).isNotEqualTo(b).matches("(\\d{1,3},){15}\\d{1,3}\\$[A-Za-z0-9+/]+=*");
        assertThat(crypto.decrypt(a)).isEqualTo("v=0\r\nhello");
        assertThat(crypto.decrypt(b)).isEqualTo("v=0\r\nhello");
    }

    @Test
    void wrongRoomOrPasswordDoesNotAuthenticate() {
        String wire = crypto.encrypt("secret sdp");
        assertThatThrownBy(() -> new SdpCrypto("pw", "app", "other").decrypt(wire))
                .isInstanceOf(SdpCryptoException.class).hasMessageContaining("does not authenticate");
        assertThatThrownBy(() -> new SdpCrypto("", "app", "room").decrypt(wire))
                .isInstanceOf(SdpCryptoException.class);
    }

    @Test
    void tamperedCiphertextIsRejected() {
        String wire = crypto.encrypt("secret sdp");
        int dollar = wire.indexOf('$');
        char c = wire.charAt(dollar + 2);
        String tampered = wire.substring(0, dollar + 2) + (c == 'A' ? 'B' : 'A') + wire.substring(dollar + 3);
        assertThatThrownBy(() -> crypto.decrypt(tampered)).isInstanceOf(SdpCryptoException.class);
    }

    @Test
    void malformedWireStringsAreRejectedWithAReason() {
        String ok = crypto.encrypt("x");
        String body = ok.substring(ok.indexOf('$'));
        assertThatThrownBy(() -> crypto.decrypt(null)).hasMessageContaining("missing");
        assertThatThrownBy(() -> crypto.decrypt("no dollar")).hasMessageContaining("no '$'");
        assertThatThrownBy(() -> crypto.decrypt("1$2$3")).hasMessageContaining("more than one");
        assertThatThrownBy(() -> crypto.decrypt("1,2,3" + body)).hasMessageContaining("exactly 16");
        assertThatThrownBy(() -> crypto.decrypt("1,".repeat(16) + "1" + body)).hasMessageContaining("exactly 16");
        assertThatThrownBy(() -> crypto.decrypt("256,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0" + body)).hasMessageContaining("0-255");
        assertThatThrownBy(() -> crypto.decrypt("-1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0" + body)).hasMessageContaining("0-255");
        assertThatThrownBy(() -> crypto.decrypt(",0,0,0,0,0,0,0,0,0,0,0,0,0,0,0" + body)).hasMessageContaining("0-255");
        assertThatThrownBy(() -> crypto.decrypt(ok.substring(0, ok.indexOf('$')) + "$!!!")).hasMessageContaining("base64");
        assertThatThrownBy(() -> crypto.decrypt(ok.substring(0, ok.indexOf('$')) + "$AAAA")).hasMessageContaining("GCM tag");
        assertThatThrownBy(() -> crypto.decrypt("0,".repeat(15) + "0$" + "A".repeat(SdpCrypto.MAX_WIRE_CHARS)))
                .hasMessageContaining("at most");
        assertThatThrownBy(() -> crypto.decrypt("")).isInstanceOf(SdpCryptoException.class);
    }

    @Test
    void oversizedPlaintextIsRefused() {
        assertThatThrownBy(() -> crypto.encrypt("x".repeat(SdpCrypto.MAX_PLAINTEXT_BYTES + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most");
    }
}
