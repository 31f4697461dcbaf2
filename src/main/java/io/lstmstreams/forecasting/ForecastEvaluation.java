package io.lstmstreams.forecasting;

import io.lstmstreams.training.ProgressListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Progressive validation of the forecaster on one series (river's {@code iter_evaluate}): every window goes through
 * {@link SeriesForecaster#accept}, which scores the forecasts made for it before it learns from it, so nothing after
 * a window is used to forecast it. Every {@code retrainEvery} windows the Holt-Winters constants are refitted and the
 * LSTM is trained further, both on the windows seen so far only; the state is then rebuilt by replaying those
 * windows through the new model, keeping the forecasts already issued (they belong to the model that issued them).
 * Windows before {@code warmup} are not scored.
 */
public final class ForecastEvaluation {

    /**
     * @param firstTraining windows seen before the first training (Holt-Winters fit and LSTM); then every
     *                      {@code retrainEvery} windows
     * @param warmup        windows not scored: the first training plus one horizon, so every scored forecast
     *                      was issued by a trained model
     */
    public record Settings(int season, ForecastTraining.Options training, int firstTraining, int retrainEvery, int warmup) {

        public Settings {
            if (season < 1 || firstTraining < 2 || retrainEvery < 1 || warmup < 0) {
                throw new IllegalArgumentException("invalid settings: season " + season + ", first training " + firstTraining
                        + ", retrain every " + retrainEvery + ", warmup " + warmup);
            }
        }

        /** First training after two seasons (at least 24 windows), retraining every 10% of the series (at least 12). */
        public static Settings defaults(int length, int season, int horizon) {
            int first = Math.max(24, 2 * season);
            return new Settings(season, ForecastTraining.Options.defaults(horizon), first,
                    Math.max(12, length / 10), first + horizon);
        }

        /**
         * No retraining and every window scored: the model is used as given, as the streaming pipeline runs it
         * (it does not retrain yet), so the two can be compared exactly.
         */
        public static Settings withoutRetraining(int season, int horizon) {
            return new Settings(season, ForecastTraining.Options.defaults(horizon), Integer.MAX_VALUE, 1, 0);
        }
    }

    /** Per-horizon errors (index k-1), the forecasts issued and the model versions used. */
    public record Result(String series, List<HorizonErrors> horizons, List<ForecastOutput.Forecast> forecasts, long finalModelVersion) {

        public HorizonErrors oneStep() {
            return horizons.get(0);
        }

        /** {@code mase=.. smape=.. mae=.. mase_seasonal_naive=1.0 mase_holt_winters=..}, one-step figures. */
        public String summary() {
            HorizonErrors one = oneStep();
            return String.format(Locale.ROOT, "mase=%.4f smape=%.4f mae=%.4f mase_seasonal_naive=1.0 mase_holt_winters=%.4f",
                    one.mase(), one.smape(), one.mae(), one.holtWintersMase());
        }
    }

    private ForecastEvaluation() {
    }

    /**
     * @param start the model the first training continues from (a pre-trained bundle, or
     *              {@link ForecastTraining#untrained})
     */
    public static Result evaluate(Series series, ForecastModel start, Settings settings, ProgressListener listener) {
        int horizon = start.horizon();
        List<HorizonErrors> horizons = IntStream.rangeClosed(1, horizon).mapToObj(HorizonErrors::new).toList();
        List<ForecastOutput.Forecast> forecasts = new ArrayList<>();
        SeriesForecaster forecaster = new SeriesForecaster(start);
        SeriesState state = forecaster.newState(settings.season());
        double[][] values = series.values();
        for (int t = 0; t < values.length; t++) {
            for (ForecastOutput output : forecaster.accept(series.name(), state, t, values[t])) {
                if (output instanceof ForecastOutput.Score score && score.step() >= settings.warmup()) {
                    horizons.get(score.horizon() - 1).add(score);
                } else if (output instanceof ForecastOutput.Forecast forecast) {
                    forecasts.add(forecast);
                }
            }
            int seen = t + 1;
            if (seen >= settings.firstTraining() && (seen - settings.firstTraining()) % settings.retrainEvery() == 0
                    && seen < values.length) {
                double[] history = Arrays.copyOf(series.target(), seen);
                ForecastModel model = ForecastTraining.retrain(forecaster.model(),
                        List.of(new ForecastTraining.Input(history, settings.season())), settings.training(), listener);
                forecaster = new SeriesForecaster(model);
                state = replay(forecaster, series.name(), Arrays.copyOf(values, seen),
                        HoltWinters.fit(history, settings.season()), state);
            }
        }
        return new Result(series.name(), horizons, forecasts, forecaster.model().version());
    }

    /** The state after {@code history} under a new model and Holt-Winters constants, with {@code old}'s pending forecasts. */
    private static SeriesState replay(SeriesForecaster forecaster, String seriesId, double[][] history,
                                      HoltWinters.Params params, SeriesState old) {
        SeriesState state = forecaster.newState(old.season(), params);
        for (int t = 0; t < history.length; t++) {
            forecaster.accept(seriesId, state, t, history[t]);
        }
        state.keepPendingForecastsOf(old);
        return state;
    }
}
