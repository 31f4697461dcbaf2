package io.lstmstreams.bench;

import io.lstmstreams.config.Settings;
import io.lstmstreams.data.Conllu;
import io.lstmstreams.data.LogSessions;
import io.lstmstreams.data.Sentence;
import io.lstmstreams.data.Series;
import io.lstmstreams.data.SeriesCsv;
import io.lstmstreams.forecast.ForecastTask;
import io.lstmstreams.kafka.TemporaryDirectory;
import io.lstmstreams.logkeys.LogKeysTask;
import io.lstmstreams.model.CellType;
import io.lstmstreams.model.KeyStepper;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.pos.PosTask;
import io.lstmstreams.registry.LiveModel;
import io.lstmstreams.tagging.SequenceState;
import io.lstmstreams.tagging.SequenceStateCodec;
import io.lstmstreams.tagging.SequenceTagger;
import io.lstmstreams.tagging.TaggerFactory;
import io.lstmstreams.tagging.TaggingSettings;
import io.lstmstreams.task.Task;
import io.lstmstreams.training.TrainingConfig;
import io.lstmstreams.wire.SeriesPoint;
import io.lstmstreams.wire.TagRecord;
import io.lstmstreams.wire.TokenEvent;
import io.lstmstreams.wire.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code bench}: every figure of the performance issue in one run on one machine, side by side: the Kafka and
 * Kafka Streams ceilings, the pipelines (most events/s sustained, latency at half that rate, both guarantees), the
 * naive DL4J baseline in the same pipeline, the step engines against an sgemm ceiling measured in the same run, and
 * what state costs. Models are trained for one epoch on a few sequences: the right shape for throughput, not for
 * accuracy. Everything runs on an embedded broker in this JVM on 127.0.0.1, so the broker shares the cores.
 */
public final class BenchSuite {

    static final String EOS = StreamsConfig.EXACTLY_ONCE_V2;
    static final String ALOS = StreamsConfig.AT_LEAST_ONCE;
    /** Sequences in flight at once, their events interleaved: many users, not one sentence after another. */
    static final int CONCURRENT_SEQUENCES = 1_000;
    /** Series in the forecasting workload, each with a point a window. */
    static final int SERIES_KEYS = 500;
    static final int[] BATCHES = {1, 64, 256, 4096};

    /**
     * How much of everything: records per backlog, seconds of the latency phase, keys of the restore.
     *
     * @param full whether the rows beyond {@code --quick}'s run: pos with the default model, logkeys, forecast,
     *             at_least_once for the ceiling and the naive baseline
     */
    public record Sizes(boolean full, int kafkaRecords, int ceilingBacklog, int posBacklog, int posDefaultBacklog,
                        int naiveBacklog, int logkeysBacklog, int forecastBacklog, int latencySeconds, double maxSeconds,
                        int stateKeys, double stepSeconds, int stepRounds) {

        public static Sizes quick() {
            return new Sizes(false, 100_000, 60_000, 40_000, 0, 3_000, 0, 0, 6, 15, 20_000, 0.2, 3);
        }

        public static Sizes all() {
            return new Sizes(true, 500_000, 300_000, 150_000, 20_000, 8_000, 150_000, 60_000, 20, 90, 1_000_000, 1, 5);
        }

        /** Everything times {@code factor} (at least a few records each): a smoke run that checks the pieces fit. */
        public Sizes scaled(double factor) {
            return new Sizes(full, scale(kafkaRecords, factor), scale(ceilingBacklog, factor), scale(posBacklog, factor),
                    scale(posDefaultBacklog, factor), scale(naiveBacklog, factor), scale(logkeysBacklog, factor),
                    scale(forecastBacklog, factor), Math.max(1, (int) Math.round(latencySeconds * factor)), maxSeconds,
                    scale(stateKeys, factor), Math.max(0.01, stepSeconds * factor), stepRounds);
        }

        private static int scale(int count, double factor) {
            return count == 0 ? 0 : Math.max(200, (int) Math.round(count * factor));
        }
    }

    /** Where the shipped data sets are. */
    public record Data(Path ewt, Path hdfs, Path series) {
    }

