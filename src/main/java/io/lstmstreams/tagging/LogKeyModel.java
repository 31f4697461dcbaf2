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
 *
 * @param topG    DeepLog's g: an event is anomalous when its key is not among the {@code topG} most likely next keys
 * @param endTopG the same for a session's end: anomalous when "end" is not among the {@code endTopG} most likely
 *                outcomes after the last event. Its own g because its ranks behave differently: at the true end of
 *                a normal session "end" is nearly always first or second, while after a session cut short the
 *                model spreads almost no probability over a dozen outcomes and where "end" falls among them is
 *                noise. Calibrated per model on normal validation sessions ({@link LogKeyTraining}).
 */
public record LogKeyModel(LstmModel weights, Map<Integer, Integer> ids, int topG, int endTopG, long version)
        implements TaggerFactory {

    public static final int END = 0;
    public static final int START = 1;
    public static final int UNKNOWN = 2;
    static final List<String> RESERVED = List.of("<end>", "<start>", "<unknown>");
    static final String KEYS = "keys";
    /** Bundle property: the end's g calibrated at training; a bundle without it judges the end with {@code topG}. */
    static final String END_TOP_G = "endTopG";

    public LogKeyModel {
        if (topG < 1 || endTopG < 1) {
            throw new IllegalArgumentException("top-g must be at least 1, got " + topG + " for events and " + endTopG + " for the end");
        }
    }

    public static LogKeyModel from(ModelBundle bundle, int topG) {
        var metadata = bundle.metadata();
        if (!LogKeyTraining.TASK.equals(metadata.task())) {
            throw new IllegalArgumentException("model is for task '" + metadata.task() + "', not '" + LogKeyTraining.TASK + "'");
        }
        String endTopG = metadata.properties().get(END_TOP_G);
        return new LogKeyModel(Dl4jWeights.extract(bundle.network(), metadata.spec()),
                index(metadata.vocabularies().get(KEYS)), topG, endTopG == null ? topG : Integer.parseInt(endTopG),
                metadata.modelVersion());
    }

    /** The same model judging a session's end with another g. */
    public LogKeyModel withEndTopG(int g) {
        return new LogKeyModel(weights, ids, topG, g, version);
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
