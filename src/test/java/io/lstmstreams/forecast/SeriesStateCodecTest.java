package io.lstmstreams.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lstmstreams.model.StateFormatException;
import io.lstmstreams.wire.ForecastMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

    private static <T> List<T> only(List<ForecastMessage> messages, Class<T> type) {
        return messages.stream().filter(type::isInstance).map(type::cast).toList();
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
        assertThat(decoded.levels).containsExactly(SeriesForecaster.DEFAULT_LEVELS);
        assertThat(decoded.issuedHalfWidths).isDeepEqualTo(original.issuedHalfWidths);
        assertThat(Arrays.stream(original.issuedHalfWidths[0]).flatMapToDouble(Arrays::stream).filter(Double::isFinite))
                .as("80%% intervals issued").isNotEmpty();
        for (long t = 11; t < 20; t++) {
            double value = 130 + t;
            assertThat(forecaster.accept("s", decoded, 60_000L * t, new double[] {value}))
                    .isEqualTo(forecaster.accept("s", original, 60_000L * t, new double[] {value}));
        }
        assertThat(SeriesStateCodec.encode(decoded)).isEqualTo(SeriesStateCodec.encode(original));
    }

    /** Bytes of version 5's layout (SeriesStateCodec's javadoc) up to the intervals' errors, which version 3 lacks. */
    private static int beforeIntervals(SeriesState state) {
        int h = TinyModels.HORIZON;
        int m = state.season();
        return 1 + 4 + 4 + 8 + 8 + (4 + 8 + 8 + 8) + (6 * 8 + 8 + m * 8) + (8 + m * 8) + 4 * h * h * 8 + 5 * h * 8
                + 5 * h * 8 + h * 8;
    }

    private static int intervalErrors() {
        return TinyModels.HORIZON * (8 + 4 * ForecastIntervals.ERRORS);
    }

    /** The issued intervals' part: level count, levels, half-widths [levels][h][h]; versions 3 and 4 lack it. */
    private static int issuedIntervals(SeriesState state) {
        int h = TinyModels.HORIZON;
        return 4 + state.levels.length * 8 + state.levels.length * h * h * 8;
    }

    /** {@code bytes} without {@code length} bytes at {@code from}, its version byte set to {@code version}. */
    private static byte[] cut(byte[] bytes, int from, int length, int version) {
        byte[] older = new byte[bytes.length - length];
        System.arraycopy(bytes, 0, older, 0, from);
        System.arraycopy(bytes, from + length, older, from, bytes.length - from - length);
        older[0] = (byte) version;
        return older;
    }

    @Test
    void aVersion4StateFromBeforeIssuedIntervalsWereKeptIsReadWithNoneIssuedAndScoresIntervalsFromItsNextForecasts() {
        SeriesState original = afterSomeWindows();
        byte[] version4 = cut(SeriesStateCodec.encode(original), beforeIntervals(original) + intervalErrors(),
                issuedIntervals(original), 4);

        SeriesState decoded = SeriesStateCodec.decode(version4);

        assertThat(decoded.steps()).isEqualTo(original.steps());
        assertThat(decoded.recurrent()).isEqualTo(original.recurrent());
        assertThat(decoded.intervals.recorded).isEqualTo(original.intervals.recorded);
        assertThat(decoded.intervals.errors).isDeepEqualTo(original.intervals.errors);
        assertThat(decoded.levels).isEmpty();
        List<List<ForecastMessage.Error>> scores = new ArrayList<>();
        for (long t = 11; t <= 11 + TinyModels.HORIZON; t++) {
            List<ForecastMessage> window = forecaster.accept("s", decoded, 60_000L * t, new double[] {130 + t});
            List<ForecastMessage> continued = forecaster.accept("s", original, 60_000L * t, new double[] {130 + t});
            assertThat(only(window, ForecastMessage.Forecast.class)).isEqualTo(only(continued, ForecastMessage.Forecast.class));
            scores.add(only(window, ForecastMessage.Error.class));
        }
        // window 11 scores forecasts issued before the restart: no interval; window 14 those issued after: theirs
        assertThat(scores.get(0)).hasSize(TinyModels.HORIZON).allSatisfy(score -> assertThat(score.intervals()).isEmpty());
        assertThat(scores.get(TinyModels.HORIZON)).hasSize(TinyModels.HORIZON).allSatisfy(score ->
                assertThat(score.intervals()).extracting(ForecastMessage.ScoredInterval::level).contains(0.8));
    }

    @Test
    void aVersion3StateFromBeforeIntervalsIsReadWithNoErrorsKept() {
        SeriesState original = afterSomeWindows();
        byte[] bytes = SeriesStateCodec.encode(original);
        byte[] version4 = cut(bytes, beforeIntervals(original) + intervalErrors(), issuedIntervals(original), 4);
        byte[] version3 = cut(version4, beforeIntervals(original), intervalErrors(), 3);

        SeriesState decoded = SeriesStateCodec.decode(version3);

        assertThat(decoded.steps()).isEqualTo(original.steps());
        assertThat(decoded.recurrent()).isEqualTo(original.recurrent());
        assertThat(Arrays.stream(original.intervals.recorded).min().orElseThrow()).as("errors the original kept").isPositive();
        assertThat(decoded.intervals.recorded).containsOnly(0L);
        assertThat(decoded.levels).isEmpty();
    }

    @Test
    void anotherFormatVersionOrTruncatedBytesAreRejected() {
        byte[] bytes = SeriesStateCodec.encode(afterSomeWindows());
        byte[] future = bytes.clone();
        future[0] = 6;

        assertThatThrownBy(() -> SeriesStateCodec.decode(future)).isInstanceOf(StateFormatException.class)
                .hasMessageContaining("format version 6");
        assertThatThrownBy(() -> SeriesStateCodec.decode(Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(StateFormatException.class).hasMessageContaining("corrupt series state");
    }
}
