package io.peerset.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives each test a fresh, started {@link PeersetSwarm} as a parameter, closed after the test.
 * On a class it applies to every test; on a method it overrides the class's.
 *
 * <pre>{@code
 * @PeersetSwarmTest(peers = 3)
 * class MyAppTest {
 *     @Test
 *     void converges(PeersetSwarm swarm) throws Exception {
 *         swarm.room(0).put(Draft.text("hello")).get();
 *         swarm.awaitConverged(Duration.ofSeconds(30));
 *     }
 * }
 * }</pre>
 *
 * For anything beyond these options (per-node configuration, a broker of your choice), register a
 * {@link PeersetSwarm} built with {@link PeersetSwarm#builder()} instead.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(PeersetSwarmExtension.class)
public @interface PeersetSwarmTest {
    /** Number of nodes. */
    int peers() default 3;

    /** How the nodes connect. */
    Transport transport() default Transport.IN_MEMORY;

    /** The application id every node joins. */
    String appId() default "peerset-test";

    /** The room id every node joins. */
    String roomId() default "swarm";

    /** The transports of {@link SwarmTransport} that need no arguments. */
    enum Transport {
        /** {@link SwarmTransport#inMemory()}. */
        IN_MEMORY,
        /** {@link SwarmTransport#embeddedMqtt()}. */
        EMBEDDED_MQTT;

        SwarmTransport create() {
            return this == EMBEDDED_MQTT ? SwarmTransport.embeddedMqtt() : SwarmTransport.inMemory();
        }
    }
}
