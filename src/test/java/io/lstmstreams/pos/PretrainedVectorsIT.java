package io.lstmstreams.pos;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.config.Settings;
import io.lstmstreams.data.Conllu;
import io.lstmstreams.data.Sentence;
import io.lstmstreams.kafka.EmbeddedKafkaBroker;
import io.lstmstreams.kafka.KafkaBrokerExtension;
import io.lstmstreams.model.CellType;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.model.ModelSpec;
import io.lstmstreams.model.Networks;
import io.lstmstreams.registry.LiveModel;
import io.lstmstreams.registry.LiveModels;
import io.lstmstreams.registry.ModelRegistry;
import io.lstmstreams.registry.ModelWatcher;
import io.lstmstreams.tagging.TaggerFactory;
import io.lstmstreams.training.TrainingConfig;
import io.lstmstreams.wire.TagRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.learning.config.Adam;

@ExtendWith(KafkaBrokerExtension.class)
class PretrainedVectorsIT {

    private static final PosTask POS = new PosTask();

    /** 50,000 vectors of 100 floats make a bundle of 18 MiB, over the 16 MiB the registry once allowed. */
    @Test
    void aTaggerWithPretrainedVectorsGoesLiveThroughTheRegistry(EmbeddedKafkaBroker broker) throws Exception {
        KafkaBrokerExtension.createTopics(broker);
        Map<String, Object> client = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        List<Sentence> sentences = Conllu.read(Path.of("src/main/resources/data/ewt/en_ewt-ud-dev.conllu.gz")).subList(0, 40);
        List<String> tags = List.copyOf(new TreeSet<>(sentences.stream().flatMap(s -> s.tags().stream()).toList()));
        PosTask.Options options = new PosTask.Options(0, CellType.LSTM, 16, 1, 0.0, 8, 4, 64, 1, 0, TrainingConfig.defaults());
        WordFeatures features = WordFeatures.learn(sentences, 1, options.affixBuckets(), options.wordEmbedding(),
                options.affixEmbedding(), IntStream.range(0, 50_000).mapToObj(i -> "w" + i).toList(), 100, 0);
        ModelSpec spec = PosTraining.spec(features, tags, options);
        ModelBundle running = ModelBundle.of(PosTraining.metadata(spec, features, tags, 0, 1, Map.of()),
                Networks.create(spec, new Adam(), 0, 1));
        ModelBundle large = ModelBundle.of(running.metadata().successor(Instant.now()), running.network());
        assertThat(large.toBytes().length).isGreaterThan(16 << 20);

        LiveModel<TaggerFactory<TagRecord>> live = POS.live(running, Settings.defaults());
        try (ModelRegistry registry = new ModelRegistry(client);
             ModelWatcher watcher = ModelWatcher.start(client, List.of(live), new SimpleMeterRegistry())) {
            registry.promote(large, "pretrained vectors");
            LiveModels.awaitRunning(live, 2);
        }
    }
}
