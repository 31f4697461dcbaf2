package io.lstmstreams.cli;

import io.lstmstreams.config.ConfigKey;
import io.lstmstreams.config.Setting;
import io.lstmstreams.demo.Demo;
import io.lstmstreams.demo.DemoOptions;
import io.lstmstreams.kafka.TemporaryDirectory;
import io.lstmstreams.tagging.TaggingSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code soak}: the demo's whole system (embedded broker, three pipelines, retraining every 20 s, feeds at a steady
 * rate) for a long while with idle expiry on, sampling once a minute what would grow if something leaked: heap
 * after a full GC, the process's resident memory, the state directory on disk and the keys in state. Not a test:
 * its figures depend on the machine, and it takes as long as it is told.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = {"Run the demo's system (embedded broker, all pipelines, retraining every 20 s) for a long while",
                "with idle expiry on, printing once a minute: heap after GC, RSS, state directory size, keys in state.",
                "Ends with a verdict line: each measure's slope over the run after its first third (MiB per minute),",
                "and FLAT when heap grew less than 2, RSS less than 8 and state less than 1 MiB per minute; else GROWING."})
final class SoakCommand implements Callable<Integer> {

    static final double MAX_HEAP_SLOPE = 2;
    static final double MAX_RSS_SLOPE = 8;
    static final double MAX_STATE_SLOPE = 1;
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final double MIB = 1 << 20;

    @Option(names = "--minutes", paramLabel = "M", defaultValue = "30", description = "How long (default: ${DEFAULT-VALUE}).")
    long minutes;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "50",
            description = "Events per second each feed sends (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "tagging.idle.timeout for the run (default: ${DEFAULT-VALUE}; the feeds end every sequence,"
                    + " the synthetic anomalies some not).")
    String idleTimeout;

    @Spec
    CommandSpec spec;

    /** One minute's measures. */
    record Sample(double minute, double heapMiB, double rssMiB, double stateMiB, double keys) {
    }

    @Override
    public Integer call() throws Exception {
        if (minutes < 2) {
            throw new ParameterException(spec.commandLine(), "--minutes must be at least 2, got " + minutes);
        }
        PrintWriter out = spec.commandLine().getOut();
        List<Sample> samples = new ArrayList<>();
        try (TemporaryDirectory temporary = TemporaryDirectory.create("lstm-soak-")) {
            Path workDir = temporary.path();
            DemoOptions options;
            try {
                options = new DemoOptions(Duration.ofMinutes(minutes), rate, 0, workDir);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            Demo demo = Demo.start(options, out, false, List.of(
                    new Setting(TaggingSettings.IDLE_TIMEOUT.name(), idleTimeout, "--idle-timeout"),
                    new Setting(ConfigKey.RETRAIN_ENABLED.name(), "true", "soak")));
            long begin = System.nanoTime();
            UntilStopped.run(options.duration(), TICK, () -> {
                demo.tick();
                double minute = (System.nanoTime() - begin) / 60e9;
                if (minute >= samples.size() + 1) {
                    Sample sample = sample(minute, workDir.resolve("state"));
                    samples.add(sample);
                    out.printf(Locale.ROOT, "soak: minute %.0f heap_after_gc_mib=%.1f rss_mib=%.1f state_mib=%.2f keys=%.0f%n",
                            sample.minute(), sample.heapMiB(), sample.rssMiB(), sample.stateMiB(), sample.keys());
                    out.flush();
                }
            }, demo::close);
            demo.summaryLines().forEach(out::println);
        }
        String verdict = verdict(samples);
        out.println(verdict);
        out.flush();
        return verdict.contains(" FLAT ") ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /**
     * Least-squares slopes per minute over the samples after the first third of the run (at least the first minute),
     * and whether all stay under their limits. The first third is warm-up: JIT, natives, the first models, the heap
     * settling to its working size (a 30-minute run here stepped from 99 to 412 MiB at minute 7, then grew 0.52 MiB
     * a minute); a leak grows on through the rest.
     */
    static String verdict(List<Sample> samples) {
        List<Sample> steady = samples.size() > 2 ? samples.subList(Math.max(1, samples.size() / 3), samples.size()) : samples;
        if (steady.size() < 2) {
            return "soak: verdict UNKNOWN (fewer than two samples)";
        }
        double heap = slope(steady, Sample::heapMiB);
        double rss = slope(steady, Sample::rssMiB);
        double state = slope(steady, Sample::stateMiB);
        double keys = slope(steady, Sample::keys);
        boolean flat = heap < MAX_HEAP_SLOPE && rss < MAX_RSS_SLOPE && state < MAX_STATE_SLOPE;
        return String.format(Locale.ROOT, "soak: verdict %s minutes=%.1f heap_slope_mib_per_min=%.2f"
                        + " rss_slope_mib_per_min=%.2f state_slope_mib_per_min=%.3f keys_slope_per_min=%.1f"
                        + " heap_first_last_mib=%.1f/%.1f rss_first_last_mib=%.1f/%.1f", flat ? "FLAT" : "GROWING",
                samples.get(samples.size() - 1).minute(), heap, rss, state, keys, steady.get(0).heapMiB(),
                steady.get(steady.size() - 1).heapMiB(), steady.get(0).rssMiB(), steady.get(steady.size() - 1).rssMiB());
    }

    private static double slope(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> measure) {
        double meanX = samples.stream().mapToDouble(Sample::minute).average().orElse(0);
        double meanY = samples.stream().mapToDouble(measure).average().orElse(0);
        double covariance = 0;
        double variance = 0;
        for (Sample sample : samples) {
            covariance += (sample.minute() - meanX) * (measure.applyAsDouble(sample) - meanY);
            variance += (sample.minute() - meanX) * (sample.minute() - meanX);
        }
        return variance == 0 ? 0 : covariance / variance;
    }

    private static Sample sample(double minute, Path stateDir) {
        System.gc(); // heap after a full collection: what is still referenced
        double heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / MIB;
        double keys = Metrics.globalRegistry.find("lstm.pipeline.keys").gauges().stream().mapToDouble(Gauge::value).sum();
        return new Sample(minute, heap, residentMiB(), sizeMiB(stateDir), keys);
    }

    /** VmRSS from /proc (Linux); NaN elsewhere. */
    private static double residentMiB() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(line -> line.startsWith("VmRSS:")).findFirst()
                    .map(line -> Double.parseDouble(line.replaceAll("[^0-9]", "")) / 1024).orElse(Double.NaN);
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    private static double sizeMiB(Path directory) {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return 0; // RocksDB removed it meanwhile
                }
            }).sum() / MIB;
        } catch (IOException | UncheckedIOException e) {
            return Double.NaN;
        }
    }
}
