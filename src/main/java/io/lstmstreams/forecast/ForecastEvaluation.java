package io.lstmstreams.forecast;

import io.lstmstreams.data.Series;
import io.lstmstreams.training.ProgressListener;
import io.lstmstreams.wire.ForecastMessage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Progressive validation of the forecaster on one series (river's {@code iter_evaluate}): every window goes through
 * {@link SeriesForecaster#accept}, which scores the forecasts made for it before it learns from it, so nothing after
 * a window is used to forecast it. After a window, the {@link ModelUpdates} may hand over a new model (periodic
 * retraining on the windows seen so far, or a given model at a given window); the next window then runs on it, its
 * state rebuilt from the remembered windows exactly as the live pipeline rebuilds it after a hot swap. Windows
 * before {@code warmup} are not scored.
 */
final class ForecastEvaluation {

    /** Where the model changes: after {@code seen} windows whose target values were {@code history}. */
    @FunctionalInterface
    public interface ModelUpdates {

        ModelUpdates NONE = (seen, history, running) -> Optional.empty();

        Optional<ForecastModel> after(int seen, double[] history, ForecastModel running);

        /**
         * Retrains the running model on the windows seen so far (Holt-Winters constants fitted on them), first after
         * {@code first} windows, then every {@code every}.
         */
        static ModelUpdates retrainEvery(int first, int every, int season, ForecastTask.Options training,
                                         ProgressListener listener) {
            if (first < 2 || every < 1) {
                throw new IllegalArgumentException("first training after " + first + " windows, then every " + every);
            }
            return (seen, history, running) -> seen >= first && (seen - first) % every == 0
                    ? Optional.of(ForecastTraining.retrain(running, List.of(new ForecastTraining.Input(history, season)),
                            training, listener))
                    : Optional.empty();
        }
    }

    /**
     * @param historyLength windows remembered per series, to rebuild its state after a model change
     * @param warmup        windows not scored: with retraining, the first training plus one horizon, so every scored
     *                      forecast was issued by a trained model
     */
    public record Settings(int season, int historyLength, int warmup, ModelUpdates updates) {

        public Settings {
            if (season < 1 || historyLength < season || warmup < 0) {
                throw new IllegalArgumentException("invalid settings: season " + season + ", history " + historyLength
                        + ", warmup " + warmup);
            }
        }

        /**
         * What {@code eval forecast} runs: first training after two seasons (at least 24 windows), retraining every
         * {@code retrainEvery} windows (default 10% of the series, at least 12).
         */
        public static Settings periodicRetraining(int length, int season, int horizon, Integer retrainEvery,
                                                  ProgressListener listener) {
            int first = Math.max(24, 2 * season);
            int every = retrainEvery != null ? retrainEvery : Math.max(12, length / 10);
            return new Settings(season, history(season), first + horizon,
                    ModelUpdates.retrainEvery(first, every, season, ForecastTask.Options.defaults(horizon), listener));
        }

        /** Every window scored, the model changed only where {@code updates} says: as a live pipeline runs it. */
        public static Settings streaming(int season, ModelUpdates updates) {
            return new Settings(season, history(season), 0, updates);
        }

        private static int history(int season) {
            return Math.max(SeriesForecaster.DEFAULT_HISTORY, season);
        }
    }

    /**
     * Per-horizon errors (index k-1), the forecasts issued, the model versions used, and how often the scored windows
     * fell within each level's interval.
     */
    public record Result(String series, List<HorizonErrors> horizons, List<ForecastMessage.Forecast> forecasts,
                         long finalModelVersion, List<Coverage> coverage) {

        public HorizonErrors oneStep() {
            return horizons.get(0);
        }

        /**
         * {@code mase=.. smape=.. mae=.. mase_seasonal_naive=1.0 mase_holt_winters=..}, one-step figures, then each
         * level's coverage over every horizon and at h = 1: {@code coverage80=.. coverage80_h1=..}.
         */
        public String summary() {
            HorizonErrors one = oneStep();
            StringBuilder summary = new StringBuilder(String.format(Locale.ROOT,
                    "mase=%.4f smape=%.4f mae=%.4f mase_seasonal_naive=1.0 mase_holt_winters=%.4f",
                    one.mase(), one.smape(), one.mae(), one.holtWintersMase()));
            for (Coverage level : coverage) {
                summary.append(String.format(Locale.ROOT, " %s=%.4f %s_h1=%.4f", level.name(), level.overall(), level.name(),
                        level.oneStep()));
            }
            return summary.toString();
        }
    }

    /**
     * Of the scored windows that had an interval at {@code level} (its bounds set), how many fell within it: at h = 1,
     * and over every horizon.
     */
    public record Coverage(double level, long oneStepCovered, long oneStepScored, long covered, long scored) {

        /** {@code coverage80} for 0.8, {@code coverage97.5} for 0.975. */
        public String name() {
            return "coverage" + BigDecimal.valueOf(100 * level).stripTrailingZeros().toPlainString();
        }

        public double oneStep() {
            return (double) oneStepCovered / oneStepScored;
        }

        public double overall() {
            return (double) covered / scored;
        }

        /** This and {@code other} pooled: for a figure over many series. */
        public Coverage plus(Coverage other) {
            return new Coverage(level, oneStepCovered + other.oneStepCovered, oneStepScored + other.oneStepScored,
                    covered + other.covered, scored + other.scored);
        }
    }

    private ForecastEvaluation() {
    }

    /** @param start the first model (a pre-trained bundle, or {@link ForecastTraining#untrained}) */
    public static Result evaluate(Series series, ForecastModel start, Settings settings) {
        int horizon = start.horizon();
        List<HorizonErrors> horizons = IntStream.rangeClosed(1, horizon).mapToObj(HorizonErrors::new).toList();
        List<ForecastMessage.Forecast> forecasts = new ArrayList<>();
        SeriesForecaster forecaster = new SeriesForecaster(start, settings.historyLength());
        SeriesState state = forecaster.newState(settings.season());
        double[][] values = series.values();
        for (int t = 0; t < values.length; t++) {
            // window t ends at t here, so the warmup compares scored windows' ends with a count of windows
            for (ForecastMessage output : forecaster.accept(series.name(), state, t, values[t])) {
                if (output instanceof ForecastMessage.Error score && score.windowEnd() >= settings.warmup()) {
                    horizons.get(score.horizon() - 1).add(score);
                } else if (output instanceof ForecastMessage.Forecast forecast) {
                    forecasts.add(forecast);
                }
            }
            int seen = t + 1;
            if (seen < values.length) {
                Optional<ForecastModel> next = settings.updates().after(seen, Arrays.copyOf(series.target(), seen),
                        forecaster.model());
                if (next.isPresent()) {
                    forecaster = new SeriesForecaster(next.get(), settings.historyLength());
                }
            }
        }
        return new Result(series.name(), horizons, forecasts, forecaster.model().version(),
                coverage(forecasts, series.target(), settings.warmup()));
    }

    /**
     * The figures of the forecasts and scores a pipeline published for {@code series} (in publication order), its row
     * t in the window ending at {@code start + (t + 1) * windowMs}: counted as {@link #evaluate} counts its own, with
     * windows renumbered by row, so where the stream computed what the protocol does the two results are equal.
     */
    static Result ofStream(Series series, int horizon, List<ForecastMessage.Forecast> forecasts,
                           List<ForecastMessage.Error> errors, long start, long windowMs, Settings settings, long finalModelVersion) {
        List<HorizonErrors> horizons = IntStream.rangeClosed(1, horizon).mapToObj(HorizonErrors::new).toList();
        errors.stream().filter(score -> row(score.windowEnd(), start, windowMs) >= settings.warmup())
                .forEach(score -> horizons.get(score.horizon() - 1).add(score));
        List<ForecastMessage.Forecast> byRow = forecasts.stream().map(forecast -> new ForecastMessage.Forecast(forecast.v(),
                forecast.series(), row(forecast.windowEnd(), start, windowMs), forecast.horizon(), forecast.values(),
                forecast.modelVersion(), forecast.intervals())).toList();
        return new Result(series.name(), horizons, byRow, finalModelVersion, coverage(byRow, series.target(), settings.warmup()));
    }

    private static long row(long windowEnd, long start, long windowMs) {
        return (windowEnd - start) / windowMs - 1;
    }

    /** Each level's coverage of the windows at or after {@code warmup} with a value; forecast t was issued at window t. */
    private static List<Coverage> coverage(List<ForecastMessage.Forecast> forecasts, double[] target, int warmup) {
        List<Coverage> coverage = new ArrayList<>();
        for (int i = 0; !forecasts.isEmpty() && i < forecasts.get(0).intervals().size(); i++) {
            long[] counts = new long[4];
            for (ForecastMessage.Forecast forecast : forecasts) {
                ForecastMessage.Interval interval = forecast.intervals().get(i);
                for (int k = 1; k <= forecast.horizon(); k++) {
                    long window = forecast.windowEnd() + k;
                    Boolean covered = window >= warmup && window < target.length && !Double.isNaN(target[(int) window])
                            ? interval.covers(k, target[(int) window]) : null;
                    if (covered != null) {
                        counts[0] += k == 1 && covered ? 1 : 0;
                        counts[1] += k == 1 ? 1 : 0;
                        counts[2] += covered ? 1 : 0;
                        counts[3]++;
                    }
                }
            }
            coverage.add(new Coverage(forecasts.get(0).intervals().get(i).level(), counts[0], counts[1], counts[2], counts[3]));
        }
        return coverage;
    }
}