    private BenchSuite() {
    }

    public static BenchReport run(Sizes sizes, Data data, String command, PrintWriter out) throws InterruptedException {
        double[] loadStart = loadAverage();
        String date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String cpu = cpu();
        out.printf(Locale.ROOT, "bench%s: %d cores of %s, %d-bit vectors, load average %.2f %.2f %.2f at the start;"
                        + " embedded broker in this JVM%n", sizes.full() ? "" : " --quick", Runtime.getRuntime().availableProcessors(),
                cpu, KeyStepper.vectorBits(), loadStart[0], loadStart[1], loadStart[2]);
        out.flush();
        List<String> notes = new ArrayList<>();
        notes.add("models trained for one epoch on a few sequences: the shapes of the real ones, for throughput only");
        notes.add("events/s: a backlog drained by one stream thread, counted by committed input offsets, timed from 10% of it");
        notes.add("latency: input record timestamp to arrival at a read_committed consumer, records sent at half the rate measured");

        // The step engines first, before any broker competes for the cores.
        List<BenchReport.Step> steps = new ArrayList<>();
        double sgemm = StepBenchmark.sgemmGflops(512, sizes.stepSeconds(), sizes.stepRounds());
        out.printf(Locale.ROOT, "sgemm ceiling (ND4J gemm, 512x512, OMP_NUM_THREADS=%s, backend %s): %.1f GFLOP/s%n",
                System.getenv("OMP_NUM_THREADS"), Nd4j.getBackend().getClass().getSimpleName(), sgemm);
        out.flush();
        StepBenchmark.Settings small = stepSettings(64, 32, 1, 64, sizes);
        steps.add(step("H=64 I=32", "weights read", small, StepBenchmark.weightsRead(small, null), sgemm));
        BenchReport.Step oneKey = step("H=64 I=32", "KeyStepper", small, StepBenchmark.keyStepper(small, null), sgemm);
        steps.add(oneKey);
        for (int keys : BATCHES) {
            StepBenchmark.Settings batch = stepSettings(64, 32, 1, keys, sizes);
            if (keys > 1) { // one key a call is the row above
                steps.add(step("H=64 I=32", "KeyStepper", batch, StepBenchmark.keyStepperBatched(batch, null), sgemm));
            }
            steps.add(step("H=64 I=32", "BatchStepper", batch, StepBenchmark.batchStepper(batch, null), sgemm));
        }
        StepBenchmark.Settings large = stepSettings(256, 418, 2, 64, sizes);
        steps.add(step("2x256 I=418", "weights read", large, StepBenchmark.weightsRead(large, null), sgemm));
        steps.add(step("2x256 I=418", "KeyStepper", large, StepBenchmark.keyStepper(large, null), sgemm));
        // the default pos model as the batched pipelines step it: its weights read once for many keys
        StepBenchmark.Settings largeBatch = stepSettings(256, 418, 2, BATCH_SIZE, sizes);
        steps.add(step("2x256 I=418", "KeyStepper", largeBatch, StepBenchmark.keyStepperBatched(largeBatch, null), sgemm));
        steps.add(step("2x256 I=418", "BatchStepper", largeBatch, StepBenchmark.batchStepper(largeBatch, null), sgemm));
        steps.forEach(step -> out.printf(Locale.ROOT, "step %-12s %-13s %5d key(s)/call %10.0f ns/event %7.1f GFLOP/s %5.1f%% of sgemm%n",
                step.model(), step.engine(), step.keys(), step.nsPerEvent(), step.gflops(), 100 * step.shareOfSgemm()));
        out.flush();

        List<Sentence> sentences = Conllu.read(data.ewt());
        Settings defaults = Settings.defaults();
        PosTask pos = new PosTask();
        ModelBundle posSmall = PosTask.train(sentences.subList(0, 64), posOptions(64, 1, 32, 8, 1024), null, 0, 1, report -> { });
        List<BenchReport.State> states = new ArrayList<>();
        states.add(new BenchReport.State("pos H=64", bytesPerKey(pos.model(posSmall, defaults), sentences)));
        ModelBundle posDefault = null;
        if (sizes.full()) {
            PosTask.Options options = PosTask.Options.defaults(0);
            posDefault = PosTask.train(sentences.subList(0, 64), posOptions(options.hiddenSize(), options.layers(),
                    options.wordEmbedding(), options.affixEmbedding(), options.affixBuckets()), null, 0, 1, report -> { });
            states.add(new BenchReport.State("pos default (2x256)", bytesPerKey(pos.model(posDefault, defaults), sentences)));
        }
        int stateBytes = (int) Math.round(states.get(0).bytesPerKey());

        List<BenchReport.Pipeline> rows = new ArrayList<>();
        double kafkaCeiling;
        BenchReport.Restore restore;
        try (TemporaryDirectory temporary = TemporaryDirectory.create("lstm-bench-"); BenchKafka kafka = BenchKafka.start()) {
            Path stateDir = temporary.path();
            PipelineRun.Workload posRecords = interleaved(serial -> PosTask.records(List.of(renamed(sentences, serial))));
            kafkaCeiling = PipelineRun.kafkaCeiling(kafka, posRecords.records(sizes.kafkaRecords()),
                    kafka.partitions(Topics.TOKENS.topicName()).size());
            out.printf(Locale.ROOT, "kafka ceiling: %,.0f records/s (plain producer to plain consumer, pos records)%n", kafkaCeiling);
            out.flush();
            Supplier<Topology> ceiling = () -> CeilingTopology.build(Topics.TOKENS.topicName(), Topics.TAGS.topicName(), stateBytes);
            Supplier<Topology> posH64 = () -> topology(pos, posSmall, defaults);
            Supplier<Topology> posH64Batched = () -> topology(pos, posSmall, batched(defaults));
            Supplier<Topology> naive = () -> {
                TaggerFactory<TagRecord> model = PosTask.steppedByDl4j(posSmall);
                return pos.topology(() -> model, defaults, new SimpleMeterRegistry());
            };
            List<PipelineRun.Spec> specs = new ArrayList<>();
            for (String guarantee : sizes.full() ? List.of(EOS, ALOS) : List.of(EOS)) {
                specs.add(new PipelineRun.Spec("streams-ceiling", guarantee, ceiling, Topics.TOKENS, Topics.TAGS.topicName(),
                        posRecords, sizes.ceilingBacklog(), 0, sizes.maxSeconds()));
            }
            for (String guarantee : List.of(EOS, ALOS)) {
                specs.add(new PipelineRun.Spec("pos-h64", guarantee, posH64, Topics.TOKENS, Topics.TAGS.topicName(),
                        posRecords, sizes.posBacklog(), sizes.latencySeconds(), sizes.maxSeconds()));
            }
            specs.add(new PipelineRun.Spec("pos-h64-batched-" + BATCH_SIZE, EOS, posH64Batched, Topics.TOKENS,
                    Topics.TAGS.topicName(), posRecords, sizes.posBacklog(), sizes.latencySeconds(), sizes.maxSeconds()));
            for (String guarantee : sizes.full() ? List.of(EOS, ALOS) : List.of(EOS)) {
                specs.add(new PipelineRun.Spec("naive-dl4j-pos-h64", guarantee, naive, Topics.TOKENS, Topics.TAGS.topicName(),
                        posRecords, sizes.naiveBacklog(), 0, sizes.maxSeconds()));
            }
            if (sizes.full()) {
                specs.addAll(fullPipelines(sizes, data, defaults, posDefault, posRecords));
            }
            for (PipelineRun.Spec spec : specs) {
                BenchReport.Pipeline row = PipelineRun.run(kafka, spec, stateDir);
                rows.add(row);
                out.println(pipelineLine(row));
                out.flush();
            }
            StateCost.Figures cost = StateCost.measure(kafka, sizes.stateKeys(), stateBytes, stateDir);
            restore = new BenchReport.Restore(cost.keys(), cost.restoredRecords(), cost.stateBytes(), cost.changelogDiskBytes(), cost.localDiskBytes(),
                    cost.restoreSeconds());
            out.printf(Locale.ROOT, "state: %,d keys of %d bytes: changelog %,d bytes on the broker's disk, RocksDB %,d bytes,"
                            + " %,d records restored in %.1f s%n", cost.keys(), cost.stateBytes(), cost.changelogDiskBytes(),
                    cost.localDiskBytes(), cost.restoredRecords(), cost.restoreSeconds());
        }
        states.forEach(state -> out.printf(Locale.ROOT, "state: %s: %.0f bytes per key%n", state.model(), state.bytesPerKey()));
        double[] loadEnd = loadAverage();
        out.printf(Locale.ROOT, "load average %.2f %.2f %.2f at the end%n", loadEnd[0], loadEnd[1], loadEnd[2]);
        out.flush();

        BenchReport.Pipeline headline = find(rows, "pos-h64", EOS);
        return new BenchReport(BenchReport.FORMAT_VERSION, command, date, !sizes.full(),
                new BenchReport.Machine(Runtime.getRuntime().availableProcessors(), cpu, KeyStepper.vectorBits(), loadStart, loadEnd,
                        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                        System.getProperty("os.name") + " " + System.getProperty("os.arch"), System.getenv("OMP_NUM_THREADS")),
                headline.eventsPerS(), find(rows, "streams-ceiling", EOS).eventsPerS(),
                find(rows, "naive-dl4j-pos-h64", EOS).eventsPerS(), headline.p99Ms(), oneKey.nsPerEvent(), kafkaCeiling,
                rows, sgemm, steps, states, restore, notes);
    }

