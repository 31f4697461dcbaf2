package io.lstmstreams.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.wire.TokenEvent;
import io.lstmstreams.wire.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

class FeedTest {

    private static final List<int[]> SESSIONS = IntStream.range(0, 2 * SyntheticAnomalies.EVERY)
            .mapToObj(i -> new int[] {5, 5, 22, 11, 9, 26}).toList();

    @Test
    void everyTenthSessionIsFollowedByAnAlteredCopyKeyedAsSynthetic() {
        List<String> keys = sessionKeys(SyntheticAnomalies.records(SESSIONS));

        assertThat(keys).hasSize(SESSIONS.size() + 2);
        assertThat(keys.get(SyntheticAnomalies.EVERY)).isEqualTo("synthetic-anomaly-1-unseen-key");
        assertThat(keys.get(2 * SyntheticAnomalies.EVERY + 1)).isEqualTo("synthetic-anomaly-2-cut-short");
        assertThat(keys).filteredOn(SyntheticAnomalies::isSynthetic).hasSize(2);
    }

    @Test
    void alteredSessionsHaveAnUnseenKeyOrEndEarly() {
        int[] session = {5, 5, 22, 11, 9, 26};

        assertThat(SyntheticAnomalies.withUnseenKey(session)).containsExactly(5, 5, 22, SyntheticAnomalies.UNSEEN_KEY, 9, 26);
        assertThat(SyntheticAnomalies.cutShort(session)).containsExactly(5, 5, 22);
    }

    @Test
    void malformedRecordsAreMixedInRegularlyAndFailToParse() {
        List<KeyValue<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 2 * MalformedRecords.EVERY; i++) {
            records.add(KeyValue.pair("s-" + i, TokenEvent.of("word", "NOUN", false).toJson()));
        }

        List<KeyValue<String, byte[]>> mixed = MalformedRecords.mixInto(records);

        List<KeyValue<String, byte[]>> malformed = mixed.stream().filter(r -> r.key.startsWith(MalformedRecords.KEY_PREFIX)).toList();
        assertThat(malformed).hasSize(2);
        assertThat(mixed).hasSize(records.size() + 2);
        malformed.forEach(record -> assertThat(parses(record.value)).isFalse());
    }

    @Test
    void sessionFeedGoesToTheEventsTopic() {
        Feed feed = Feed.sessions(SESSIONS);

        assertThat(feed.topic()).isEqualTo(Topics.EVENTS);
        assertThat(feed.pipeline()).isEqualTo("logkeys");
    }

    private static boolean parses(byte[] value) {
        try {
            TokenEvent.parse(value, 256);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The key of each session, in order (records of one session are consecutive). */
    private static List<String> sessionKeys(List<KeyValue<String, byte[]>> records) {
        List<String> keys = new ArrayList<>();
        records.forEach(record -> {
            if (keys.isEmpty() || !keys.get(keys.size() - 1).equals(record.key)) {
                keys.add(record.key);
            }
        });
        return keys;
    }
}
