package io.lstmstreams.logkeys;

import io.lstmstreams.model.BundleMetadata;
import io.lstmstreams.model.Dl4jWeights;
import io.lstmstreams.model.Ensemble;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.model.ModelSpec;
import io.lstmstreams.training.ProgressListener;
import io.lstmstreams.training.TokenSequence;
import io.lstmstreams.training.Trainer;
import io.lstmstreams.training.TrainingResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Trains the next-log-key model on normal sessions: input START, k0 .. kn-1; target k0 .. kn-1, END.
 * DeepLog's configuration (2 layers of 64) by default, three of them merged into one network of 3 x 64 units.
 */
final class LogKeyTraining {

    private LogKeyTraining() {
    }

    /**
     * Trains on all but the last {@code validationFraction} of the sessions (file order), which drive early stopping
     * and, never trained on, calibrate the operating point to the options' false-positive target
     * ({@link LogKeyCalibration}).
     */
    public static ModelBundle train(List<int[]> sessions, LogKeysTask.Options options, long modelVersion, ProgressListener listener) {
        List<String> vocabulary = new ArrayList<>(LogKeyModel.RESERVED);
        new TreeSet<>(sessions.stream().flatMapToInt(Arrays::stream).boxed().toList())
                .forEach(key -> vocabulary.add(Integer.toString(key)));
        Map<Integer, Integer> ids = LogKeyModel.index(vocabulary);
        ModelSpec spec = new ModelSpec(ModelSpec.InputSpec.tokens(vocabulary.size(), options.embedding()), options.cell(),
                options.hiddenSize(), options.layers(), options.dropout(), ModelSpec.HeadSpec.softmax(vocabulary.size()));
        int cut = (int) Math.round(sessions.size() * (1 - options.training().validationFraction()));
        if (cut < 1 || cut >= sessions.size()) {
            throw new IllegalArgumentException("need sessions both to train on and to validate with, got " + sessions.size()
                    + " sessions and a validation fraction of " + options.training().validationFraction());
        }
        List<int[]> validation = sessions.subList(cut, sessions.size());
        TrainingResult result = new Trainer(options.training(), listener).trainEnsemble(spec,
                sequences(sessions.subList(0, cut), ids), sequences(validation, ids), options.members());
        ModelSpec trained = Ensemble.spec(spec, options.members());
        LogKeyModel model = new LogKeyModel(Dl4jWeights.extract(result.network(), trained), ids,
                OperatingPoint.rank(LogKeysTask.DEFAULT_TOP_G, 0), modelVersion);
        OperatingPoint point = LogKeyCalibration.calibrate(model, validation, options.fprTarget(),
                LogKeyCalibration.rules(options.eventRule()));
        BundleMetadata metadata = new BundleMetadata(LogKeysTask.NAME, modelVersion, null, trained,
                Map.of(LogKeyModel.KEYS, vocabulary), List.of(), null, result.metrics(), Instant.now(), point.properties());
        return ModelBundle.of(metadata, result.network());
    }

    private static List<TokenSequence> sequences(List<int[]> sessions, Map<Integer, Integer> ids) {
        return sessions.stream().map(session -> sequence(session, ids)).toList();
    }

    static TokenSequence sequence(int[] session, Map<Integer, Integer> ids) {
        int[] inputs = new int[session.length + 1];
        int[] targets = new int[session.length + 1];
        inputs[0] = LogKeyModel.START;
        for (int t = 0; t < session.length; t++) {
            int id = ids.getOrDefault(session[t], LogKeyModel.UNKNOWN);
            inputs[t + 1] = id;
            targets[t] = id;
        }
        targets[session.length] = LogKeyModel.END;
        return TokenSequence.of(inputs, targets);
    }
}
