package io.lstmstreams.forecast;

import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.retrain.CandidateTrainer;
import io.lstmstreams.training.Trainer;
import io.lstmstreams.training.TrainingConfig;
import io.lstmstreams.training.TrainingResult;
import java.util.List;

/**
 * Retraining the global forecasting model on stretches of realized windows from the stream: the running model's
 * horizon and features stay, the weights train further on the same targets as {@link ForecastTraining} (each
 * stretch with Holt-Winters fitted on itself). Scored by minus the mean squared error of the correction on
 * held-apart stretches, so higher is better as the retrainer expects.
 */
record ForecastRetraining(TrainingConfig config) implements CandidateTrainer<ForecastTraining.Input> {

    /** Windows per example: four seasons, at least 48. */
    public static int stretchLength(int season) {
        return Math.max(48, 4 * season);
    }

    @Override
    public TrainingResult train(ModelBundle current, List<ForecastTraining.Input> training) {
        return new Trainer(config, report -> { }).continueTraining(current.network(), current.metadata().spec(),
                ForecastTraining.sequences(training, horizon(current)), null);
    }

    @Override
    public double score(ModelBundle bundle, List<ForecastTraining.Input> validation) {
        return -Trainer.evaluate(bundle.network(), bundle.metadata().spec(),
                ForecastTraining.sequences(validation, horizon(bundle))).loss();
    }

    private static int horizon(ModelBundle bundle) {
        return bundle.metadata().spec().head().outputs();
    }
}
