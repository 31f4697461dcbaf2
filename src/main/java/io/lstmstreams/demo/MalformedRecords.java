package io.lstmstreams.demo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;

/** Bad input mixed into a feed, so the dead-letter queue is seen working: one record before every {@value #EVERY}th. */
final class MalformedRecords {

    static final int EVERY = 250;
    static final String KEY_PREFIX = "malformed-";
    /** Three ways an event can be wrong: not JSON, no token, a format version from the future. */
    private static final List<String> VALUES = List.of("this is not JSON", "{\"v\":1,\"end\":true}",
            "{\"v\":99,\"token\":\"from-the-future\"}");

    private MalformedRecords() {
    }

    static List<KeyValue<String, byte[]>> mixInto(List<KeyValue<String, byte[]>> records) {
        List<KeyValue<String, byte[]>> mixed = new ArrayList<>(records.size() + records.size() / EVERY + 1);
        int inserted = 0;
        for (int i = 0; i < records.size(); i++) {
            if (i % EVERY == EVERY / 10) {
                String value = VALUES.get(inserted % VALUES.size());
                inserted++;
                mixed.add(KeyValue.pair(KEY_PREFIX + inserted, value.getBytes(StandardCharsets.UTF_8)));
            }
            mixed.add(records.get(i));
        }
        return mixed;
    }
}
