package io.lstmstreams.pos;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.config.Settings;
import io.lstmstreams.data.Conllu;
import io.lstmstreams.data.Sentence;
import io.lstmstreams.kafka.CommittedRecords;
import io.lstmstreams.kafka.EmbeddedKafkaBroker;
import io.lstmstreams.kafka.KafkaBrokerExtension;
import io.lstmstreams.kafka.Replayer;
import io.lstmstreams.kafka.StreamsPipeline;
import io.lstmstreams.kafka.StreamsProperties;
import io.lstmstreams.model.CellType;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.model.Networks;
import io.lstmstreams.registry.CurrentVersion;
import io.lstmstreams.registry.LiveModel;
import io.lstmstreams.registry.ModelRegistry;
import io.lstmstreams.registry.ModelWatcher;
import io.lstmstreams.registry.RegistrySnapshot;
import io.lstmstreams.retrain.CandidateTrainer;
import io.lstmstreams.retrain.LabelBuffer;
import io.lstmstreams.retrain.LabelFeed;
import io.lstmstreams.retrain.Retrainer;
import io.lstmstreams.tagging.SentenceAssembler;
import io.lstmstreams.tagging.TaggerFactory;
import io.lstmstreams.tagging.TaggingRetraining;
import io.lstmstreams.task.TaskRuns;
import io.lstmstreams.training.TrainingConfig;
import io.lstmstreams.training.TrainingResult;
import io.lstmstreams.wire.TagRecord;
import io.lstmstreams.wire.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.Adam;

