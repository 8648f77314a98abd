package example;

import io.peerset.testkit.MqttBroker;
import io.peerset.testkit.TestcontainersMqttBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The same test on HiveMQ CE in Docker ({@link TestcontainersMqttBroker#DEFAULT_IMAGE}).
 * Without a Docker engine, {@code disabledWithoutDocker} skips the class before {@code @BeforeAll} runs:
 * the build stays green and the report says "skipped", nothing is started or pulled.
 */
@Testcontainers(disabledWithoutDocker = true)
class TestcontainersBrokerTest extends NotesOverBrokerContract {
    private static TestcontainersMqttBroker broker;

    @BeforeAll
    static void launch() {
        broker = TestcontainersMqttBroker.launch();
    }

    @AfterAll
    static void shutDown() {
        if (broker != null) {
            broker.close();
        }
    }

    @Override
    MqttBroker broker() {
        return broker;
    }
}
