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

/**
 * Retraining the next-log-key model on sessions confirmed normal: a session whose events all arrived labelled
 * {@value #NORMAL} (its {@code tag}). The running model's key vocabulary stays, so the candidate can take over live;
 * scored by next-key accuracy on held-apart normal sessions.
 */
public record LogKeyRetraining(TrainingConfig config) implements CandidateTrainer<Sentence> {

    /** The label that confirms an event's session as normal. */
    public static final String NORMAL = "normal";

    @Override
    public TrainingResult train(ModelBundle current, List<Sentence> training) {
        return new Trainer(config, report -> { }).continueTraining(current.network(), current.metadata().spec(),
                sequences(current, training), null);
    }

    @Override
    public double score(ModelBundle bundle, List<Sentence> validation) {
        return Trainer.evaluate(bundle.network(), bundle.metadata().spec(), sequences(bundle, validation)).accuracy();
    }

    private static List<TokenSequence> sequences(ModelBundle bundle, List<Sentence> sessions) {
        Map<Integer, Integer> ids = LogKeyModel.index(bundle.metadata().vocabularies().get(LogKeyModel.KEYS));
        return sessions.stream()
                .filter(session -> session.tags().stream().allMatch(NORMAL::equals))
                .map(session -> LogKeyTraining.sequence(session.words().stream().mapToInt(LogKeyRetraining::key).toArray(), ids))
                .toList();
    }

    /** Keys were validated by the detector before they were labelled; anything else is not a normal session. */
    private static int key(String word) {
        return Integer.parseInt(word);
    }
}
