package io.peerset.testkit;

import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link PeersetSwarmTest}: resolves a {@link PeersetSwarm} parameter of a
 * test method with a swarm started for that test and closed after it. Use the annotation rather
 * than this class.
 */
public final class PeersetSwarmExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PeersetSwarmExtension.class);

    /** Made by JUnit. */
    public PeersetSwarmExtension() {}

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PeersetSwarm.class && context.getTestMethod().isPresent();
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        PeersetSwarmTest options = find(context).orElseThrow(() -> new ParameterResolutionException(
                "a PeersetSwarm parameter needs @PeersetSwarmTest on the test method or class"));
        // JUnit closes AutoCloseable values of a test's store after the test
        return context.getStore(NAMESPACE).getOrComputeIfAbsent("swarm", key -> start(options), PeersetSwarm.class);
    }

    private static Optional<PeersetSwarmTest> find(ExtensionContext context) {
        Optional<PeersetSwarmTest> onMethod = context.getTestMethod()
                .flatMap(m -> AnnotationSupport.findAnnotation(m, PeersetSwarmTest.class));
        if (onMethod.isPresent()) {
            return onMethod;
        }
        for (Optional<Class<?>> c = context.getTestClass(); c.isPresent(); c = Optional.ofNullable(c.get().getEnclosingClass())) {
            Optional<PeersetSwarmTest> found = AnnotationSupport.findAnnotation(c.get(), PeersetSwarmTest.class);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static PeersetSwarm start(PeersetSwarmTest options) {
        PeersetSwarm swarm = PeersetSwarm.builder()
                .peers(options.peers())
                .transport(options.transport().create())
                .room(options.appId(), options.roomId())
                .build();
        swarm.start();
        return swarm;
    }
}
