package io.lstmstreams.forecast;

import io.lstmstreams.data.Series;
import io.lstmstreams.wire.SeriesPoint;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
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
        return IntStream.range(0, series.length()).mapToObj(row -> record(series, row, start, windowMs))
                .flatMap(Optional::stream).toList();
    }

    /** Row {@code row}'s point, as {@link #records} sends it; empty for a row with a missing value. */
    static Optional<KeyValue<String, byte[]>> record(Series series, int row, long start, long windowMs) {
        double[] values = series.values()[row];
        return Arrays.stream(values).allMatch(Double::isFinite)
                ? Optional.of(KeyValue.pair(series.name(), SeriesPoint.of(start + row * windowMs, values).toJson()))
                : Optional.empty();
    }
}
