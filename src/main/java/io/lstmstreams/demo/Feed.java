package io.lstmstreams.demo;

import io.lstmstreams.data.Sentence;
import io.lstmstreams.data.Series;
import io.lstmstreams.forecast.ForecastTask;
import io.lstmstreams.logkeys.LogKeysTask;
import io.lstmstreams.pos.PosTask;
import io.lstmstreams.wire.SeriesPoint;
import io.lstmstreams.wire.Topic;
import io.lstmstreams.wire.Topics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;

/** What the demo replays into one pipeline's input topic, over and over. */
record Feed(String pipeline, Topic<String, byte[]> topic, List<KeyValue<String, byte[]>> records) {

    Feed {
        if (records.isEmpty()) {
            throw new IllegalArgumentException(pipeline + " feed has no records");
        }
        records = List.copyOf(records);
    }

    /** Held-apart EWT sentences, with a malformed record now and then. */
    static Feed sentences(List<Sentence> sentences) {
        return new Feed(PosTask.NAME, Topics.TOKENS,
                MalformedRecords.mixInto(PosTask.records(sentences)));
    }

    /**
     * The series side by side in event time: window w (of {@code windowMs}, from {@code start}) gets one point
     * per series, in its middle, each series looping over its values; {@code windows} windows in all, so event
     * time only moves forward for as long as the run needs.
     */
    static Feed series(List<Series> series, long start, long windowMs, int windows) {
        List<KeyValue<String, byte[]>> records = new ArrayList<>();
        for (int w = 0; w < windows; w++) {
            for (Series one : series) {
                double[] row = one.values()[w % one.length()];
                records.add(KeyValue.pair(one.name(), SeriesPoint.of(start + w * windowMs + windowMs / 2, row).toJson()));
            }
        }
        return new Feed(ForecastTask.NAME, Topics.SERIES, records);
    }

    /** Held-apart normal HDFS sessions and synthetic anomalies among them, with a malformed record now and then. */
    static Feed sessions(List<int[]> normalSessions) {
        return new Feed(LogKeysTask.NAME, Topics.EVENTS,
                MalformedRecords.mixInto(SyntheticAnomalies.records(normalSessions)));
    }
}
