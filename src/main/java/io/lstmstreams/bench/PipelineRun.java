package io.lstmstreams.bench;

import io.lstmstreams.kafka.Replayer;
import io.lstmstreams.kafka.StreamsPipeline;
import io.lstmstreams.kafka.StreamsProperties;
import io.lstmstreams.wire.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * One pipeline on the benchmark's broker: the most events per second it sustains (a backlog already on its input,
 * drained by one stream thread, counted by the offsets it commits), the changelog bytes that cost, then the
 * end-to-end latency (input record timestamp to arrival at a read_committed consumer of its output) at half that
 * rate. Also the Kafka ceiling: a plain producer to a plain consumer, same records.
 */
final class PipelineRun {

    /** Progress is timed from this share of the backlog on: the start (JIT, first fetches) is left out. */
    private static final double WARM_SHARE = 0.1;

    /** Fresh records of a workload; each call continues where the last ended, under keys not used before. */
    interface Workload {
        List<KeyValue<String, byte[]>> records(int count);
    }

    /**
     * @param latencySeconds how long the half-rate phase lasts; 0 skips it (for a pipeline whose outputs wait for
     *                       windows to close, latency is that of the windows)
     * @param maxSeconds     the backlog is measured for at most this long
     */
    record Spec(String name, String guarantee, Supplier<Topology> topology, Topic<String, byte[]> input, String output,
                Workload workload, int backlog, int latencySeconds, double maxSeconds) {
    }

    private PipelineRun() {
    }

    static BenchReport.Pipeline run(BenchKafka kafka, Spec spec, Path stateDir) throws InterruptedException {
        kafka.empty();
        String application = "bench-" + spec.name() + "-" + spec.guarantee();
        Map<TopicPartition, Long> from = kafka.endOffsets(spec.input().topicName());
        try (Replayer replayer = new Replayer(kafka.bootstrapServers())) {
            replayer.replay(spec.input(), spec.workload().records(spec.backlog()), 0);
            Properties properties = StreamsProperties.base(application, kafka.bootstrapServers(), stateDir.resolve(application));
            properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, spec.guarantee());
            try (StreamsPipeline pipeline = StreamsPipeline.start(spec.name(), spec.topology().get(), properties, Duration.ofSeconds(60))) {
                long startedAt = System.nanoTime();
                long deadline = startedAt + (long) (spec.maxSeconds() * 1e9);
                long warmAt = 0;
                long warmEvents = 0;
                long done;
                long now;
                do {
                    Thread.sleep(50);
                    done = kafka.committedSince(application, from);
                    now = System.nanoTime();
                    if (warmAt == 0 && done >= WARM_SHARE * spec.backlog()) {
                        warmAt = now;
                        warmEvents = done;
                    }
                } while (done < spec.backlog() && now < deadline && pipeline.failure().isEmpty());
                if (pipeline.failure().isPresent()) {
                    throw new IllegalStateException(spec.name() + " pipeline failed", pipeline.failure().get());
                }
                if (warmAt == 0) {
                    throw new IllegalStateException(spec.name() + ": only " + done + " of " + spec.backlog()
                            + " events in " + spec.maxSeconds() + " s; give it a smaller backlog");
                }
                if (now == warmAt) { // a backlog drained between two looks (a smoke run): timed from the start
                    warmAt = startedAt;
                    warmEvents = 0;
                }
                double rate = (done - warmEvents) / ((now - warmAt) / 1e9);
                double changelog = (double) kafka.changelogBytes(application) / done;
                if (spec.latencySeconds() == 0 || done < spec.backlog()) {
                    return new BenchReport.Pipeline(spec.name(), spec.guarantee(), done, rate, null, null, 0, changelog, null, null, null);
                }
                try (GcPauses pauses = new GcPauses()) {
                    long[] latencies = latencies(kafka, spec, replayer, rate / 2);
                    GcPauses.Figures gc = pauses.figures();
                    return new BenchReport.Pipeline(spec.name(), spec.guarantee(), done, rate, percentile(latencies, 0.5),
                            percentile(latencies, 0.99), latencies.length, changelog, gc.pauses(), gc.totalMs(), gc.maxMs());
                }
            }
        }
    }

    /** Latencies in ms of the outputs of records sent at {@code rate} for the spec's latency seconds, sorted. */
    private static long[] latencies(BenchKafka kafka, Spec spec, Replayer replayer, double rate) throws InterruptedException {
        List<TopicPartition> partitions = kafka.partitions(spec.output());
        List<long[]> arrivals = new ArrayList<>(); // {input timestamp, latency}
        AtomicBoolean reading = new AtomicBoolean(true);
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long[] phase = new long[2];
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolved now: outputs of the backlog are not read
            Thread sender = new Thread(() -> {
                List<KeyValue<String, byte[]>> records = spec.workload().records((int) Math.max(1, rate * spec.latencySeconds()));
                phase[0] = System.currentTimeMillis();
                replayer.replay(spec.input(), records, rate);
                phase[1] = System.currentTimeMillis();
                reading.set(false);
            }, "bench-latency-sender");
            sender.start();
            long quietUntil = Long.MAX_VALUE;
            while (System.currentTimeMillis() < quietUntil) {
                int before = arrivals.size();
                consumer.poll(Duration.ofMillis(20)).forEach(record -> arrivals.add(
                        new long[] {record.timestamp(), System.currentTimeMillis() - record.timestamp()}));
                if (!reading.get() && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.currentTimeMillis() + 2_000; // the last outputs of the phase
                }
                if (arrivals.size() > before && !reading.get()) {
                    quietUntil = System.currentTimeMillis() + 2_000;
                }
            }
            sender.join();
        }
        return arrivals.stream().filter(arrival -> arrival[0] >= phase[0] && arrival[0] <= phase[1])
                .mapToLong(arrival -> arrival[1]).sorted().toArray();
    }

    /** Plain producer to plain consumer on a topic of the input's partitions: records per second end to end. */
    static double kafkaCeiling(BenchKafka kafka, List<KeyValue<String, byte[]>> records, int partitions) {
        String topic = "bench-kafka-ceiling";
        kafka.createTopic(topic, partitions, Map.of());
        Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5);
        Map<String, Object> consumerConfig = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer())) {
            List<TopicPartition> assigned = kafka.partitions(topic);
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            assigned.forEach(consumer::position);
            long start = System.nanoTime();
            Thread sender = new Thread(() -> {
                records.forEach(record -> producer.send(new ProducerRecord<>(topic, record.key, record.value)));
                producer.flush();
            }, "bench-ceiling-sender");
            sender.start();
            long received = 0;
            while (received < records.size()) {
                received += consumer.poll(Duration.ofMillis(50)).count();
            }
            double rate = received / ((System.nanoTime() - start) / 1e9);
            sender.join();
            return rate;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static Double percentile(long[] sorted, double q) {
        return sorted.length == 0 ? null : (double) sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    }
}
