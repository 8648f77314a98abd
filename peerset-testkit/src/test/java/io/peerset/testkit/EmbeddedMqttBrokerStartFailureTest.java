package io.peerset.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EmbeddedMqttBrokerStartFailureTest {

    @Test
    void startOnATakenPortSaysWhatFailedWhichPortAndHowLongItReallyWaited() throws Exception {
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.launch()) {
            int port = broker.tcpUri().getPort();
            broker.stop();
            try (ServerSocket squatter = new ServerSocket(port, 50, InetAddress.getByName(Ports.LOOPBACK))) {
                assertThat(squatter.isBound()).isTrue();
                long t0 = System.nanoTime();
                Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(broker::start);
                double waited = (System.nanoTime() - t0) / 1e9;
                assertThat(thrown)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("embedded HiveMQ failed to start on 127.0.0.1:" + port + " after ")
                        .hasMessageContaining("UnrecoverableException")
                        .hasMessageContaining("127.0.0.1:" + port + " is in use by another program")
                        .hasMessageNotContaining("within 60 s");
                Matcher after = Pattern.compile("after (\\d+\\.\\d) s").matcher(thrown.getMessage());
                assertThat(after.find()).as("message states the time it waited: %s", thrown.getMessage()).isTrue();
                assertThat(Double.parseDouble(after.group(1))).isLessThanOrEqualTo(waited + 0.1);
            }
            assertThat(broker.isRunning()).isFalse();
        }
    }

    @Test
    void describeGivesEveryCauseWithItsMessage() {
        IOException cause = new IOException("could not bind", new BindException("Address already in use"));
        assertThat(EmbeddedMqttBroker.describe(cause))
                .isEqualTo("IOException: could not bind; caused by BindException: Address already in use");
    }

    @Test
    void elapsedIsInSecondsWithOneDecimal() {
        assertThat(EmbeddedMqttBroker.elapsed(System.nanoTime() - 1_234_000_000L)).matches("1\\.[23] s");
    }
}
