package io.lstmstreams.forecast;

import io.lstmstreams.wire.InvalidRecordException;
import io.lstmstreams.wire.SeriesPoint;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What one event-time window of a series has gathered so far: enough for every aggregate (count, sums and
 * the latest point's values), so the {@link ForecastSettings.Aggregate} is applied when the window closes. Immutable.
 *
 * @param latestTime event time of {@code latest}; on a tie the point that arrived last wins
 */
record WindowValues(long count, double[] sums, long latestTime, double[] latest) {

    static final byte FORMAT_VERSION = 1;
    static final WindowValues EMPTY = new WindowValues(0, new double[0], Long.MIN_VALUE, new double[0]);

    WindowValues add(SeriesPoint point) {
        if (count > 0 && point.width() != sums.length) {
            throw new InvalidRecordException("point has " + point.width() + " values, the series' window has "
                    + sums.length + " variables");
        }
        double[] newSums = count == 0 ? new double[point.width()] : sums.clone();
        for (int i = 0; i < newSums.length; i++) {
            newSums[i] += point.value(i);
        }
        boolean newest = point.time() >= latestTime;
        return new WindowValues(count + 1, newSums, newest ? point.time() : latestTime, newest ? point.values() : latest);
    }

    /** The window's value per variable; only called on windows with at least one point. */
    double[] value(ForecastSettings.Aggregate aggregate) {
        return switch (aggregate) {
            case SUM -> sums.clone();
            case LAST -> latest.clone();
            case MEAN -> Arrays.stream(sums).map(sum -> sum / count).toArray();
        };
    }

    /** Format version 1: version byte, count, latest time, width, sums, latest values. */
    static Serde<WindowValues> serde() {
        return Serdes.serdeFrom((topic, values) -> values == null ? null : values.encode(),
                (topic, bytes) -> bytes == null ? null : decode(bytes));
    }

    private byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + 16 * sums.length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            out.writeLong(count);
            out.writeLong(latestTime);
            out.writeInt(sums.length);
            for (int i = 0; i < sums.length; i++) {
                out.writeDouble(sums[i]);
                out.writeDouble(latest[i]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static WindowValues decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readByte();
            if (version != FORMAT_VERSION) {
                throw new IllegalStateException("window values format version " + version + " is not " + FORMAT_VERSION);
            }
            long count = in.readLong();
            long latestTime = in.readLong();
            int width = in.readInt();
            double[] sums = new double[width];
            double[] latest = new double[width];
            for (int i = 0; i < width; i++) {
                sums[i] = in.readDouble();
                latest[i] = in.readDouble();
            }
            return new WindowValues(count, sums, latestTime, latest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
