package io.lstmstreams.demo;

import io.lstmstreams.logkeys.LogKeysTask;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.streams.KeyValue;

/**
 * No abnormal HDFS sessions ship, so the demo makes some: a copy of every {@value #EVERY}th normal session,
 * altered one of two ways (a key replaced by one the model never saw, or the session cut short), keyed
 * {@code synthetic-anomaly-<n>-<how>} so the views can tell them apart from the real sessions.
 */
final class SyntheticAnomalies {

    static final String KEY_PREFIX = "synthetic-anomaly-";
    static final String NORMAL_PREFIX = "hdfs-normal-";
    static final int EVERY = 10;
    /** HDFS log keys are small integers; this one never occurs. */
    static final int UNSEEN_KEY = 1000;

    private SyntheticAnomalies() {
    }

    static boolean isSynthetic(String sessionKey) {
        return sessionKey.startsWith(KEY_PREFIX);
    }

    /** The normal sessions as replay records, each {@value #EVERY}th followed by its altered copy. */
    static List<KeyValue<String, byte[]>> records(List<int[]> normalSessions) {
        List<int[]> sessions = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < normalSessions.size(); i++) {
            int[] session = normalSessions.get(i);
            sessions.add(session);
            keys.add(NORMAL_PREFIX + (i + 1));
            if (i % EVERY == EVERY - 1) {
                int n = i / EVERY + 1;
                boolean cut = n % 2 == 0 && session.length >= 4;
                sessions.add(cut ? cutShort(session) : withUnseenKey(session));
                keys.add(KEY_PREFIX + n + (cut ? "-cut-short" : "-unseen-key"));
            }
        }
        return LogKeysTask.records(sessions, keys::get);
    }

    static int[] withUnseenKey(int[] session) {
        int[] altered = session.clone();
        altered[altered.length / 2] = UNSEEN_KEY;
        return altered;
    }

    static int[] cutShort(int[] session) {
        return Arrays.copyOf(session, session.length / 2);
    }
}