    private static List<PipelineRun.Spec> fullPipelines(Sizes sizes, Data data, Settings defaults, ModelBundle posDefault,
                                                        PipelineRun.Workload posRecords) {
        PosTask pos = new PosTask();
        LogKeysTask logkeys = new LogKeysTask();
        ForecastTask forecast = new ForecastTask();
        List<int[]> sessions = LogSessions.read(data.hdfs());
        LogKeysTask.Options logOptions = LogKeysTask.Options.defaults();
        // the shipped shape: an ensemble of logOptions.members() merged, as train logkeys makes it
        ModelBundle logModel = LogKeysTask.train(sessions.subList(0, Math.min(200, sessions.size())), new LogKeysTask.Options(
                logOptions.cell(), logOptions.hiddenSize(), logOptions.layers(), logOptions.dropout(), logOptions.embedding(),
                ONE_EPOCH, logOptions.fprTarget(), logOptions.eventRule(), logOptions.members()), 1, report -> { });
        Series series = SeriesCsv.read(data.series());
        ForecastTask.Options forecastOptions = ForecastTask.Options.defaults(12);
        ModelBundle forecastModel = ForecastTask.train(List.of(series), 12, new ForecastTask.Options(forecastOptions.horizon(),
                forecastOptions.cell(), forecastOptions.hiddenSize(), forecastOptions.layers(), forecastOptions.dropout(),
                ONE_EPOCH), 1, report -> { });
        PipelineRun.Workload logRecords = interleaved(serial -> LogKeysTask.records(List.of(sessions.get(serial % sessions.size())),
                i -> "session-" + serial));
        List<PipelineRun.Spec> specs = new ArrayList<>();
        for (String guarantee : List.of(EOS, ALOS)) {
            specs.add(new PipelineRun.Spec("pos-default", guarantee, () -> topology(pos, posDefault, defaults), Topics.TOKENS, Topics.TAGS.topicName(), posRecords,
                    sizes.posDefaultBacklog(), sizes.latencySeconds(), sizes.maxSeconds()));
            if (guarantee.equals(EOS)) {
                specs.add(new PipelineRun.Spec("pos-default-batched-" + BATCH_SIZE, guarantee,
                        () -> topology(pos, posDefault, batched(defaults)), Topics.TOKENS, Topics.TAGS.topicName(), posRecords,
                        sizes.posDefaultBacklog(), sizes.latencySeconds(), sizes.maxSeconds()));
            }
            specs.add(new PipelineRun.Spec("logkeys", guarantee, () -> topology(logkeys, logModel, defaults), Topics.EVENTS, Topics.ANOMALIES.topicName(), logRecords,
                    sizes.logkeysBacklog(), sizes.latencySeconds(), sizes.maxSeconds()));
            // Forecasts leave when a window closes: their latency is the window's, so only throughput is measured.
            specs.add(new PipelineRun.Spec("forecast", guarantee, () -> topology(forecast, forecastModel, defaults), Topics.SERIES, Topics.FORECASTS.topicName(),
                    seriesPoints(series, sizes.forecastBacklog(), defaults.get(ForecastTask.WINDOW_SIZE).toMillis()),
                    sizes.forecastBacklog(), 0, sizes.maxSeconds()));
        }
        return specs;
    }

