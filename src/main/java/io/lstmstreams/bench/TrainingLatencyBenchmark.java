package io.lstmstreams.bench;

import io.lstmstreams.data.Conllu;
import io.lstmstreams.data.Sentence;
import io.lstmstreams.kafka.EmbeddedKafkaBroker;
import io.lstmstreams.kafka.Replayer;
import io.lstmstreams.kafka.StreamsPipeline;
import io.lstmstreams.kafka.StreamsProperties;
import io.lstmstreams.kafka.TemporaryDirectory;
import io.lstmstreams.kafka.TopicAdmin;
import io.lstmstreams.model.CellType;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.pos.PosTask;
import io.lstmstreams.registry.LiveModel;
import io.lstmstreams.retrain.Retrainer;
import io.lstmstreams.tagging.TaggerFactory;
import io.lstmstreams.training.TrainingConfig;
import io.lstmstreams.wire.TagRecord;
import io.lstmstreams.wire.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;

/**
 * Processing latency of the pos pipeline (input record timestamp to the tag's arrival at a read-committed consumer)
 * at a steady rate, first with nothing else running, then while retraining runs back to back on the training
 * executor. Embedded broker, everything on this machine.
 */
public final class TrainingLatencyBenchmark {

    /** @param rate events per second; @param seconds per measured phase; @param hidden the tagger's hidden size */
    public record Settings(Path data, int rate, int seconds, int hidden, int trainingSentences) {
    }

    private record Phase(String name, long fromMs, long toMs) {
    }

    private TrainingLatencyBenchmark() {
    }

    public static void run(Settings settings, PrintWriter out) throws InterruptedException {
        List<Sentence> sentences = Conllu.read(settings.data());
        TrainingConfig training = new TrainingConfig(TrainingConfig.Optimizer.ADAM, 2e-3, 5.0, 32, 1, 1, 0.1, 1);
        PosTask.Options options = new PosTask.Options(1, CellType.LSTM, settings.hidden(), 1, 0.0, 32, 8, 1024, 1, 0, training);
        ModelBundle bundle = PosTask.train(sentences.subList(0, 300), options, null, 0, 1, report -> { });
        PosTask pos = new PosTask();
        io.lstmstreams.config.Settings defaults = io.lstmstreams.config.Settings.defaults();
        LiveModel<TaggerFactory<TagRecord>> live = new LiveModel<>(pos.name(), candidate -> pos.model(candidate, defaults), bundle);
        List<long[]> arrivals = Collections.synchronizedList(new ArrayList<>()); // {input timestamp, latency}
        AtomicBoolean reading = new AtomicBoolean(true);
        try (TemporaryDirectory stateDir = TemporaryDirectory.create("lstm-bench-");
             EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.inTemporaryDirectory(0).start()) {
            try (TopicAdmin admin = new TopicAdmin(broker.bootstrapServers())) {
                admin.create(Topics.definitions());
            }
            try (StreamsPipeline pipeline = StreamsPipeline.start(pos.name(), pos.topology(live::current, defaults,
                            new SimpleMeterRegistry()), StreamsProperties.base("bench", broker.bootstrapServers(), stateDir.path()),
                    Duration.ofSeconds(60));
                 Replayer replayer = new Replayer(broker.bootstrapServers())) {
                Thread reader = new Thread(() -> read(broker, arrivals, reading), "latency-reader");
                reader.start();
                replay(replayer, sentences, "warmup", settings.rate(), 5);
                Phase idle = phase("without training", () -> replay(replayer, sentences, "idle", settings.rate(), settings.seconds()));
                AtomicBoolean trainingOn = new AtomicBoolean(true);
                var executor = Retrainer.trainingExecutor(1);
                List<Sentence> trainingData = sentences.subList(0, settings.trainingSentences());
                int[] runs = new int[1];
                executor.execute(() -> {
                    while (trainingOn.get()) {
                        pos.retraining(defaults).train(bundle, trainingData);
                        runs[0]++;
                    }
                });
                Thread.sleep(2_000); // training under way
                Phase busy = phase("while training", () -> replay(replayer, sentences, "busy", settings.rate(), settings.seconds()));
                trainingOn.set(false);
                Thread.sleep(2_000); // the last outputs arrive
                reading.set(false);
                reader.join();
                executor.shutdownNow();
                out.printf(Locale.ROOT, "pos tagger H=%d, %d events/s, %d s per phase, exactly_once_v2 (100 ms commits); "
                        + "latency = input record timestamp to a read_committed consumer%n", settings.hidden(), settings.rate(), settings.seconds());
                double idleP99 = report(out, idle, arrivals);
                double busyP99 = report(out, busy, arrivals);
                out.printf(Locale.ROOT, "training runs completed during the second phase: %d; p99 ratio %.2f%n", runs[0], busyP99 / idleP99);
            }
        }
    }

    private static Phase phase(String name, Runnable body) {
        long from = System.currentTimeMillis();
        body.run();
        return new Phase(name, from, System.currentTimeMillis());
    }

    private static void replay(Replayer replayer, List<Sentence> sentences, String prefix, int rate, int seconds) {
        List<KeyValue<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; records.size() < rate * seconds; i++) {
            Sentence sentence = sentences.get(i % sentences.size());
            records.addAll(PosTask.records(List.of(new Sentence(prefix + "-" + i, sentence.words(), sentence.tags()))));
        }
        replayer.replay(Topics.TOKENS, records.subList(0, rate * seconds), rate);
    }

    private static double report(PrintWriter out, Phase phase, List<long[]> arrivals) {
        long[] latencies;
        synchronized (arrivals) {
            latencies = arrivals.stream().filter(a -> a[0] >= phase.fromMs() && a[0] < phase.toMs()).mapToLong(a -> a[1]).sorted().toArray();
        }
        double p99 = percentile(latencies, 0.99);
        out.printf(Locale.ROOT, "%-17s tags %6d  p50 %5.0f ms  p99 %5.0f ms  max %5d ms%n", phase.name(), latencies.length,
                percentile(latencies, 0.5), p99, latencies.length == 0 ? 0 : latencies[latencies.length - 1]);
        return p99;
    }

    private static double percentile(long[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    }

    private static void read(EmbeddedKafkaBroker broker, List<long[]> arrivals, AtomicBoolean reading) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "latency-reader", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.TAGS.topicName()));
            while (reading.get()) {
                consumer.poll(Duration.ofMillis(50)).forEach(record -> {
                    long now = System.currentTimeMillis();
                    arrivals.add(new long[] {record.timestamp(), now - record.timestamp()});
                });
            }
        }
    }
}
