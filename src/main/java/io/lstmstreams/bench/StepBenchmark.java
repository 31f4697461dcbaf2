package io.lstmstreams.bench;

import io.lstmstreams.model.BatchStepper;
import io.lstmstreams.model.CellType;
import io.lstmstreams.model.Dl4jWeights;
import io.lstmstreams.model.Ensemble;
import io.lstmstreams.model.KeyStepper;
import io.lstmstreams.model.ModelSpec;
import io.lstmstreams.model.Networks;
import io.lstmstreams.model.RecurrentModel;
import io.lstmstreams.model.RecurrentState;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Microseconds per event of one recurrent step (any cell; feature input, softmax head) through each engine, beside the
 * memory floor of a one-key step ({@link #weightsRead}): {@link KeyStepper} for
 * one key and for many, {@link BatchStepper} for many, and DL4J's {@code rnnTimeStep} for one and for many keys (not for GRU). Each figure is
 * the median over timed rounds that follow warm-up rounds (until the JIT has settled: {@link #warmUp}). DL4J keeps its state inside the network here, so its
 * figures leave out the per-key state copies a stream would add.
 */
public final class StepBenchmark {

    static final int CLASSES = 17;
    /** Where {@link #weightsRead} leaves its sums, so that the JIT cannot drop the reads. */
    private static volatile float readSums;

    /**
     * What to measure: the model's sizes, the batch size, and how long. {@code members} above 1 steps an ensemble
     * of that many models of these sizes merged into one ({@link Ensemble}), as {@code train logkeys} ships it.
     */
    public record Settings(CellType cell, int hidden, int input, int layers, int members, int keys, double seconds,
                           int rounds, int warmupRounds) {

        public Settings {
            ModelSpec.require(hidden > 0 && input > 0 && layers > 0 && members > 0 && keys > 0,
                    "sizes, members and keys must be positive");
            ModelSpec.require(seconds > 0 && rounds > 0 && warmupRounds >= 0, "seconds and rounds must be positive");
        }
    }

    /** One engine's figure. */
    public record Result(String engine, int keysPerCall, double microsPerEvent) {

        String line() {
            return String.format("%-18s %4d key%s per call: %10.2f us/event  %,12.0f events/s",
                    engine, keysPerCall, keysPerCall == 1 ? " " : "s", microsPerEvent, 1e6 / microsPerEvent);
        }
    }

    private StepBenchmark() {
    }

    /** Runs the four measurements, printing a header and each result as it completes. */
    public static List<Result> run(Settings settings, PrintWriter out) {
        out.printf("%s step: H=%d, I=%d, %d layer(s)%s, softmax of %d; %d-bit vectors; median of %d round(s) of %s s after %d or more warm-up round(s)"
                        + " (2 s at least, and until one is not 10%% faster than the one before)%n",
                settings.cell(), settings.hidden(), settings.input(), settings.layers(),
                settings.members() == 1 ? "" : ", an ensemble of " + settings.members() + " merged", CLASSES,
                KeyStepper.vectorBits(), settings.rounds(), settings.seconds(), settings.warmupRounds());
        out.flush();
        Fixture fixture = new Fixture(settings);
        List<Result> results = new ArrayList<>();
        results.add(weightsRead(settings, out));
        results.add(keyStepper(fixture, out));
        results.add(keyStepperBatched(fixture, out));
        results.add(batchStepper(fixture, out));
        if (fixture.spec.cell() == CellType.GRU) {
            out.println("DL4J rnnTimeStep: none for GRU (GruLayer, for training, keeps no state between calls)");
            out.flush();
            return results;
        }
        INDArray oneKey = Nd4j.createFromArray(new float[][][] {transpose(fixture.features[0])});
        INDArray allKeys = Nd4j.createFromArray(Arrays.stream(fixture.features).map(StepBenchmark::transpose).toArray(float[][][]::new));
        results.add(measure(settings, out, "DL4J rnnTimeStep", 1, () -> fixture.network.rnnTimeStep(oneKey)));
        fixture.network.rnnClearPreviousState();
        results.add(measure(settings, out, "DL4J rnnTimeStep", fixture.keys(), () -> fixture.network.rnnTimeStep(allKeys)));
        return results;
    }

    /** {@link KeyStepper} alone, one key per call (cycling over {@code settings.keys()} states). */
    public static Result keyStepper(Settings settings, PrintWriter out) {
        return keyStepper(new Fixture(settings), out);
    }

    /**
     * The memory floor of a one-key step: the time to read as many bytes as the model's weights (one float per
     * multiply-add of {@link #flopsPerEvent}) once ({@link KeyStepper#readOnce}). A step of one key reads every
     * weight once, from wherever that many bytes stay between steps (L2 for H=64, I=32; L3 for the default pos model).
     */
    public static Result weightsRead(Settings settings, PrintWriter out) {
        float[] weights = new float[(int) (flopsPerEvent(settings) / 2)];
        Arrays.fill(weights, 1);
        return measure(settings, out, "weights read", 1, () -> readSums += KeyStepper.readOnce(weights));
    }

    /** {@link KeyStepper} alone, {@code settings.keys()} keys per call (its Vector API form for several keys). */
    public static Result keyStepperBatched(Settings settings, PrintWriter out) {
        return keyStepperBatched(new Fixture(settings), out);
    }

    /** {@link BatchStepper} alone, {@code settings.keys()} keys per call. */
    public static Result batchStepper(Settings settings, PrintWriter out) {
        return batchStepper(new Fixture(settings), out);
    }

    /**
     * Floating-point operations of one step of one key: the cell's products, gates and head (activations left out);
     * an ensemble's members' sum, not the zeros of its merged layers.
     */
    public static long flopsPerEvent(Settings settings) {
        ModelSpec spec = memberSpec(settings);
        long flops = 2L * settings.hidden() * CLASSES;
        for (int layer = 0; layer < settings.layers(); layer++) {
            flops += 2L * spec.cell().columnBlocks() * settings.hidden() * (spec.layerInputWidth(layer) + settings.hidden());
        }
        return settings.members() * flops;
    }

    /**
     * The sgemm ceiling: GFLOP/s of ND4J's {@code gemm} on square float matrices of {@code size}, the median of
     * {@code rounds} rounds of {@code seconds}, on the BLAS threads ND4J was given (OMP_NUM_THREADS).
     */
    public static double sgemmGflops(int size, double seconds, int rounds) {
        INDArray a = Nd4j.rand(DataType.FLOAT, size, size);
        INDArray b = Nd4j.rand(DataType.FLOAT, size, size);
        INDArray c = Nd4j.zeros(DataType.FLOAT, size, size);
        Settings timing = new Settings(CellType.LSTM, 1, 1, 1, 1, 1, seconds, rounds, 1);
        double microsPerCall = measure(timing, null, "sgemm", 1, () -> Nd4j.gemm(a, b, c, false, false, 1.0, 0.0)).microsPerEvent();
        return 2.0 * size * size * size / (microsPerCall * 1e3);
    }

    private static Result keyStepper(Fixture fixture, PrintWriter out) {
        KeyStepper keyStepper = new KeyStepper(fixture.model);
        int[] next = {0};
        return measure(fixture.settings, out, "KeyStepper", 1, () -> {
            int key = next[0]++ % fixture.keys();
            keyStepper.step(fixture.states.get(key), fixture.features[key], fixture.outputs[key]);
        });
    }

    private static Result keyStepperBatched(Fixture fixture, PrintWriter out) {
        KeyStepper keyStepper = new KeyStepper(fixture.model);
        return measure(fixture.settings, out, "KeyStepper", fixture.keys(),
                () -> keyStepper.step(fixture.states, fixture.features, fixture.outputs));
    }

    private static Result batchStepper(Fixture fixture, PrintWriter out) {
        BatchStepper batchStepper = new BatchStepper(fixture.model);
        return measure(fixture.settings, out, "BatchStepper", fixture.keys(),
                () -> batchStepper.step(fixture.states, fixture.features, fixture.outputs));
    }

    private static ModelSpec memberSpec(Settings settings) {
        return new ModelSpec(ModelSpec.InputSpec.features(settings.input()), settings.cell(), settings.hidden(),
                settings.layers(), 0.0, ModelSpec.HeadSpec.softmax(CLASSES));
    }

    /** An untrained network of the settings' shape, its weights, random features and zero states for each key. */
    private static final class Fixture {
        final Settings settings;
        final ModelSpec spec;
        final ComputationGraph network;
        final RecurrentModel model;
        final float[][] features;
        final List<RecurrentState> states;
        final float[][] outputs;

        Fixture(Settings settings) {
            this.settings = settings;
            ModelSpec member = memberSpec(settings);
            this.spec = Ensemble.spec(member, settings.members());
            this.model = Ensemble.merge(IntStream.range(0, settings.members())
                    .mapToObj(k -> Dl4jWeights.extract(Networks.create(member, new Adam(1e-3), 0, 1 + k), member)).toList());
            this.network = Dl4jWeights.network(model, new Adam(1e-3), 0, 1);
            Random random = new Random(1);
            this.features = new float[settings.keys()][settings.input()];
            for (float[] row : features) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = (float) random.nextGaussian();
                }
            }
            this.states = IntStream.range(0, settings.keys()).mapToObj(key -> RecurrentState.zeros(spec, 1)).toList();
            this.outputs = new float[settings.keys()][CLASSES];
        }

        int keys() {
            return settings.keys();
        }
    }

    static Result measure(Settings settings, PrintWriter out, String engine, int keysPerCall, Runnable call) {
        long roundNanos = (long) (settings.seconds() * 1e9);
        warmUp(settings, roundNanos, keysPerCall, call);
        double[] micros = new double[settings.rounds()];
        for (int round = 0; round < settings.rounds(); round++) {
            micros[round] = timeRound(roundNanos, keysPerCall, call);
        }
        Arrays.sort(micros);
        Result result = new Result(engine, keysPerCall, micros[micros.length / 2]);
        if (out != null) {
            out.println(result.line());
            out.flush();
        }
        return result;
    }

    /**
     * The settings' warm-up rounds, lasting {@link #MIN_WARMUP_NANOS} at least (or {@link #MIN_WARMUP_ROUNDS} rounds
     * where those are shorter: a smoke run), and up to {@link #MAX_EXTRA_WARMUP_ROUNDS} more while a round still takes
     * less than {@link #SETTLED} of the one before. Before C2 compiles it the Vector API step runs tens of times
     * slower, and on slow or busy cores that came late: on an AVX2 machine one {@code bench --quick} timed the one-key
     * step at 175 us after 0.6 s of warm-up, against 3.6-4.0 us in the runs around it (2026-12-07).
     */
    private static void warmUp(Settings settings, long roundNanos, int keysPerCall, Runnable call) {
        long minimum = Math.min(MIN_WARMUP_NANOS, MIN_WARMUP_ROUNDS * roundNanos);
        int rounds = (int) Math.max(settings.warmupRounds(), (minimum + roundNanos - 1) / roundNanos) + MAX_EXTRA_WARMUP_ROUNDS;
        long start = System.nanoTime();
        double previous = Double.POSITIVE_INFINITY;
        for (int round = 0; round < rounds; round++) {
            double micros = timeRound(roundNanos, keysPerCall, call);
            boolean settled = micros >= SETTLED * previous;
            previous = micros;
            if (settled && round + 1 >= settings.warmupRounds() && System.nanoTime() - start >= minimum) {
                return;
            }
        }
    }

    private static final long MIN_WARMUP_NANOS = 2_000_000_000L;
    private static final int MIN_WARMUP_ROUNDS = 10;
    private static final int MAX_EXTRA_WARMUP_ROUNDS = 10;
    private static final double SETTLED = 0.9;

    /** Microseconds per event over calls that last {@code roundNanos} together. */
    private static double timeRound(long roundNanos, int keysPerCall, Runnable call) {
        long calls = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            call.run();
            calls++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < roundNanos);
        return elapsed / 1e3 / (calls * keysPerCall);
    }

    /** A key's features as DL4J's NCW column {@code [I][1]}. */
    private static float[][] transpose(float[] features) {
        float[][] column = new float[features.length][1];
        for (int i = 0; i < features.length; i++) {
            column[i][0] = features[i];
        }
        return column;
    }
}
