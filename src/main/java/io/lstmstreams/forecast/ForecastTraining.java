package io.lstmstreams.forecast;

import io.lstmstreams.model.BundleMetadata;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.model.ModelSpec;
import io.lstmstreams.model.Networks;
import io.lstmstreams.training.NumericSequence;
import io.lstmstreams.training.ProgressListener;
import io.lstmstreams.training.Trainer;
import io.lstmstreams.training.TrainingResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Trains the global forecasting LSTM on many series: each series runs through its own {@link SeriesTracker}
 * (exactly the forecaster's input), and the target at step t is, for k = 1..h, the Holt-Winters forecast's error
 * on y[t+k] in units of the series' running scale. A series is cut into overlapping crops so that even one
 * short series gives the trainer several sequences to batch and to hold out for early stopping.
 */
final class ForecastTraining {

    static final String HORIZON = "horizon";
    static final String FEATURES = "features";
    static final String TARGET = "target";

    /** One series to learn from, with the season its features use. */
    public record Input(double[] values, int season) {
    }

    private ForecastTraining() {
    }

    static ModelSpec spec(ForecastTask.Options options) {
        return new ModelSpec(ModelSpec.InputSpec.features(SeriesTracker.featureCount(options.horizon())), options.cell(),
                options.hiddenSize(), options.layers(), options.dropout(), ModelSpec.HeadSpec.regression(options.horizon()));
    }

    static String featureLayout(int horizon) {
        return String.join(",", SeriesTracker.featureNames(horizon));
    }

    /** An untrained model (version 0): the starting point when no bundle is given. */
    public static ForecastModel untrained(ForecastTask.Options options) {
        ModelSpec spec = spec(options);
        // the optimiser is irrelevant here: continueTraining copies only the parameters into its own network
        ComputationGraph network = Networks.create(spec, new Adam(), 0, options.training().seed());
        return ForecastModel.of(network, metadata(spec, 0, null, Map.of()));
    }

    /** A fresh model trained on {@code series}, bundled with its metadata. */
    public static ModelBundle train(List<Input> series, ForecastTask.Options options, long modelVersion, ProgressListener listener) {
        ModelSpec spec = spec(options);
        TrainingResult result = new Trainer(options.training(), listener).train(spec, sequences(series, options.horizon()), null);
        return ModelBundle.of(metadata(spec, modelVersion, null, result.metrics()), result.network());
    }

    /** The next version of {@code start}, trained further on {@code series} (periodic retraining). */
    public static ForecastModel retrain(ForecastModel start, List<Input> series, ForecastTask.Options options, ProgressListener listener) {
        ModelSpec spec = start.weights().spec();
        TrainingResult result = new Trainer(options.training(), listener)
                .continueTraining(start.network(), spec, sequences(series, start.horizon()), null);
        return ForecastModel.of(result.network(), metadata(spec, start.version() + 1, start.version(), result.metrics()));
    }

    private static BundleMetadata metadata(ModelSpec spec, long version, Long parent, Map<String, Double> metrics) {
        int horizon = spec.head().outputs();
        return new BundleMetadata(ForecastTask.NAME, version, parent, spec, Map.of(), List.of(), null, metrics, Instant.now(),
                Map.of(HORIZON, Integer.toString(horizon), FEATURES, featureLayout(horizon), TARGET, "holt_winters_residual"));
    }

    /** Training sequences of every series: Holt-Winters constants fitted on the series itself, then crops. */
    static List<NumericSequence> sequences(List<Input> series, int horizon) {
        List<NumericSequence> sequences = new ArrayList<>();
        for (Input input : series) {
            sequences.addAll(crops(encode(input, horizon), horizon));
        }
        return sequences;
    }

    /** Features and targets of every step of one series. */
    static NumericSequence encode(Input input, int horizon) {
        double[] y = input.values();
        SeriesTracker tracker = new SeriesTracker(input.season(), horizon, HoltWinters.fit(y, input.season()));
        float[][] features = new float[y.length][SeriesTracker.featureCount(horizon)];
        float[][] targets = new float[y.length][horizon];
        for (int t = 0; t < y.length; t++) {
            tracker.observe(y[t], features[t]);
            for (int k = 1; k <= horizon; k++) {
                double future = t + k < y.length ? y[t + k] : Double.NaN;
                double correction = (future - tracker.baseline(k)) / tracker.scale();
                targets[t][k - 1] = (float) Math.max(-SeriesForecaster.MAX_CORRECTION,
                        Math.min(SeriesForecaster.MAX_CORRECTION, correction)); // NaN stays NaN: no target
            }
        }
        return new NumericSequence(features, targets);
    }

    /** Overlapping windows of the sequence, each with at least one target, about 20 of them for a long series. */
    static List<NumericSequence> crops(NumericSequence sequence, int horizon) {
        int n = sequence.length();
        int length = Math.min(n, Math.min(48, Math.max(horizon + 2, 2 * n / 3)));
        int stride = Math.max(1, (n - length) / 20);
        List<NumericSequence> crops = new ArrayList<>();
        for (int start = 0; start + length <= n; start += stride) {
            int end = start + length;
            boolean hasTarget = false;
            for (int t = start; t < end && !hasTarget; t++) {
                hasTarget = sequence.hasTarget(t);
            }
            if (hasTarget) {
                crops.add(new NumericSequence(Arrays.copyOfRange(sequence.features(), start, end),
                        Arrays.copyOfRange(sequence.targets(), start, end)));
            }
        }
        return crops;
    }
}
