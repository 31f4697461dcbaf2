package io.lstmstreams.retrain;

import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.training.TrainingResult;
import java.util.List;
import java.util.Map;

/**
 * The task-specific half of retraining: how to train further from a model on labelled examples, and how to score a
 * model on held-apart ones. The {@link Retrainer} does the rest (schedule, validation, promotion) for any task;
 * forecasting plugs in with its own examples.
 */
public interface CandidateTrainer<E> {

    /** Warm-starts from {@code current} (left untouched) and trains on {@code training}. */
    TrainingResult train(ModelBundle current, List<E> training);

    /** The model's score on {@code validation}, higher is better: accuracy for tagging, minus an error for forecasting. */
    double score(ModelBundle bundle, List<E> validation);

    /**
     * Bundle properties to set on a candidate from held-apart examples, replacing its parent's: settings calibrated
     * to the weights, such as the log-key model's end minimum probability. None by default.
     */
    default Map<String, String> calibrate(ModelBundle candidate, List<E> validation) {
        return Map.of();
    }
}
