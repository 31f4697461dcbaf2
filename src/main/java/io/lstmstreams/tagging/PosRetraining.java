package io.lstmstreams.tagging;

import io.lstmstreams.data.Sentence;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.retrain.CandidateTrainer;
import io.lstmstreams.training.TokenSequence;
import io.lstmstreams.training.Trainer;
import io.lstmstreams.training.TrainingConfig;
import io.lstmstreams.training.TrainingResult;
import java.util.List;

/**
 * Retraining a part-of-speech model on streamed labelled sentences: the running model's word features, tag set and
 * look-ahead stay (so the candidate can take over live), the weights train further. Scored by token accuracy, the
 * same tags the stream would publish.
 */
public record PosRetraining(TrainingConfig config) implements CandidateTrainer<Sentence> {

    @Override
    public TrainingResult train(ModelBundle current, List<Sentence> training) {
        return new Trainer(config, report -> { }).continueTraining(current.network(), current.metadata().spec(),
                sequences(current, training), null);
    }

    @Override
    public double score(ModelBundle bundle, List<Sentence> validation) {
        return Trainer.evaluate(bundle.network(), bundle.metadata().spec(), sequences(bundle, validation)).accuracy();
    }

    private static List<TokenSequence> sequences(ModelBundle bundle, List<Sentence> sentences) {
        PosModel model = PosModel.from(bundle);
        return PosTraining.sequences(sentences, model.features(), model.tags(), model.lookahead());
    }
}
