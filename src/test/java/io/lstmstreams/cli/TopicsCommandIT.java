package io.lstmstreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.kafka.EmbeddedKafkaBroker;
import io.lstmstreams.kafka.KafkaBrokerExtension;
import io.lstmstreams.kafka.TopicAdmin;
import io.lstmstreams.wire.TopicDefinition;
import io.lstmstreams.wire.Topics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** One broker for the class, so the tests run in the order a user would: check, create, create, drift. */
@ExtendWith(KafkaBrokerExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TopicsCommandIT {

    @Test
    @Order(1)
    void checkOnAnEmptyBrokerListsEveryTopicAsMissingAndFails(EmbeddedKafkaBroker kafka) {
        CapturedCli cli = topics("check", kafka);

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(cli.out().lines()).hasSize(Topics.ALL.size())
                .contains("lstm.models: missing (expected 1 partitions, replication factor 1)");
    }

    @Test
    @Order(2)
    void createCreatesEveryTopicThenChecksClean(EmbeddedKafkaBroker kafka) {
        CapturedCli create = topics("create", kafka);
        CapturedCli check = topics("check", kafka);

        assertThat(create.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(create.out().lines()).contains(
                "lstm.tokens: created with 6 partitions, replication factor 1",
                "all 10 topics match their definitions");
        assertThat(check.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(check.out()).isEqualTo("all 10 topics match their definitions" + System.lineSeparator());
    }

    @Test
    @Order(3)
    void secondCreateChangesNothing(EmbeddedKafkaBroker kafka) {
        CapturedCli cli = topics("create", kafka);

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(cli.out().lines()).containsExactly("nothing to change", "all 10 topics match their definitions");
    }

    @Test
    @Order(4)
    void createRestoresADriftedConfig(EmbeddedKafkaBroker kafka) {
        TopicDefinition tags = Topics.TAGS.definition();
        try (TopicAdmin admin = new TopicAdmin(kafka.bootstrapServers())) {
            admin.create(List.of(new TopicDefinition(tags.name(), tags.partitions(), tags.replicationFactor(),
                    Map.of("retention.ms", "1000"), "")));
        }
        CapturedCli check = topics("check", kafka);
        CapturedCli create = topics("create", kafka);

        assertThat(check.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(check.out()).isEqualTo("lstm.tags: config retention.ms expected 259200000, actual 1000"
                + System.lineSeparator());
        assertThat(create.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(create.out()).startsWith("lstm.tags: config retention.ms set to 259200000 (was 1000)");
    }

    @Test
    void unreachableBrokerIsNamedAndFails() {
        String address = KafkaBrokerExtension.unreachableAddress();
        CapturedCli cli = CapturedCli.run("topics", "check", "--bootstrap-servers", address);

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.err()).isEqualTo("topics: Kafka broker not reachable at " + address + " (no answer within 5 s)"
                + System.lineSeparator());
    }

    @Test
    void topicsWithoutSubcommandIsAUsageError() {
        CapturedCli cli = CapturedCli.run("topics");

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("Missing required subcommand");
    }

    private static CapturedCli topics(String subcommand, EmbeddedKafkaBroker kafka) {
        return CapturedCli.run("topics", subcommand, "--bootstrap-servers", kafka.bootstrapServers());
    }
}
