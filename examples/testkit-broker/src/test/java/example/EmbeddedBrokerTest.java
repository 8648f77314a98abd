package example;

import io.peerset.testkit.EmbeddedMqttBroker;
import io.peerset.testkit.MqttBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The app's test on the testkit's embedded HiveMQ CE: no Docker, no installed broker needed. */
class EmbeddedBrokerTest extends NotesOverBrokerContract {
    private static EmbeddedMqttBroker broker;

    @BeforeAll
    static void launch() {
        broker = EmbeddedMqttBroker.launch();
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
