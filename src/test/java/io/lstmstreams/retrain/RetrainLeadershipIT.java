package io.lstmstreams.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.kafka.EmbeddedKafkaBroker;
import io.lstmstreams.kafka.KafkaBrokerExtension;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Three instances of one deployment on a real broker: exactly one leads retraining, and another takes over. */
@ExtendWith(KafkaBrokerExtension.class)
class RetrainLeadershipIT {

    @Test
    void exactlyOneInstanceLeadsAndAnotherTakesOverWhenItLeaves(EmbeddedKafkaBroker broker) throws InterruptedException {
        KafkaBrokerExtension.createTopics(broker);
        Map<String, Object> client = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (RetrainLeadership a = RetrainLeadership.join(client, "it-retrain-leader");
             RetrainLeadership b = RetrainLeadership.join(client, "it-retrain-leader");
             RetrainLeadership c = RetrainLeadership.join(client, "it-retrain-leader");
             RetrainLeadership otherDeployment = RetrainLeadership.join(client, "it-other-deployment")) {
            List<RetrainLeadership> instances = List.of(a, b, c);
            assertThat(await(() -> leaders(instances) == 1)).isTrue();
            assertThat(await(otherDeployment)).as("another group elects its own leader").isTrue();
            for (int i = 0; i < 20; i++) { // the election holds: never two leaders
                assertThat(leaders(instances)).isEqualTo(1);
                Thread.sleep(100);
            }

            RetrainLeadership leader = instances.stream().filter(RetrainLeadership::getAsBoolean).findFirst().orElseThrow();
            leader.close();

            assertThat(leader.getAsBoolean()).isFalse();
            List<RetrainLeadership> rest = instances.stream().filter(instance -> instance != leader).toList();
            assertThat(await(() -> leaders(rest) == 1)).as("a remaining instance took over").isTrue();
        }
    }

    private static long leaders(List<RetrainLeadership> instances) {
        return instances.stream().filter(RetrainLeadership::getAsBoolean).count();
    }

    private static boolean await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }
}
