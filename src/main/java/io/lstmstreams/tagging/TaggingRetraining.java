package io.lstmstreams.tagging;

import io.lstmstreams.data.Sentence;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.retrain.CandidateTrainer;
import io.lstmstreams.training.TokenSequence;
import io.lstmstreams.training.Trainer;
import io.lstmstreams.training.TrainingConfig;
import io.lstmstreams.training.TrainingResult;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Retraining a tagging model on streamed labelled sequences: the running model's vocabularies, tag set and
 * look-ahead stay (so the candidate can take over live), the weights train further; scored by accuracy on
 * held-apart sequences, the same per-step targets training uses.
 *
 * @param sequences   the training sequences of labelled sentences, under a model's vocabularies
 * @param calibration the bundle properties a candidate recalibrates on held-apart sentences
 */
public record TaggingRetraining(TrainingConfig config, BiFunction<ModelBundle, List<Sentence>, List<TokenSequence>> sequences,
                                BiFunction<ModelBundle, List<Sentence>, Map<String, String>> calibration)
        implements CandidateTrainer<Sentence> {

    /**
     * A retraining run's settings: a task's training defaults, but a few epochs (patience 1) on top of the running
     * weights rather than a training from scratch; weights the running model holds at 0 stay 0 (a merged ensemble
     * stays one).
     */
    public static TrainingConfig config(TrainingConfig defaults) {
        return new TrainingConfig(defaults.optimizer(), defaults.learningRate(), defaults.gradientClip(),
                defaults.batchSize(), 3, 1, defaults.validationFraction(), defaults.seed());
    }

    @Override
    public TrainingResult train(ModelBundle current, List<Sentence> training) {
        return new Trainer(config, report -> { }).continueTraining(current.network(), current.metadata().spec(),
                sequences.apply(current, training), null, true);
    }

    @Override
    public double score(ModelBundle bundle, List<Sentence> validation) {
        return Trainer.evaluate(bundle.network(), bundle.metadata().spec(), sequences.apply(bundle, validation)).accuracy();
    }

    @Override
    public Map<String, String> calibrate(ModelBundle candidate, List<Sentence> validation) {
        return calibration.apply(candidate, validation);
    }
}
