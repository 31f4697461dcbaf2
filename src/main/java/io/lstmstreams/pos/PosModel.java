package io.lstmstreams.pos;

import io.lstmstreams.model.BundleMetadata;
import io.lstmstreams.model.Dl4jStepper;
import io.lstmstreams.model.Dl4jWeights;
import io.lstmstreams.model.KeyStepper;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.model.RecurrentModel;
import io.lstmstreams.model.Stepper;
import io.lstmstreams.tagging.TaggerFactory;
import io.lstmstreams.wire.TagRecord;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A trained part-of-speech tagger as the stream runs it: the weights, the word features and tag set the
 * weights were trained with, and the look-ahead they were trained for. Immutable; shared by all taggers.
 */
record PosModel(RecurrentModel weights, WordFeatures features, List<String> tags, int lookahead, long version,
                Supplier<Stepper> steppers) implements TaggerFactory<TagRecord> {

    public static PosModel from(ModelBundle bundle) {
        var metadata = bundle.metadata();
        int lookahead = lookahead(metadata);
        RecurrentModel weights = Dl4jWeights.extract(bundle.network(), metadata.spec());
        return new PosModel(weights, WordFeatures.fromVocabularies(metadata.vocabularies(), metadata.spec().input().slots()),
                metadata.tags(), lookahead, metadata.modelVersion(), () -> new KeyStepper(weights));
    }

    /** The same model stepped by DL4J's {@code rnnTimeStep} once per event, each tagger on its own copy of the network. */
    PosModel steppedByDl4j(ModelBundle bundle) {
        return new PosModel(weights, features, tags, lookahead, version,
                () -> new Dl4jStepper(bundle.network().clone(), bundle.metadata().spec()));
    }

    /** The look-ahead of a pos bundle. @throws IllegalArgumentException it is not a pos bundle */
    static int lookahead(BundleMetadata metadata) {
        if (!PosTask.NAME.equals(metadata.task())) {
            throw new IllegalArgumentException("model is for task '" + metadata.task() + "', not '" + PosTask.NAME + "'");
        }
        String lookahead = metadata.properties().get(PosTraining.LOOKAHEAD);
        if (lookahead == null) {
            throw new IllegalArgumentException("pos model has no '" + PosTraining.LOOKAHEAD + "' property");
        }
        return Integer.parseInt(lookahead);
    }

    @Override
    public PosTagger newTagger() {
        return new PosTagger(this);
    }

    /** Tokens waiting for their look-ahead are released by the step count: another look-ahead would mis-tag them. */
    @Override
    public Optional<String> incompatibility(TaggerFactory<TagRecord> running) {
        if (running instanceof PosModel pos && pos.lookahead() != lookahead) {
            return Optional.of("look-ahead " + lookahead + " differs from the running model's " + pos.lookahead());
        }
        return Optional.empty();
    }
}
