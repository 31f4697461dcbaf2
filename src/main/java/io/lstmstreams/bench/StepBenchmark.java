package io.lstmstreams.bench;

import io.lstmstreams.model.BatchStepper;
import io.lstmstreams.model.CellType;
import io.lstmstreams.model.Dl4jWeights;
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
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Microseconds per event of one recurrent step (any cell; feature input, softmax head) through each engine: {@link KeyStepper} for
 * one key, {@link BatchStepper} for many, and DL4J's {@code rnnTimeStep} for one and for many keys (not for GRU). Each figure is
 * the median over timed rounds that follow warm-up rounds. DL4J keeps its state inside the network here, so its
 * figures leave out the per-key state copies a stream would add.
 */
public final class StepBenchmark {

    static final int CLASSES = 17;

    /** What to measure: the model's sizes, the batch size, and how long. */
    public record Settings(CellType cell, int hidden, int input, int layers, int keys, double seconds, int rounds,
                           int warmupRounds) {

        public Settings {
            ModelSpec.require(hidden > 0 && input > 0 && layers > 0 && keys > 0, "sizes and keys must be positive");
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
        ModelSpec spec = new ModelSpec(ModelSpec.InputSpec.features(settings.input()), settings.cell(), settings.hidden(),
                settings.layers(), 0.0, ModelSpec.HeadSpec.softmax(CLASSES));
        out.printf("%s step: H=%d, I=%d, %d layer(s), softmax of %d; median of %d round(s) of %s s after %d warm-up round(s)%n",
                settings.cell(), settings.hidden(), settings.input(), settings.layers(), CLASSES, settings.rounds(), settings.seconds(),
                settings.warmupRounds());
        out.flush();
        ComputationGraph network = Networks.create(spec, new Adam(1e-3), 0, 1);
        RecurrentModel model = Dl4jWeights.extract(network, spec);
        Random random = new Random(1);
        int keys = settings.keys();
        float[][] features = new float[keys][settings.input()];
        for (float[] row : features) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) random.nextGaussian();
            }
        }
        List<RecurrentState> states = IntStream.range(0, keys).mapToObj(key -> RecurrentState.zeros(spec, 1)).toList();
        float[][] outputs = new float[keys][CLASSES];

        KeyStepper keyStepper = new KeyStepper(model);
        BatchStepper batchStepper = new BatchStepper(model);
        INDArray oneKey = Nd4j.createFromArray(new float[][][] {transpose(features[0])});
        INDArray allKeys = Nd4j.createFromArray(Arrays.stream(features).map(StepBenchmark::transpose).toArray(float[][][]::new));
        int[] next = {0};

        List<Result> results = new ArrayList<>();
        results.add(measure(settings, out, "KeyStepper", 1, () -> {
            int key = next[0]++ % keys;
            keyStepper.step(states.get(key), features[key], outputs[key]);
        }));
        results.add(measure(settings, out, "BatchStepper", keys, () -> batchStepper.step(states, features, outputs)));
        if (spec.cell() == CellType.GRU) {
            out.println("DL4J rnnTimeStep: none for GRU (GruLayer, for training, keeps no state between calls)");
            out.flush();
            return results;
        }
        results.add(measure(settings, out, "DL4J rnnTimeStep", 1, () -> network.rnnTimeStep(oneKey)));
        network.rnnClearPreviousState();
        results.add(measure(settings, out, "DL4J rnnTimeStep", keys, () -> network.rnnTimeStep(allKeys)));
        return results;
    }

    private static Result measure(Settings settings, PrintWriter out, String engine, int keysPerCall, Runnable call) {
        long roundNanos = (long) (settings.seconds() * 1e9);
        double[] micros = new double[settings.rounds()];
        for (int round = -settings.warmupRounds(); round < settings.rounds(); round++) {
            long calls = 0;
            long start = System.nanoTime();
            long elapsed;
            do {
                call.run();
                calls++;
                elapsed = System.nanoTime() - start;
            } while (elapsed < roundNanos);
            if (round >= 0) {
                micros[round] = elapsed / 1e3 / (calls * keysPerCall);
            }
        }
        Arrays.sort(micros);
        Result result = new Result(engine, keysPerCall, micros[micros.length / 2]);
        out.println(result.line());
        out.flush();
        return result;
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