    /** The batched rows' tagging.batch.size: the stepped-together keys at which the batched engine was measured. */
    private static final int BATCH_SIZE = 256;

    private static Settings batched(Settings settings) {
        return settings.with(TaggingSettings.BATCH_SIZE, BATCH_SIZE);
    }

    /** A task's pipeline on a fixed model, as {@code run} builds it (the model is made once, not per record). */
    private static <M extends LiveModel.Swappable<M>> Topology topology(Task<M, ?> task, ModelBundle bundle, Settings settings) {
        M model = task.model(bundle, settings);
        return task.topology(() -> model, settings, new SimpleMeterRegistry());
    }

    private static final TrainingConfig ONE_EPOCH = new TrainingConfig(TrainingConfig.Optimizer.ADAM, 2e-3, 5.0, 32, 1, 1, 0.1, 1);

    private static PosTask.Options posOptions(int hidden, int layers, int wordEmbedding, int affixEmbedding, int affixBuckets) {
        return new PosTask.Options(0, CellType.LSTM, hidden, layers, 0.0, wordEmbedding, affixEmbedding, affixBuckets, 1, 0, ONE_EPOCH);
    }

    private static StepBenchmark.Settings stepSettings(int hidden, int input, int layers, int keys, Sizes sizes) {
        // Three warm-up rounds: the first row is the JVM's first run of the step, and on busy cores C2 takes a while.
        return new StepBenchmark.Settings(CellType.LSTM, hidden, input, layers, 1, keys, sizes.stepSeconds(), sizes.stepRounds(), 3);
    }

