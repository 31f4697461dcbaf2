package io.lstmstreams.tagging;

import io.lstmstreams.model.BundleMetadata;
import io.lstmstreams.model.CellType;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.model.ModelSpec;
import io.lstmstreams.training.ProgressListener;
import io.lstmstreams.training.TokenSequence;
import io.lstmstreams.training.Trainer;
import io.lstmstreams.training.TrainingConfig;
import io.lstmstreams.training.TrainingResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Trains the next-log-key model on normal sessions: input START, k0 .. kn-1; target k0 .. kn-1, END.
 * DeepLog's configuration (2 layers of 64) by default.
 */
public final class LogKeyTraining {

    public static final String TASK = "logkeys";

    public record Options(int hiddenSize, int layers, int embedding, TrainingConfig training) {

        public static Options defaults() {
            return new Options(64, 2, 16, new TrainingConfig(TrainingConfig.Optimizer.ADAM, 2e-3, 5.0, 32, 30, 3, 0.1, 42));
        }
    }

    private LogKeyTraining() {
    }

    public static ModelBundle train(List<int[]> sessions, Options options, long modelVersion, ProgressListener listener) {
        List<String> vocabulary = new ArrayList<>(LogKeyModel.RESERVED);
        new TreeSet<>(sessions.stream().flatMapToInt(java.util.Arrays::stream).boxed().toList())
                .forEach(key -> vocabulary.add(Integer.toString(key)));
        Map<Integer, Integer> ids = LogKeyModel.index(vocabulary);
        ModelSpec spec = new ModelSpec(ModelSpec.InputSpec.tokens(vocabulary.size(), options.embedding()), CellType.LSTM,
                options.hiddenSize(), options.layers(), 0.0, ModelSpec.HeadSpec.softmax(vocabulary.size()));
        List<TokenSequence> sequences = sessions.stream().map(session -> sequence(session, ids)).toList();
        TrainingResult result = new Trainer(options.training(), listener).train(spec, sequences, null);
        BundleMetadata metadata = new BundleMetadata(TASK, modelVersion, null, spec,
                Map.of(LogKeyModel.KEYS, vocabulary), List.of(), null, result.metrics(), Instant.now(), Map.of());
        return ModelBundle.of(metadata, result.network());
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
