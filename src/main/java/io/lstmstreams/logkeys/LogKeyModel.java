package io.lstmstreams.logkeys;

import io.lstmstreams.model.Dl4jWeights;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.model.RecurrentModel;
import io.lstmstreams.tagging.SequenceTagger;
import io.lstmstreams.tagging.TaggerFactory;
import io.lstmstreams.wire.AnomalyVerdict;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained next-log-key model (DeepLog): inputs and outputs share one id space, in which {@link #END} (the
 * session ends here), {@link #START} (fed once before the first key), {@link #UNKNOWN} (a key never seen in
 * training: never predicted, so always anomalous) come first, then the log keys seen in training.
 *
 * @param point how events and ends are judged: the rule and thresholds calibrated to a false-positive budget at
 *              training ({@link LogKeyCalibration}), stored in the bundle
 */
record LogKeyModel(RecurrentModel weights, Map<Integer, Integer> ids, OperatingPoint point, long version)
        implements TaggerFactory<AnomalyVerdict> {

    public static final int END = 0;
    public static final int START = 1;
    public static final int UNKNOWN = 2;
    static final List<String> RESERVED = List.of("<end>", "<start>", "<unknown>");
    static final String KEYS = "keys";

    /**
     * @param topG the rank rule's g for a bundle from before the budget (without a stored rule); a calibrated bundle
     *             judges with its own operating point
     */
    public static LogKeyModel from(ModelBundle bundle, int topG) {
        var metadata = bundle.metadata();
        if (!LogKeysTask.NAME.equals(metadata.task())) {
            throw new IllegalArgumentException("model is for task '" + metadata.task() + "', not '" + LogKeysTask.NAME + "'");
        }
        return new LogKeyModel(Dl4jWeights.extract(bundle.network(), metadata.spec()),
                index(metadata.vocabularies().get(KEYS)), OperatingPoint.from(metadata.properties(), topG),
                metadata.modelVersion());
    }

    /** The same model judging with other thresholds. */
    public LogKeyModel with(OperatingPoint other) {
        return new LogKeyModel(weights, ids, other, version);
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

    LogKeyDetector newDetector() {
        return new LogKeyDetector(this);
    }

    @Override
    public SequenceTagger<AnomalyVerdict> newTagger() {
        return newDetector();
    }
}
