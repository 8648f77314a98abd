package io.peerset.signal.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.testkit.MosquittoBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** hivemq-mqtt-client's Netty threads must not keep a JVM alive when a user forgets close(). */
class MqttSignalingJvmExitTest {

    @Test
    void jvmExitsOnItsOwnWhenSignalingIsNeverClosed() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.launch();
             MqttSignaling watcher = new MqttSignaling(List.of(broker.tcpUri()), MqttSignalingContract.FAST)) {
            String topic = MqttSignalingContract.topic();
            Inbox inbox = new Inbox();
            watcher.subscribe(topic, inbox);
            MqttSignalingContract.publishUntilReceived(watcher, topic, "self-probe", inbox);

            Path output = Files.createTempFile("forgetful-peer", ".log");
            try {
                String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
                Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                        ForgetfulPeerMain.class.getName(), broker.tcpUri().toString(), topic)
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
                boolean exited = child.waitFor(90, TimeUnit.SECONDS);
                if (!exited) {
                    child.destroyForcibly();
                }
                String log = Files.readString(output, StandardCharsets.UTF_8);
                assertThat(exited).as("child JVM exited by itself; its output:%n%s", log).isTrue();
                assertThat(child.exitValue()).as(log).isZero();
                assertThat(log).contains("published");
            } finally {
                Files.deleteIfExists(output);
            }
            Await.until("the forgotten peer's message arrived", () -> inbox.has("{\"peerId\":\"forgetful\"}"));
        }
    }
}
