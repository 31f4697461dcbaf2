package io.lstmstreams.tagging;

import io.lstmstreams.model.Dl4jWeights;
import io.lstmstreams.model.LstmModel;
import io.lstmstreams.model.ModelBundle;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained next-log-key model (DeepLog): inputs and outputs share one id space, in which {@link #END} (the
 * session ends here), {@link #START} (fed once before the first key), {@link #UNKNOWN} (a key never seen in
 * training: never predicted, so always anomalous) come first, then the log keys seen in training.
 */
public record LogKeyModel(LstmModel weights, Map<Integer, Integer> ids, TopG topG, long version) implements TaggerFactory {

    public static final int END = 0;
    public static final int START = 1;
    public static final int UNKNOWN = 2;
    static final List<String> RESERVED = List.of("<end>", "<start>", "<unknown>");
    static final String KEYS = "keys";

    public static LogKeyModel from(ModelBundle bundle, TopG topG) {
        var metadata = bundle.metadata();
        if (!LogKeyTraining.TASK.equals(metadata.task())) {
            throw new IllegalArgumentException("model is for task '" + metadata.task() + "', not '" + LogKeyTraining.TASK + "'");
        }
        return new LogKeyModel(Dl4jWeights.extract(bundle.network(), metadata.spec()),
                index(metadata.vocabularies().get(KEYS)), topG, metadata.modelVersion());
    }

    /** The vocabulary list (reserved names, then keys) as key -> id. */
    static Map<Integer, Integer> index(List<String> vocabulary) {
        if (vocabulary == null || !vocabulary.subList(0, Math.min(RESERVED.size(), vocabulary.size())).equals(RESERVED)) {
            throw new IllegalArgumentException("log-key vocabulary must start with " + RESERVED + ", got " + vocabulary);
        }
        Map<Integer, Integer> ids = new HashMap<>();
        for (int id = RESERVED.size(); id < vocabulary.size(); id++) {
            ids.put(Integer.parseInt(vocabulary.get(id)), id);
        }
        return Map.copyOf(ids);
    }

    public int idOf(int key) {
        return ids.getOrDefault(key, UNKNOWN);
    }

    public LogKeyDetector newDetector() {
        return new LogKeyDetector(this);
    }

    @Override
    public SequenceTagger newTagger() {
        return newDetector();
    }
}
