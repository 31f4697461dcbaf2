package io.lstmstreams.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lstmstreams.model.StateFormatException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SeriesStateCodecTest {

    private final SeriesForecaster forecaster = new SeriesForecaster(TinyModels.retrained(), SeriesForecaster.DEFAULT_HISTORY);

    /** Eleven windows, a gap among them; the last four under another model, so Holt-Winters' constants were refitted. */
    private SeriesState afterSomeWindows() {
        SeriesForecaster first = new SeriesForecaster(TinyModels.untrained(), SeriesForecaster.DEFAULT_HISTORY);
        SeriesState state = first.newState(4);
        double[] values = TinyModels.seasonal(11);
        values[6] = Double.NaN;
        for (int t = 0; t < values.length; t++) {
            (t < 7 ? first : forecaster).accept("s", state, 60_000L * t, new double[] {values[t]});
        }
        return state;
    }

    @Test
    void decodedStateContinuesExactlyLikeTheOriginal() {
        SeriesState original = afterSomeWindows();
        SeriesState decoded = SeriesStateCodec.decode(SeriesStateCodec.encode(original));

        assertThat(decoded.steps()).isEqualTo(11);
        assertThat(decoded.lastWindowEnd()).isEqualTo(600_000L);
        assertThat(decoded.season()).isEqualTo(4);
        assertThat(decoded.holtWintersParams()).isEqualTo(original.holtWintersParams()).isNotEqualTo(HoltWinters.Params.DEFAULT);
        assertThat(decoded.recurrent()).isEqualTo(original.recurrent());
        for (long t = 11; t < 20; t++) {
            double value = 130 + t;
            assertThat(forecaster.accept("s", decoded, 60_000L * t, new double[] {value}))
                    .isEqualTo(forecaster.accept("s", original, 60_000L * t, new double[] {value}));
        }
        assertThat(SeriesStateCodec.encode(decoded)).isEqualTo(SeriesStateCodec.encode(original));
    }

    @Test
    void aVersion3StateFromBeforeIntervalsIsReadWithNoErrorsKept() {
        SeriesState original = afterSomeWindows();
        byte[] bytes = SeriesStateCodec.encode(original);
        int h = TinyModels.HORIZON;
        int m = original.season();
        // version 4's layout up to the intervals' part (SeriesStateCodec's javadoc), which version 3 lacks
        int before = 1 + 4 + 4 + 8 + 8 + (4 + 8 + 8 + 8) + (6 * 8 + 8 + m * 8) + (8 + m * 8) + 4 * h * h * 8 + 5 * h * 8
                + 5 * h * 8 + h * 8;
        int intervals = h * (8 + 4 * ForecastIntervals.ERRORS);
        byte[] version3 = new byte[bytes.length - intervals];
        System.arraycopy(bytes, 0, version3, 0, before);
        System.arraycopy(bytes, before + intervals, version3, before, bytes.length - before - intervals);
        version3[0] = 3;

        SeriesState decoded = SeriesStateCodec.decode(version3);

        assertThat(decoded.steps()).isEqualTo(original.steps());
        assertThat(decoded.recurrent()).isEqualTo(original.recurrent());
        assertThat(Arrays.stream(original.intervals.recorded).min().orElseThrow()).as("errors the original kept").isPositive();
        assertThat(decoded.intervals.recorded).containsOnly(0L);
    }

    @Test
    void anotherFormatVersionOrTruncatedBytesAreRejected() {
        byte[] bytes = SeriesStateCodec.encode(afterSomeWindows());
        byte[] future = bytes.clone();
        future[0] = 5;

        assertThatThrownBy(() -> SeriesStateCodec.decode(future)).isInstanceOf(StateFormatException.class)
                .hasMessageContaining("format version 5");
        assertThatThrownBy(() -> SeriesStateCodec.decode(Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(StateFormatException.class).hasMessageContaining("corrupt series state");
    }
}
