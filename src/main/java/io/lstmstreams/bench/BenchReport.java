package io.lstmstreams.bench;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * One run of the benchmark suite, as {@code bench --out} writes it (JSON, snake_case). The first five figures are
 * the headline ones {@code bench --quick} is read for; the lists hold every row of the table.
 *
 * @param pipelineEosEventsPerS   pos, H=64, exactly_once_v2: the most events/s sustained
 * @param p99MsEosHalfLoad        the same pipeline's p99 end-to-end latency at half that rate; null if not measured
 * @param naiveEventsPerS         the same pipeline with DL4J's rnnTimeStep per event, exactly_once_v2
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BenchReport(int formatVersion, String command, String date, boolean quick, Machine machine,
                          double pipelineEosEventsPerS, double streamsCeilingEventsPerS, double naiveEventsPerS,
                          Double p99MsEosHalfLoad, double stepNsPerEventSingleKey, double kafkaCeilingEventsPerS,
                          List<Pipeline> pipelines, double sgemmGflops, List<Step> steps, List<State> state, Restore restore,
                          List<String> notes) {

    /** 2: the machine's {@code cpu} and {@code vector_bits}; 3: each pipeline's {@code gc_pauses}, {@code gc_pause_ms_total}, {@code gc_pause_ms_max}. */
    public static final int FORMAT_VERSION = 3;

    /**
     * @param cpu              the CPU's model name, family and model from /proc/cpuinfo ("unknown" elsewhere)
     * @param vectorBits       the width of the vectors the step engine runs on: 512 with AVX-512, 256 with AVX2; 0
     *                         without the Vector API
     * @param loadAverageStart the 1, 5 and 15 minute load averages when the run began
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Machine(int cores, String cpu, int vectorBits, double[] loadAverageStart, double[] loadAverageEnd,
                          String java, String os, String ompNumThreads) {
    }

    /**
     * @param p50Ms   null when latency was not measured (see notes), as are the pause figures
     * @param gcPauses the collector's stop-the-world pauses while latency was measured (the whole JVM: broker,
     *                 stream threads and clients), their total and the longest in ms
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Pipeline(String name, String guarantee, long events, double eventsPerS, Double p50Ms, Double p99Ms,
                           long latencySamples, double changelogBytesPerEvent, Integer gcPauses, Long gcPauseMsTotal,
                           Long gcPauseMsMax) {
    }

    /** @param keys keys per call (1 for the one-key engine) */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Step(String model, String engine, int keys, double nsPerEvent, double gflops, double shareOfSgemm) {
    }

    /** @param bytesPerKey the mean encoded state of a live key, over every event of the sentences replayed */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record State(String model, double bytesPerKey) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Restore(int keys, long restoredRecords, int stateBytes, long changelogDiskBytes, long localDiskBytes, double restoreSeconds) {
    }
}
