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

    /** The label that confirms a log event's session as normal. */
    public static final String NORMAL = "normal";

    /** Part-of-speech: sentences with their gold tags. */
    public static TaggingRetraining pos(TrainingConfig config) {
        return new TaggingRetraining(config, (bundle, sentences) -> {
            PosModel model = PosModel.from(bundle);
            return PosTraining.sequences(sentences, model.features(), model.tags(), model.lookahead());
        }, (bundle, sentences) -> Map.of());
    }

    /**
     * Log keys: sessions whose events all arrived labelled {@value #NORMAL}, scored by next-key accuracy; the end's
     * minimum probability is recalibrated to the candidate on the held-apart normal sessions (the parent's stays when
     * there are none).
     */
    public static TaggingRetraining logKeys(TrainingConfig config) {
        return new TaggingRetraining(config, (bundle, sessions) -> {
            Map<Integer, Integer> ids = LogKeyModel.index(bundle.metadata().vocabularies().get(LogKeyModel.KEYS));
            return normalSessions(sessions).stream().map(session -> LogKeyTraining.sequence(session, ids)).toList();
        }, (bundle, sessions) -> {
            List<int[]> normal = normalSessions(sessions);
            return normal.isEmpty() ? Map.of() : Map.of(LogKeyModel.END_MIN_PROBABILITY, Double.toString(
                    LogKeyTraining.endMinProbability(LogKeyModel.from(bundle, TaggingTask.DEFAULT_TOP_G), normal)));
        });
    }

    private static List<int[]> normalSessions(List<Sentence> sessions) {
        return sessions.stream()
                .filter(session -> session.tags().stream().allMatch(NORMAL::equals))
                .map(session -> session.words().stream().mapToInt(Integer::parseInt).toArray())
                .toList();
    }

    /** The retraining of a task's model. */
    public static TaggingRetraining of(TaggingTask task, TrainingConfig config) {
        return task == TaggingTask.POS ? pos(config) : logKeys(config);
    }

    @Override
    public TrainingResult train(ModelBundle current, List<Sentence> training) {
        return new Trainer(config, report -> { }).continueTraining(current.network(), current.metadata().spec(),
                sequences.apply(current, training), null);
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
