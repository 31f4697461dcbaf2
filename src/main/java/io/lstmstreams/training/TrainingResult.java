package io.lstmstreams.training;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The outcome of a training run.
 *
 * @param network   holding the parameters of {@code bestEpoch}, not of the last epoch
 * @param bestEpoch 1-based epoch with the lowest validation loss (an ensemble: the last of its members' epochs)
 * @param reports   one per epoch run
 * @param metrics   summary for the bundle's metadata: {@link #VALIDATION_LOSS}, {@link #VALIDATION_ACCURACY}
 *                  and {@link #VALIDATION_PERPLEXITY} (softmax heads only: e to the mean cross-entropy in nats,
 *                  the number of equally likely outcomes the model is as unsure as), {@link #TRAIN_LOSS}, {@link #BEST_EPOCH}, {@link #EPOCHS}, {@link #SECONDS}
 */
public record TrainingResult(ComputationGraph network, int bestEpoch, List<EpochReport> reports,
                             Map<String, Double> metrics) {

    public static final String VALIDATION_LOSS = "validationLoss";
    public static final String VALIDATION_ACCURACY = "validationAccuracy";
    public static final String VALIDATION_PERPLEXITY = "validationPerplexity";
    public static final String TRAIN_LOSS = "trainLoss";
    public static final String BEST_EPOCH = "bestEpoch";
    public static final String EPOCHS = "epochs";
    public static final String SECONDS = "seconds";
    /** Networks merged into this one ({@link Trainer#trainEnsemble}); absent for a single network. */
    public static final String MEMBERS = "members";

    public TrainingResult {
        reports = List.copyOf(reports);
        metrics = Map.copyOf(metrics);
    }

    public EpochReport best() {
        return reports.get(bestEpoch - 1);
    }
}