/** Retraining on a real broker: labelled sentences stream in, better models are promoted and swapped in live. */
@ExtendWith(KafkaBrokerExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetrainingIT {

    private static final PosTask POS = new PosTask();

    static final List<Sentence> EWT_DEV = Conllu.read(Path.of("src/main/resources/data/ewt/en_ewt-ud-dev.conllu.gz"));
    static final PosTask.Options TINY = new PosTask.Options(1, CellType.LSTM, 32, 1, 0.0, 16, 8, 512, 1, 0,
            new TrainingConfig(TrainingConfig.Optimizer.ADAM, 1e-2, 5.0, 32, 1, 1, 0.1, 1));
    static final TrainingConfig RETRAINING = new TrainingConfig(TrainingConfig.Optimizer.ADAM, 1e-2, 5.0, 32, 3, 1, 0.1, 1);

    @TempDir
    static Path stateDir;

    @BeforeAll
    static void createTopics(EmbeddedKafkaBroker broker) {
        KafkaBrokerExtension.createTopics(broker);
    }

    @Test
    @Order(1)
    void aWeakModelIsRetrainedValidatedPublishedAndSwappedInWithoutARestart(EmbeddedKafkaBroker broker) throws Exception {
        ModelBundle weak = PosTraining.train(EWT_DEV.subList(1900, 1950), TINY, 1, report -> { });
        BlockingQueue<Retrainer.Outcome> outcomes = new LinkedBlockingQueue<>();
        try (ModelRegistry registry = new ModelRegistry(client(broker))) {
            registry.promote(weak, "weak start");
        }
        LiveModel<TaggerFactory<TagRecord>> live = POS.live(weak, Settings.defaults());
        LabelBuffer<Sentence> buffer = new LabelBuffer<>(5_000, Duration.ofDays(1), 10, 1);
        ExecutorService training = Retrainer.trainingExecutor(1);
        try (ModelWatcher watcher = ModelWatcher.start(client(broker), List.of(live), new SimpleMeterRegistry());
             ModelRegistry registry = new ModelRegistry(client(broker));
             StreamsPipeline pipeline = startPipeline(broker, live);
             LabelFeed<Sentence> feed = LabelFeed.start(client(broker), "pos", new SentenceAssembler("pos", 10_000), buffer,
                     Duration.ofDays(1));
             Retrainer<Sentence> retrainer = new Retrainer<>("pos", live::bundle, buffer, PosTask.retraining(RETRAINING),
                     registry, () -> snapshot(broker), new Retrainer.Settings(Duration.ofSeconds(1), 600, 0.02),
                     training, outcomes::add).start()) {
            assertThat(watcher.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            List<Sentence> before = EWT_DEV.subList(0, 700);
            List<Sentence> after = EWT_DEV.subList(1000, 1200);

            replay(broker, before);
            Retrainer.Outcome outcome = outcomes.poll(240, TimeUnit.SECONDS);
            assertThat(outcome).isNotNull();
            assertThat(outcome.promoted()).as(outcome.reason()).isTrue();
            awaitUntil(() -> live.runningVersion() == outcome.promotedVersion());
            replay(broker, after);

            List<TagRecord> tags = CommittedRecords.read(broker, Topics.TAGS, tokens(before) + tokens(after), TagRecord::fromJson);
            double accuracyBefore = accuracy(tags, tag -> tag.modelVersion() == 1);
            double accuracyAfter = accuracy(tags, tag -> tag.modelVersion() == outcome.promotedVersion());
            System.out.printf(Locale.ROOT, "retraining: held-apart %.4f -> %.4f; streamed accuracy v1 %.4f (%d tags), v%d %.4f%n",
                    outcome.parentScore(), outcome.candidateScore(), accuracyBefore,
                    tags.stream().filter(tag -> tag.modelVersion() == 1).count(), outcome.promotedVersion(), accuracyAfter);
            assertThat(tags).hasSize(tokens(before) + tokens(after));
            assertThat(accuracyAfter).isGreaterThan(accuracyBefore + 0.05);
            assertThat(pipeline.state()).isEqualTo(KafkaStreams.State.RUNNING);
            var promoted = snapshot(broker).task("pos").version(outcome.promotedVersion()).orElseThrow().metadata();
            assertThat(promoted.parentVersion()).isEqualTo(1L);
            assertThat(promoted.trainingMetrics()).containsKeys(Retrainer.HELD_APART_SCORE, Retrainer.PARENT_HELD_APART_SCORE);
            assertThat(promoted.properties()).containsKeys("trainingWindowStart", "trainingWindowEnd", "trainingExamples");
        } finally {
            training.shutdownNow();
        }
    }

    @Test
    @Order(2)
    void aWorseCandidateIsNotPromoted(EmbeddedKafkaBroker broker) {
        ModelBundle running = PosTraining.train(EWT_DEV.subList(1900, 1950), TINY, 1, report -> { });
        LabelBuffer<Sentence> buffer = filledBuffer();
        TaggingRetraining scoring = PosTask.retraining(RETRAINING);
        CandidateTrainer<Sentence> forgetful = new CandidateTrainer<>() { // "trains" a network back to random weights
            @Override
            public TrainingResult train(ModelBundle current, List<Sentence> training) {
                var spec = current.metadata().spec();
                return new TrainingResult(Networks.create(spec, new Adam(1e-3), 0, 5), 1, List.of(), Map.of());
            }

            @Override
            public double score(ModelBundle bundle, List<Sentence> validation) {
                return scoring.score(bundle, validation);
            }
        };
        RegistrySnapshot.TaskVersions versionsBefore = snapshot(broker).task("pos");
        AtomicInteger reads = new AtomicInteger();
        ExecutorService training = Retrainer.trainingExecutor(1);
        try (ModelRegistry registry = new ModelRegistry(client(broker));
             Retrainer<Sentence> retrainer = new Retrainer<>("pos", () -> running, buffer, forgetful,
                     registry, () -> counted(reads, broker), new Retrainer.Settings(Duration.ofDays(1), 1, 0.0), training, o -> { })) {

            Retrainer.Outcome outcome = retrainer.runOnce();

            assertThat(outcome.promoted()).isFalse();
            assertThat(outcome.candidateScore()).isLessThan(outcome.parentScore());
            assertThat(reads).as("registry reads of a run that promotes nothing").hasValue(1);
            RegistrySnapshot.TaskVersions versionsAfter = snapshot(broker).task("pos");
            assertThat(versionsAfter.versions().keySet()).isEqualTo(versionsBefore.versions().keySet());
            assertThat(versionsAfter.pointer()).isEqualTo(versionsBefore.pointer());
        } finally {
            training.shutdownNow();
        }
    }

    @Test
    @Order(3)
    void aCorruptOrIncompatibleBundleIsRejectedAndCountedAndTheRunningModelStays(EmbeddedKafkaBroker broker) throws Exception {
        ModelBundle running = PosTraining.train(EWT_DEV.subList(1900, 1950), TINY, 1, report -> { });
        LiveModel<TaggerFactory<TagRecord>> live = POS.live(running, Settings.defaults());
        byte[] corrupt = running.toBytes();
        corrupt[corrupt.length / 2] ^= 0x5A;
        PosTask.Options otherLookahead = new PosTask.Options(2, CellType.LSTM, 16, 1, 0.0, 8, 4, 64, 1, 0, TINY.training());
        ModelBundle incompatible = PosTraining.train(EWT_DEV.subList(0, 20), otherLookahead, 98, report -> { });

        try (ModelWatcher watcher = ModelWatcher.start(client(broker), List.of(live), new SimpleMeterRegistry())) {
            assertThat(watcher.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            long version = live.runningVersion(); // what the registry points to, if an earlier test promoted one
            long rejectedBefore = watcher.rejected("pos");
            try (ModelRegistry registry = new ModelRegistry(client(broker))) {
                writeRaw(broker, "pos/99", corrupt);
                registry.promote(incompatible, "lookahead 2");
                writeRaw(broker, "pos/current", "{\"v\":1,\"version\":99,\"pinned\":false}".getBytes());
            }
            awaitUntil(() -> watcher.rejected("pos") == rejectedBefore + 2);
            Thread.sleep(500);

            assertThat(live.runningVersion()).isEqualTo(version);
        }
    }

    @Test
    @Order(4)
    void aPromotingRunReadsTheRegistryOnceBeforeTrainingAndOnceBeforePromoting(EmbeddedKafkaBroker broker) {
        ModelBundle running = PosTraining.train(EWT_DEV.subList(1900, 1950), TINY, 1, report -> { });
        long nextVersion = snapshot(broker).task("pos").nextVersion();
        AtomicInteger reads = new AtomicInteger();
        ExecutorService training = Retrainer.trainingExecutor(1);
        try (ModelRegistry registry = new ModelRegistry(client(broker));
             Retrainer<Sentence> retrainer = new Retrainer<>("pos", () -> running, filledBuffer(),
                     judgedBetter(running, () -> { }), registry, () -> counted(reads, broker),
                     new Retrainer.Settings(Duration.ofDays(1), 1, 0.0), training, o -> { })) {

            Retrainer.Outcome outcome = retrainer.runOnce();

            assertThat(outcome.promotedVersion()).as(outcome.reason()).isEqualTo(nextVersion);
            assertThat(reads).hasValue(2);
            assertThat(snapshot(broker).task("pos").pointer().version()).isEqualTo(nextVersion);
        } finally {
            training.shutdownNow();
        }
    }

    @Test
    @Order(5)
    void aPinWhileARunTrainsStopsItsPromotion(EmbeddedKafkaBroker broker) {
        ModelBundle running = PosTraining.train(EWT_DEV.subList(1900, 1950), TINY, 1, report -> { });
        RegistrySnapshot.TaskVersions versionsBefore = snapshot(broker).task("pos");
        ExecutorService training = Retrainer.trainingExecutor(1);
        try (ModelRegistry registry = new ModelRegistry(client(broker));
             Retrainer<Sentence> retrainer = new Retrainer<>("pos", () -> running, filledBuffer(),
                     judgedBetter(running, () -> registry.point("pos", CurrentVersion.of(1, true, "pinned mid-run"))),
                     registry, () -> snapshot(broker), new Retrainer.Settings(Duration.ofDays(1), 1, 0.0), training, o -> { })) {

            Retrainer.Outcome outcome = retrainer.runOnce();

            assertThat(outcome.promoted()).isFalse();
            assertThat(outcome.reason()).isEqualTo("not promoted: pinned to version 1 meanwhile");
            RegistrySnapshot.TaskVersions versionsAfter = snapshot(broker).task("pos");
            assertThat(versionsAfter.versions().keySet()).isEqualTo(versionsBefore.versions().keySet());
            assertThat(versionsAfter.pointer()).isEqualTo(CurrentVersion.of(1, true, "pinned mid-run"));
        } finally {
            training.shutdownNow();
        }
    }

    private static LabelBuffer<Sentence> filledBuffer() {
        LabelBuffer<Sentence> buffer = new LabelBuffer<>(5_000, Duration.ofDays(1), 10, 1);
        EWT_DEV.subList(0, 300).forEach(s -> buffer.add(new LabelBuffer.Example<>(s.id(), s, 0)));
        return buffer;
    }

    /** "Trains" by returning the running network unchanged, after {@code whileTraining}, and scores it above the running bundle. */
    private static CandidateTrainer<Sentence> judgedBetter(ModelBundle running, Runnable whileTraining) {
        return new CandidateTrainer<>() {
            @Override
            public TrainingResult train(ModelBundle current, List<Sentence> training) {
                whileTraining.run();
                return new TrainingResult(current.network(), 1, List.of(), Map.of());
            }

            @Override
            public double score(ModelBundle bundle, List<Sentence> validation) {
                return bundle == running ? 0.5 : 0.9;
            }
        };
    }

    private static RegistrySnapshot counted(AtomicInteger reads, EmbeddedKafkaBroker broker) {
        reads.incrementAndGet();
        return snapshot(broker);
    }

    private static StreamsPipeline startPipeline(EmbeddedKafkaBroker broker, LiveModel<TaggerFactory<TagRecord>> live) {
        return TaskRuns.start(POS, live::current, StreamsProperties.base("it-retrain", broker.bootstrapServers(), stateDir));
    }

    private static void replay(EmbeddedKafkaBroker broker, List<Sentence> sentences) {
        try (Replayer replayer = new Replayer(broker.bootstrapServers())) {
            replayer.replay(Topics.TOKENS, sentences.stream().flatMap(s -> PosEvaluation.events(s).stream()
                    .map(event -> KeyValue.pair(s.id(), event.toJson()))).toList(), 0);
        }
    }

    private static void writeRaw(EmbeddedKafkaBroker broker, String key, byte[] value) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.MODELS.topicName(), key, value)).get();
        }
    }

    private static int tokens(List<Sentence> sentences) {
        return sentences.stream().mapToInt(Sentence::length).sum();
    }

    private static double accuracy(List<TagRecord> tags, Predicate<TagRecord> which) {
        List<TagRecord> selected = tags.stream().filter(which).toList();
        return (double) selected.stream().filter(tag -> tag.tag().equals(tag.gold())).count() / selected.size();
    }

    static Map<String, Object> client(EmbeddedKafkaBroker broker) {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    }

    static RegistrySnapshot snapshot(EmbeddedKafkaBroker broker) {
        return RegistrySnapshot.read(client(broker), Duration.ofSeconds(30));
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 60 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
