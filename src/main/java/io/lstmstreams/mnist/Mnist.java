package io.lstmstreams.mnist;

import io.lstmstreams.model.BundleMetadata;
import io.lstmstreams.model.CellType;
import io.lstmstreams.model.Dl4jWeights;
import io.lstmstreams.model.KeyStepper;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.model.ModelSpec;
import io.lstmstreams.model.RecurrentState;
import io.lstmstreams.training.NumericSequence;
import io.lstmstreams.training.ProgressListener;
import io.lstmstreams.training.Trainer;
import io.lstmstreams.training.TrainingConfig;
import io.lstmstreams.training.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Row-by-row MNIST, the benchmark the literature compares recurrent cells on: an image is a sequence of its 28 rows
 * of 28 pixels, and the class is read from the last step. Sequence classification needs no head of its own here:
 * the per-step softmax head has a target at the last step only, so training and the answer both come from the last
 * hidden state, and the answer is what {@link KeyStepper} gives after the last row, as a stream would.
 */
public final class Mnist {

    public static final String NAME = "mnist";
    public static final int CLASSES = 10;

    /** The network and training settings; the defaults are the published comparison's (Keras, 20 epochs). */
    public record Options(CellType cell, int hiddenSize, int layers, double dropout, TrainingConfig training) {

        public static Options defaults() {
            return new Options(CellType.LSTM, 128, 1, 0.0,
                    new TrainingConfig(TrainingConfig.Optimizer.ADAM, 1e-3, 0, 128, 20, 20, 0.1, 42));
        }
    }

    /** Images with their digits. */
    public record Digits(float[][][] images, int[] labels) {

        public Digits {
            if (images.length != labels.length) {
                throw new IllegalArgumentException(images.length + " images but " + labels.length + " labels");
            }
        }

        public static Digits read(Path images, Path labels) throws IOException {
            return new Digits(Idx.images(images), Idx.labels(labels));
        }

        public int size() {
            return labels.length;
        }

        /** Images {@code [from, to)}. */
        public Digits range(int from, int to) {
            return new Digits(Arrays.copyOfRange(images, from, to), Arrays.copyOfRange(labels, from, to));
        }
    }

    private Mnist() {
    }

    /** Trains on {@code training}; {@code validation} drives early stopping and is never trained on. */
    public static ModelBundle train(Digits training, Digits validation, Options options, long modelVersion,
                                    ProgressListener listener) {
        int rows = training.images()[0].length;
        int columns = training.images()[0][0].length;
        ModelSpec spec = new ModelSpec(ModelSpec.InputSpec.features(columns), options.cell(), options.hiddenSize(),
                options.layers(), options.dropout(), ModelSpec.HeadSpec.softmax(CLASSES));
        TrainingResult result = new Trainer(options.training(), listener).train(spec, sequences(training),
                sequences(validation));
        BundleMetadata metadata = new BundleMetadata(NAME, modelVersion, null, spec, Map.of(),
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), null, result.metrics(), Instant.now(),
                Map.of("rows", Integer.toString(rows)));
        return ModelBundle.of(metadata, result.network());
    }

    /** The share of {@code digits} whose class, read after the last row through the streaming step, is right. */
    public static double accuracy(ModelBundle bundle, Digits digits) {
        if (!NAME.equals(bundle.metadata().task())) {
            throw new IllegalArgumentException("model is for task '" + bundle.metadata().task() + "', not '" + NAME + "'");
        }
        ModelSpec spec = bundle.metadata().spec();
        KeyStepper stepper = new KeyStepper(Dl4jWeights.extract(bundle.network(), spec));
        float[] probabilities = new float[CLASSES];
        long correct = 0;
        for (int image = 0; image < digits.size(); image++) {
            RecurrentState state = RecurrentState.zeros(spec, bundle.metadata().modelVersion());
            for (float[] row : digits.images()[image]) {
                stepper.step(state, row, probabilities);
            }
            int best = 0;
            for (int k = 1; k < CLASSES; k++) {
                best = probabilities[k] > probabilities[best] ? k : best;
            }
            correct += best == digits.labels()[image] ? 1 : 0;
        }
        return (double) correct / digits.size();
    }

    /** One sequence per image: its rows in, its digit (one-hot) out at the last row only. */
    static List<NumericSequence> sequences(Digits digits) {
        List<NumericSequence> sequences = new ArrayList<>(digits.size());
        for (int image = 0; image < digits.size(); image++) {
            float[][] rows = digits.images()[image];
            float[][] targets = new float[rows.length][CLASSES];
            for (int row = 0; row < rows.length - 1; row++) {
                Arrays.fill(targets[row], Float.NaN);
            }
            targets[rows.length - 1][digits.labels()[image]] = 1;
            sequences.add(new NumericSequence(rows, targets));
        }
        return sequences;
    }
}
