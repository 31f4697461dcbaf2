package io.lstmstreams.forecast;

import io.lstmstreams.data.Series;
import io.lstmstreams.wire.SeriesPoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.streams.KeyValue;

/** A series as the points a replay sends into {@code lstm.series}. */
final class SeriesReplay {

    private SeriesReplay() {
    }

    /**
     * Row i becomes a point at event time {@code start + i * windowMs}, keyed by the series' name. A row with a
     * missing value is not sent: the pipeline then sees its window as missing, as the file says.
     */
    public static List<KeyValue<String, byte[]>> records(Series series, long start, long windowMs) {
        List<KeyValue<String, byte[]>> records = new ArrayList<>();
        double[][] values = series.values();
        for (int i = 0; i < values.length; i++) {
            if (Arrays.stream(values[i]).allMatch(Double::isFinite)) {
                records.add(KeyValue.pair(series.name(), SeriesPoint.of(start + i * windowMs, values[i]).toJson()));
            }
        }
        return records;
    }
}
