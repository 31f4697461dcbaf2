package io.lstmstreams.kafka;

import io.lstmstreams.wire.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One real Kafka broker per test class, on free ports and a temporary directory deleted afterwards.
 * Ask for it as a constructor, test or lifecycle method parameter:
 *
 * <pre>{@code
 * @ExtendWith(KafkaBrokerExtension.class)
 * class MyPipelineIT {
 *     @Test
 *     void tagsEveryToken(EmbeddedKafkaBroker kafka) {
 *         KafkaBrokerExtension.createTopics(kafka);
 *         ...
 *     }
 * }
 * }</pre>
 *
 * The broker starts with no topics ({@code auto.create.topics.enable=false}), and tests of one class share
 * it: give each test its own topics or consumer groups when they must not see each other's records.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaBrokerExtension.class);
    private static final String KEY = "broker";

    @Override
    public void beforeAll(ExtensionContext context) {
        broker(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        EmbeddedKafkaBroker broker = context.getStore(NAMESPACE).remove(KEY, EmbeddedKafkaBroker.class);
        if (broker != null) {
            broker.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmbeddedKafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return broker(context);
    }

    /** {@code 127.0.0.1:PORT} where nobody listens (the port was free a moment ago): for unreachable-broker tests. */
    public static String unreachableAddress() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return "127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Started in the class's store on first use (beforeAll, or a constructor under {@code PER_CLASS}); a
     * method's store finds it there, since stores look up their parents.
     */
    private static EmbeddedKafkaBroker broker(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(KEY,
                key -> EmbeddedKafkaBroker.inTemporaryDirectory(0).start(), EmbeddedKafkaBroker.class);
    }

    /** Creates every topic of {@code topics/} on the broker (it starts with none). */
    public static void createTopics(EmbeddedKafkaBroker broker) {
        try (TopicAdmin admin = new TopicAdmin(broker.bootstrapServers())) {
            admin.create(Topics.definitions());
        }
    }
}