    private static BenchReport.Step step(String model, String engine, StepBenchmark.Settings settings, StepBenchmark.Result result,
                                         double sgemm) {
        double ns = result.microsPerEvent() * 1e3;
        double gflops = StepBenchmark.flopsPerEvent(settings) / ns;
        return new BenchReport.Step(model, engine, result.keysPerCall(), ns, gflops, gflops / sgemm);
    }

    /** The mean encoded size of a sentence's state over every event of the first sentences, as the stream stores it. */
    private static double bytesPerKey(TaggerFactory<TagRecord> model, List<Sentence> sentences) {
        SequenceTagger<TagRecord> tagger = model.newTagger();
        int history = TaggingSettings.defaults(PosTask.NAME).historyLength();
        long bytes = 0;
        long events = 0;
        for (Sentence sentence : sentences.subList(0, Math.min(200, sentences.size()))) {
            SequenceState state = tagger.newState();
            for (int i = 0; i < sentence.words().size() - 1; i++) { // the last event deletes the state
                tagger.process(sentence.id(), state, TokenEvent.of(sentence.words().get(i), sentence.tags().get(i), false), history);
                bytes += SequenceStateCodec.encode(state).length;
                events++;
            }
        }
        return (double) bytes / events;
    }

    /**
     * Sequences of {@code sequence(serial)} records, {@link #CONCURRENT_SEQUENCES} in flight, their events
     * interleaved; a finished sequence makes room for the next serial.
     */
    static PipelineRun.Workload interleaved(IntFunction<List<KeyValue<String, byte[]>>> sequence) {
        List<List<KeyValue<String, byte[]>>> open = new ArrayList<>();
        List<Integer> cursors = new ArrayList<>();
        int[] next = {0};
        int[] turn = {0};
        return count -> {
            List<KeyValue<String, byte[]>> records = new ArrayList<>(count);
            while (records.size() < count) {
                while (open.size() < CONCURRENT_SEQUENCES) {
                    open.add(sequence.apply(next[0]++));
                    cursors.add(0);
                }
                int slot = turn[0]++ % open.size();
                int cursor = cursors.get(slot);
                records.add(open.get(slot).get(cursor));
                if (cursor + 1 == open.get(slot).size()) {
                    open.set(slot, sequence.apply(next[0]++));
                    cursors.set(slot, 0);
                } else {
                    cursors.set(slot, cursor + 1);
                }
            }
            return records;
        };
    }

