package io.lstmstreams.tagging;

import io.lstmstreams.data.Conllu;
import io.lstmstreams.data.LogSessions;
import io.lstmstreams.data.Sentence;
import io.lstmstreams.kafka.Topics;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.registry.LiveModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.kafka.streams.KeyValue;

/** The two tasks on the tagging machinery: where their events come from and go, and how a bundle runs. */
public enum TaggingTask {
    POS(PosTraining.TASK, Topics.TOKENS, Topics.TAGS),
    LOGKEYS(LogKeyTraining.TASK, Topics.EVENTS, Topics.ANOMALIES);

    /** DeepLog's top-g. */
    public static final int DEFAULT_TOP_G = 9;

    private final String name;
    private final Topics input;
    private final Topics output;

    TaggingTask(String name, Topics input, Topics output) {
        this.name = name;
        this.input = input;
        this.output = output;
    }

    public String taskName() {
        return name;
    }

    public Topics input() {
        return input;
    }

    public Topics output() {
        return output;
    }

    /**
     * The bundle as this task runs it.
     *
     * @throws IllegalArgumentException the bundle is for another task or lacks what this task needs
     */
    public TaggerFactory model(ModelBundle bundle, int topG) {
        return this == POS ? PosModel.from(bundle) : LogKeyModel.from(bundle, topG);
    }

    /** A hot-swappable model of this task, starting on {@code bundle}. */
    public LiveModel<TaggerFactory> live(ModelBundle bundle, int topG) {
        return new LiveModel<>(taskName(), candidate -> model(candidate, topG), bundle);
    }

    /** A data set as the records a replay sends: every event of a sequence under its id, sequence after sequence. */
    public List<KeyValue<String, byte[]>> records(Path data) {
        if (this == POS) {
            return sentenceRecords(Conllu.read(data));
        }
        return sessionRecords(LogSessions.read(data), i -> sessionId(data, i));
    }

    /** Sentences as replay records, keyed by sentence id. */
    public static List<KeyValue<String, byte[]>> sentenceRecords(List<Sentence> sentences) {
        List<KeyValue<String, byte[]>> records = new ArrayList<>();
        sentences.forEach(sentence -> PosEvaluation.events(sentence)
                .forEach(event -> records.add(KeyValue.pair(sentence.id(), event.toJson()))));
        return records;
    }

    /** Log sessions as replay records, the i-th (0-based) keyed by {@code keys.apply(i)}. */
    public static List<KeyValue<String, byte[]>> sessionRecords(List<int[]> sessions, IntFunction<String> keys) {
        List<KeyValue<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < sessions.size(); i++) {
            String id = keys.apply(i);
            LogKeyEvaluation.events(sessions.get(i)).forEach(event -> records.add(KeyValue.pair(id, event.toJson())));
        }
        return records;
    }

    /** The key of the i-th (0-based) session of a file when replayed: {@code <file name>-<i+1>}. */
    public static String sessionId(Path data, int index) {
        return data.getFileName() + "-" + (index + 1);
    }
}
