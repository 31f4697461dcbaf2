package io.lstmstreams.demo;

import io.lstmstreams.app.Pipeline;
import io.lstmstreams.data.Sentence;
import io.lstmstreams.kafka.Topics;
import io.lstmstreams.tagging.TaggingTask;
import java.util.List;
import org.apache.kafka.streams.KeyValue;

/** What the demo replays into one pipeline's input topic, over and over. */
record Feed(String pipeline, Topics topic, List<KeyValue<String, byte[]>> records) {

    Feed {
        if (records.isEmpty()) {
            throw new IllegalArgumentException(pipeline + " feed has no records");
        }
        records = List.copyOf(records);
    }

    /** Held-apart EWT sentences, with a malformed record now and then. */
    static Feed sentences(List<Sentence> sentences) {
        return new Feed(Pipeline.POS.key(), TaggingTask.POS.input(),
                MalformedRecords.mixInto(TaggingTask.sentenceRecords(sentences)));
    }

    /** Held-apart normal HDFS sessions and synthetic anomalies among them, with a malformed record now and then. */
    static Feed sessions(List<int[]> normalSessions) {
        return new Feed(Pipeline.LOGKEYS.key(), TaggingTask.LOGKEYS.input(),
                MalformedRecords.mixInto(SyntheticAnomalies.records(normalSessions)));
    }
}