    private static Sentence renamed(List<Sentence> sentences, int serial) {
        Sentence sentence = sentences.get(serial % sentences.size());
        return new Sentence("sentence-" + serial, sentence.words(), sentence.tags());
    }

    /**
     * {@link #SERIES_KEYS} series, a point a window each, round robin, stamped so that the last of {@code backlog}
     * points is now: every point is in the past, where the pipeline takes it, and windows close as the backlog drains.
     */
    private static PipelineRun.Workload seriesPoints(Series series, int backlog, long windowMs) {
        double[] values = series.target();
        long now = System.currentTimeMillis();
        long[] serial = {0};
        long first = now - now % windowMs - (long) Math.ceil((double) backlog / SERIES_KEYS) * windowMs;
        return count -> {
            List<KeyValue<String, byte[]>> records = new ArrayList<>(count);
            for (int i = 0; i < count; i++, serial[0]++) {
                long window = serial[0] / SERIES_KEYS;
                records.add(KeyValue.pair("series-" + serial[0] % SERIES_KEYS,
                        SeriesPoint.of(first + window * windowMs, values[(int) (window % values.length)]).toJson()));
            }
            return records;
        };
    }

    private static BenchReport.Pipeline find(List<BenchReport.Pipeline> rows, String name, String guarantee) {
        return rows.stream().filter(row -> row.name().equals(name) && row.guarantee().equals(guarantee)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no row " + name + " " + guarantee));
    }

    static String pipelineLine(BenchReport.Pipeline row) {
        String pauses = row.gcPauses() == null ? ""
                : String.format(Locale.ROOT, "  gc %d pauses, %d ms, longest %d ms", row.gcPauses(), row.gcPauseMsTotal(), row.gcPauseMsMax());
        return String.format(Locale.ROOT, "%-20s %-16s %,10.0f events/s  p50 %6s ms  p99 %6s ms  changelog %6.1f B/event  (%,d events)%s",
                row.name(), row.guarantee(), row.eventsPerS(), millis(row.p50Ms()), millis(row.p99Ms()), row.changelogBytesPerEvent(),
                row.events(), pauses);
    }

    private static String millis(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.0f", value);
    }

    /**
     * The first processor's model name, family and model from /proc/cpuinfo: a virtual machine may name only the
     * vendor ("AMD EPYC"), and the family and model tell the generation (25/1: Zen 3, 25/17: Zen 4).
     */
    private static String cpu() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            Map<String, String> fields = new HashMap<>();
            lines.takeWhile(line -> !line.isBlank()).map(line -> line.split(":", 2)).filter(field -> field.length == 2)
                    .forEach(field -> fields.putIfAbsent(field[0].trim(), field[1].trim()));
            return String.format(Locale.ROOT, "%s (family %s, model %s)", fields.getOrDefault("model name", "unknown"),
                    fields.getOrDefault("cpu family", "?"), fields.getOrDefault("model", "?"));
        } catch (IOException | UncheckedIOException e) {
            return "unknown";
        }
    }

    /** The 1, 5 and 15 minute load averages from /proc/loadavg, or the JVM's 1 minute one alone elsewhere. */
    private static double[] loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return new double[] {Double.parseDouble(fields[0]), Double.parseDouble(fields[1]), Double.parseDouble(fields[2])};
        } catch (IOException | RuntimeException e) {
            double one = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return new double[] {one, Double.NaN, Double.NaN};
        }
    }

}
