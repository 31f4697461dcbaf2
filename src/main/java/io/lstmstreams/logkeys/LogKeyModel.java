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
 * @param topG              DeepLog's g: an event is anomalous when its key is not among the {@code topG} most
 *                          likely next keys
 * @param endMinProbability a session's end is anomalous when the model gave "end" less than this after the last
 *                          event. A probability rather than a rank because after a session cut short the model
 *                          gives "end" almost nothing (HDFS: at most 2e-5) while ranking it anywhere among a dozen
 *                          near-zero outcomes, and at 99.5% of normal sessions' true ends it gives 2e-2 or more.
 *                          Calibrated per model on normal validation sessions ({@link LogKeyTraining}); 0 judges
 *                          no end (DeepLog's way).
 */
record LogKeyModel(RecurrentModel weights, Map<Integer, Integer> ids, int topG, double endMinProbability, long version)
        implements TaggerFactory<AnomalyVerdict> {

    public static final int END = 0;
    public static final int START = 1;
    public static final int UNKNOWN = 2;
    static final List<String> RESERVED = List.of("<end>", "<start>", "<unknown>");
    static final String KEYS = "keys";
    /** Bundle property: the end's minimum probability calibrated at training; a bundle without it judges no end. */
    static final String END_MIN_PROBABILITY = "endMinProbability";

    public LogKeyModel {
        if (topG < 1) {
            throw new IllegalArgumentException("top-g must be at least 1, got " + topG);
        }
        if (!(endMinProbability >= 0 && endMinProbability < 1)) {
            throw new IllegalArgumentException("the end's minimum probability must be in [0, 1), got " + endMinProbability);
        }
    }

    public static LogKeyModel from(ModelBundle bundle, int topG) {
        var metadata = bundle.metadata();
        if (!LogKeysTask.NAME.equals(metadata.task())) {
            throw new IllegalArgumentException("model is for task '" + metadata.task() + "', not '" + LogKeysTask.NAME + "'");
        }
        String endMinProbability = metadata.properties().get(END_MIN_PROBABILITY);
        return new LogKeyModel(Dl4jWeights.extract(bundle.network(), metadata.spec()),
                index(metadata.vocabularies().get(KEYS)), topG, endMinProbability == null ? 0 : Double.parseDouble(endMinProbability),
                metadata.modelVersion());
    }

    /** The same model judging a session's end against another minimum probability. */
    public LogKeyModel withEndMinProbability(double probability) {
        return new LogKeyModel(weights, ids, topG, probability, version);
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
