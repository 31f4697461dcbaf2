package io.lstmstreams.forecast;

import io.lstmstreams.model.StateCodec;
import io.lstmstreams.model.StateFormatException;
import io.lstmstreams.state.RecurrentStateStore;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The bytes of a {@link SeriesState} in the state store (and its changelog). Format version 5: version byte,
 * season, horizon, steps, last window end; normaliser (window, count, mean, variance); Holt-Winters (alpha, beta,
 * gamma, level, trend, last value, steps, season[m]); seasonal naive (steps, last value per phase[m]); pending
 * forecasts [4][h][h]; correction weights' errors [5][h], squared gains [5][h] and scored counts [h]; the intervals'
 * recorded counts [h] and float errors [h][{@value ForecastIntervals#ERRORS}]; the issued intervals: level count L,
 * levels [L] and half-widths [L][h][h] (NaN where none was issued); history length n and values [n]; then the
 * recurrent state in {@link StateCodec}'s own versioned format. Version 4 is version 5 without the issued intervals
 * (read with none issued, so their forecasts' scores carry no interval); version 3 is version 4 without the
 * intervals' errors too (read with no errors kept). The half-widths are doubles, so a score's bounds are bit for
 * bit the forecast's.
 */
final class SeriesStateCodec {

    public static final byte FORMAT_VERSION = 5;
    private static final byte WITHOUT_ISSUED_INTERVALS = 4;
    private static final byte WITHOUT_INTERVALS = 3;
    /** More levels than any configuration has: the bytes are corrupt. */
    private static final int MAX_LEVELS = 1 << 8;

    /** This codec as the state store takes it; a series' last-seen time is its last window's end. */
    static final RecurrentStateStore.Codec<SeriesState> CODEC = RecurrentStateStore.Codec.of(
            SeriesStateCodec::encode, SeriesStateCodec::decode, bytes -> decode(bytes).lastWindowEnd());

    private SeriesStateCodec() {
    }

    public static byte[] encode(SeriesState state) {
        SeriesTracker tracker = state.tracker;
        return StateCodec.write(4096, out -> {
            out.writeByte(FORMAT_VERSION);
            out.writeInt(tracker.season);
            out.writeInt(tracker.horizon);
            out.writeLong(state.steps);
            out.writeLong(state.lastWindowEnd);
            RunningNormaliser normaliser = tracker.normaliser;
            out.writeInt(normaliser.window);
            out.writeLong(normaliser.count);
            out.writeDouble(normaliser.mean);
            out.writeDouble(normaliser.variance);
            HoltWinters hw = tracker.holtWinters;
            writeDoubles(out, hw.params.alpha(), hw.params.beta(), hw.params.gamma(), hw.level, hw.trend, hw.lastValue);
            out.writeLong(hw.steps);
            writeDoubles(out, hw.season);
            out.writeLong(tracker.seasonalNaive.steps);
            writeDoubles(out, tracker.seasonalNaive.lastAtPhase);
            for (double[][] method : state.pending) {
                for (double[] issued : method) {
                    writeDoubles(out, issued);
                }
            }
            for (double[] errors : state.weights.errors) {
                writeDoubles(out, errors);
            }
            for (double[] gains : state.weights.squaredGains) {
                writeDoubles(out, gains);
            }
            for (long count : state.weights.scored) {
                out.writeLong(count);
            }
            for (int h = 0; h < tracker.horizon; h++) {
                out.writeLong(state.intervals.recorded[h]);
                for (float error : state.intervals.errors[h]) {
                    out.writeFloat(error);
                }
            }
            out.writeInt(state.levels.length);
            writeDoubles(out, state.levels);
            for (double[][] level : state.issuedHalfWidths) {
                for (double[] issued : level) {
                    writeDoubles(out, issued);
                }
            }
            out.writeInt(state.history.length);
            writeDoubles(out, state.history);
            StateCodec.writeEmbedded(out, state.recurrent);
        });
    }

    public static SeriesState decode(byte[] bytes) {
        return StateCodec.read("series state", bytes, in -> {
            int version = in.readByte();
            if (version != FORMAT_VERSION && version != WITHOUT_ISSUED_INTERVALS && version != WITHOUT_INTERVALS) {
                throw new StateFormatException("series state format version " + version + " is not " + WITHOUT_INTERVALS
                        + ", " + WITHOUT_ISSUED_INTERVALS + " or " + FORMAT_VERSION);
            }
            int season = in.readInt();
            int horizon = in.readInt();
            if (season < 1 || horizon < 1 || season > 1 << 16 || horizon > 1 << 12) {
                throw new StateFormatException("series state with season " + season + " and horizon " + horizon);
            }
            long steps = in.readLong();
            long lastWindowEnd = in.readLong();
            RunningNormaliser normaliser = new RunningNormaliser(in.readInt());
            normaliser.count = in.readLong();
            normaliser.mean = in.readDouble();
            normaliser.variance = in.readDouble();
            HoltWinters hw = new HoltWinters(season, new HoltWinters.Params(in.readDouble(), in.readDouble(), in.readDouble()));
            hw.level = in.readDouble();
            hw.trend = in.readDouble();
            hw.lastValue = in.readDouble();
            hw.steps = in.readLong();
            readDoubles(in, hw.season);
            SeasonalNaive seasonalNaive = new SeasonalNaive(season);
            seasonalNaive.steps = in.readLong();
            readDoubles(in, seasonalNaive.lastAtPhase);
            double[][][] pending = new double[SeriesState.METHODS][horizon][horizon];
            for (double[][] method : pending) {
                for (double[] issued : method) {
                    readDoubles(in, issued);
                }
            }
            CorrectionWeights weights = new CorrectionWeights(horizon);
            for (double[] errors : weights.errors) {
                readDoubles(in, errors);
            }
            for (double[] gains : weights.squaredGains) {
                readDoubles(in, gains);
            }
            for (int k = 0; k < horizon; k++) {
                weights.scored[k] = in.readLong();
            }
            ForecastIntervals intervals = new ForecastIntervals(horizon);
            for (int h = 0; version != WITHOUT_INTERVALS && h < horizon; h++) {
                intervals.recorded[h] = in.readLong();
                for (int i = 0; i < ForecastIntervals.ERRORS; i++) {
                    intervals.errors[h][i] = in.readFloat();
                }
            }
            int levelCount = version == FORMAT_VERSION ? in.readInt() : 0;
            if (levelCount < 0 || levelCount > MAX_LEVELS) {
                throw new StateFormatException("series state with " + levelCount + " interval levels");
            }
            double[] levels = new double[levelCount];
            readDoubles(in, levels);
            double[][][] issuedHalfWidths = new double[levels.length][horizon][horizon];
            for (double[][] level : issuedHalfWidths) {
                for (double[] issued : level) {
                    readDoubles(in, issued);
                }
            }
            int historyLength = in.readInt();
            if (historyLength < 1 || historyLength > 1 << 20) {
                throw new StateFormatException("series state with a history of " + historyLength);
            }
            double[] history = new double[historyLength];
            readDoubles(in, history);
            SeriesState state = new SeriesState(StateCodec.readEmbedded(in),
                    new SeriesTracker(season, horizon, normaliser, hw, seasonalNaive), weights, intervals, levels,
                    historyLength);
            System.arraycopy(history, 0, state.history, 0, historyLength);
            state.steps = steps;
            state.lastWindowEnd = lastWindowEnd;
            SeriesState.copy(pending, state.pending);
            SeriesState.copy(issuedHalfWidths, state.issuedHalfWidths);
            return state;
        });
    }

    private static void writeDoubles(DataOutputStream out, double... values) throws IOException {
        for (double value : values) {
            out.writeDouble(value);
        }
    }

    private static void readDoubles(DataInputStream in, double[] into) throws IOException {
        for (int i = 0; i < into.length; i++) {
            into[i] = in.readDouble();
        }
    }
}
