package io.lstmstreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.config.Settings;
import io.lstmstreams.data.Conllu;
import io.lstmstreams.kafka.EmbeddedKafkaBroker;
import io.lstmstreams.kafka.KafkaBrokerExtension;
import io.lstmstreams.model.BundleMetadata;
import io.lstmstreams.model.CellType;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.pos.PosTask;
import io.lstmstreams.registry.LiveModel;
import io.lstmstreams.registry.LiveModels;
import io.lstmstreams.registry.ModelRegistry;
import io.lstmstreams.registry.ModelWatcher;
import io.lstmstreams.tagging.TaggerFactory;
import io.lstmstreams.training.TrainingConfig;
import io.lstmstreams.wire.TagRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class ModelsCommandIT {

    private static final PosTask POS = new PosTask();

    @Test
    void pinAndRollbackMoveEveryRunningInstanceAndListShowsWhichIsCurrent(EmbeddedKafkaBroker broker) throws Exception {
        KafkaBrokerExtension.createTopics(broker);
        Map<String, Object> client = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        ModelBundle first = PosTask.train(Conllu.read(Path.of("src/main/resources/data/ewt/en_ewt-ud-dev.conllu.gz")).subList(0, 40),
                new PosTask.Options(0, CellType.LSTM, 16, 1, 0.0, 8, 4, 64, 1, 0,
                        new TrainingConfig(TrainingConfig.Optimizer.ADAM, 1e-2, 5.0, 32, 1, 1, 0.3, 1)), null, 0, 1, report -> { });
        try (ModelRegistry registry = new ModelRegistry(client)) {
            registry.promote(first, "first");
            registry.promote(child(first, 2), "second");
            registry.promote(child(first, 3), "third");
        }
        LiveModel<TaggerFactory<TagRecord>> live = POS.live(first, Settings.defaults());
        String servers = "--bootstrap-servers=" + broker.bootstrapServers();
        try (ModelWatcher watcher = ModelWatcher.start(client, List.of(live), new SimpleMeterRegistry())) {
            watcher.awaitCaughtUp(Duration.ofSeconds(30));
            assertThat(live.runningVersion()).isEqualTo(3);

            CapturedCli pin = CapturedCli.run("models", "pin", servers, "pos", "2");
            assertThat(pin.exitCode()).as(pin.err()).isEqualTo(ExitCodes.OK);
            LiveModels.awaitRunning(live, 2);
            CapturedCli list = CapturedCli.run("models", "list", servers);
            assertThat(list.out().lines()).hasSize(3).anyMatch(line -> line.startsWith("* pinned pos v2 parent=1"))
                    .anyMatch(line -> line.startsWith("  pos v3 parent=2"));

            CapturedCli rollback = CapturedCli.run("models", "rollback", servers, "pos");
            assertThat(rollback.out()).contains("pos: current version 1 (pinned)");
            LiveModels.awaitRunning(live, 1);

            assertThat(CapturedCli.run("models", "show", servers, "pos", "3").out())
                    .contains("\"modelVersion\" : 3", "\"parentVersion\" : 2");
            CapturedCli missing = CapturedCli.run("models", "pin", servers, "pos", "7");
            assertThat(missing.exitCode()).isEqualTo(ExitCodes.FAILURE);
            assertThat(missing.err()).contains("pos has no version 7 (known: [1, 2, 3])");
        }
    }

    private static ModelBundle child(ModelBundle parent, long version) {
        BundleMetadata p = parent.metadata();
        return ModelBundle.of(new BundleMetadata(p.task(), version, version - 1, p.spec(), p.vocabularies(), p.tags(),
                p.normalisation(), p.trainingMetrics(), p.createdAt(), p.properties()), parent.network());
    }

}
