package io.lstmstreams.forecast;

import io.lstmstreams.config.ConfigKey;
import io.lstmstreams.config.Settings;
import io.lstmstreams.config.ValueType;
import io.lstmstreams.data.Series;
import io.lstmstreams.data.SeriesCsv;
import io.lstmstreams.model.CellType;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.retrain.CandidateTrainer;
import io.lstmstreams.retrain.LabelAssembler;
import io.lstmstreams.task.Task;
import io.lstmstreams.training.ProgressListener;
import io.lstmstreams.training.TrainingConfig;
import io.lstmstreams.wire.ForecastMessage;
import io.lstmstreams.wire.Topic;
import io.lstmstreams.wire.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.Topology;

/**
 * Forecasting: points of many series in ({@code lstm.series}), per series and closed event-time window the next
 * h windows' values out ({@code lstm.forecasts}): online Holt-Winters per series, corrected by one global LSTM;
 * every scored forecast to {@code lstm.forecast-errors}. Training, evaluation and the running pipeline start here.
 */
public final class ForecastTask implements Task<ForecastModel, ForecastTraining.Input> {

    public static final String NAME = "forecast";

    public static final ConfigKey<Duration> WINDOW_SIZE = new ConfigKey<>("forecast.window.size",
            ValueType.DURATION, "1m", "Event-time tumbling windows of this length turn each series' points into one"
            + " value per window; the horizon counts these windows (it comes from the model bundle).");
    public static final ConfigKey<Duration> WINDOW_GRACE = new ConfigKey<>("forecast.window.grace",
            ValueType.DURATION, "10s", "A window waits this long after its end for late points, then closes;"
            + " later points are dead-lettered as late.");
    public static final ConfigKey<String> AGGREGATE = new ConfigKey<>("forecast.aggregate",
            ValueType.oneOf("mean", "sum", "last"), "mean", "How a window's points become its value, per variable.");
    public static final ConfigKey<Integer> SEASON = new ConfigKey<>("forecast.season", ValueType.POSITIVE,
            String.valueOf(ForecastSettings.DEFAULT_SEASON), "Season length in windows (Holt-Winters, seasonal naive, MASE).");
    public static final ConfigKey<Duration> FUTURE_TOLERANCE = new ConfigKey<>("forecast.future.tolerance",
            ValueType.DURATION, "10s", "Points stamped further ahead of this instance's clock are dead-lettered as future"
            + " (at most 55m). An accepted point moves its partition's stream time: keep this at most"
            + " forecast.window.grace, so one point ahead never closes a window that on-time points still belong to.");
    public static final ConfigKey<List<Double>> INTERVAL_LEVELS = new ConfigKey<>("forecast.interval.levels",
            ValueType.LEVELS, "0.8,0.95", "Every forecast carries a prediction interval at each of these levels, from the"
            + " series' own recent errors per horizon (online conformal).");
    public static final ConfigKey<Duration> PAST_TOLERANCE = new ConfigKey<>("forecast.past.tolerance",
            ValueType.DURATION, "7d", "Points stamped further behind this instance's clock are dead-lettered as past,"
            + " even on a partition that has no stream time yet; raise it to replay older history.");

    /** Model size and training settings; the defaults are the ones the README's figures were measured with. */
    /** The horizon retraining's settings are taken at: they do not depend on it. */
    static final int DEFAULT_HORIZON = 12;

    public record Options(int horizon, CellType cell, int hiddenSize, int layers, double dropout, TrainingConfig training) {

        public static Options defaults(int horizon) {
            return new Options(horizon, CellType.LSTM, 32, 1, 0.0, new TrainingConfig(TrainingConfig.Optimizer.ADAM, 3e-3, 1.0, 16, 60, 6, 0.2, 42));
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "time-series forecaster";
    }

    @Override
    public Topic<String, byte[]> input() {
        return Topics.SERIES;
    }

    @Override
    public Topic<String, ForecastMessage.Forecast> output() {
        return Topics.FORECASTS;
    }

    @Override
    public List<ConfigKey<?>> settings() {
        return ForecastSettings.KEYS;
    }

    @Override
    public ForecastModel model(ModelBundle bundle, Settings settings) {
        return ForecastModel.from(bundle);
    }

    @Override
    public Topology topology(Supplier<ForecastModel> models, Settings settings, MeterRegistry meters) {
        return ForecastTopology.build(models, ForecastSettings.of(settings), meters);
    }

    /** Realized windows, in stretches of a few seasons. */
    @Override
    public LabelAssembler<ForecastTraining.Input> labels(Settings settings, int maxOpen) {
        return new WindowAssembler(ForecastRetraining.stretchLength(settings.get(SEASON)), maxOpen);
    }

    @Override
    public CandidateTrainer<ForecastTraining.Input> retraining(Settings settings) {
        return new ForecastRetraining(Options.defaults(DEFAULT_HORIZON).training());
    }

    /**
     * Rows of a series CSV, one a window of {@code window}, the last at now rounded down to a multiple of it: every
     * point is then in the past, where the pipeline takes it (starting at now put 88 of AirPassengers' 144 monthly
     * rows at 60 s windows more than the 55 minutes then allowed into the future).
     */
    @Override
    public List<KeyValue<String, byte[]>> replayRecords(Path data, Duration window) {
        long now = System.currentTimeMillis();
        long windowMs = window.toMillis();
        Series series = SeriesCsv.read(data);
        return records(series, now - now % windowMs - (series.length() - 1L) * windowMs, windowMs);
    }

    /**
     * Row i becomes a point at event time {@code start + i * windowMs}, keyed by the series' name. A row with a
     * missing value is not sent: the pipeline then sees its window as missing, as the file says.
     */
    public static List<KeyValue<String, byte[]>> records(Series series, long start, long windowMs) {
        return SeriesReplay.records(series, start, windowMs);
    }

    /** One global model from several series, each with {@code season} (null: its own, from its frequency). */
    public static ModelBundle train(List<Series> series, Integer season, Options options, long modelVersion,
                                    ProgressListener listener) {
        List<ForecastTraining.Input> inputs = series.stream()
                .map(one -> new ForecastTraining.Input(one.target(), one.season(season))).toList();
        return ForecastTraining.train(inputs, options, modelVersion, listener);
    }

    /**
     * Progressive validation (forecast, then learn) of one series with periodic retraining, printed as a table per
     * horizon; the last line is machine-readable.
     *
     * @param start the bundle to start from, or null for an untrained network of {@code cell}
     */
    public static void evaluate(Series series, ModelBundle start, CellType cell, int horizon, Integer season,
                                Integer retrainEvery, boolean throughBroker, PrintWriter out) {
        ForecastEvaluation.Result result = evaluate(series, startModel(start, cell, horizon), season, retrainEvery, throughBroker);
        out.println("k n mae smape mase mae_seasonal_naive mae_holt_winters mase_holt_winters");
        for (HorizonErrors errors : result.horizons()) {
            out.printf(Locale.ROOT, "%d %d %.4f %.4f %.4f %.4f %.4f %.4f%n", errors.horizon(), errors.count(), errors.mae(),
                    errors.smape(), errors.mase(), errors.seasonalNaiveMae(), errors.holtWintersMae(), errors.holtWintersMase());
        }
        out.println(result.summary());
    }

    /**
     * As {@link #evaluate(Series, ModelBundle, CellType, int, Integer, Integer, PrintWriter)} for every eligible series of
     * a folder, one line each, then the medians. Every horizon matters: MASE at h = 1, at h = m (the season, at most the
     * horizon; 1 without a season) and h = H (the horizon), and its mean over 1..H, for the forecaster and its
     * Holt-Winters base on the same windows.
     */
    public static void evaluateAll(Path folder, ModelBundle start, CellType cell, int horizon, Integer season,
                                   Integer retrainEvery, boolean throughBroker, PrintWriter out) {
        ForecastModel model = startModel(start, cell, horizon);
        List<Series> all = EvaluationSeries.select(folder);
        double[][] columns = new double[8][all.size()];
        List<ForecastEvaluation.Coverage> pooled = new ArrayList<>();
        for (double level : SeriesForecaster.DEFAULT_LEVELS) {
            pooled.add(new ForecastEvaluation.Coverage(level, 0, 0, 0, 0));
        }
        out.println("series n season mase mase_hm mase_hh mase_mean mase_holt_winters hw_hm hw_hh hw_mean smape mae "
                + pooled.stream().map(ForecastEvaluation.Coverage::name).collect(Collectors.joining(" ")));
        for (int i = 0; i < all.size(); i++) {
            Series series = all.get(i);
            int m = series.season(season);
            ForecastEvaluation.Result result = evaluate(series, model, season, retrainEvery, throughBroker);
            List<HorizonErrors> horizons = result.horizons();
            HorizonErrors one = horizons.get(0);
            double[] row = EvaluationSeries.horizonColumns(horizons, m);
            for (int c = 0; c < row.length; c++) {
                columns[c][i] = row[c];
            }
            StringBuilder coverage = new StringBuilder();
            for (int l = 0; l < pooled.size(); l++) {
                pooled.set(l, pooled.get(l).plus(result.coverage().get(l)));
                coverage.append(String.format(Locale.ROOT, " %.4f", result.coverage().get(l).overall()));
            }
            out.printf(Locale.ROOT, "%s %d %d %.4f %.4f %.4f %.4f %.4f %.4f %.4f %.4f %.4f %.4f%s%n", series.name(), one.count(), m,
                    row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], one.smape(), one.mae(), coverage);
            out.flush();
        }
        out.printf(Locale.ROOT, "series=%d median_mase=%.4f median_mase_hm=%.4f median_mase_hh=%.4f median_mase_mean=%.4f"
                        + " median_mase_seasonal_naive=1.0 median_mase_holt_winters=%.4f median_hw_hm=%.4f median_hw_hh=%.4f"
                        + " median_hw_mean=%.4f%s%n", all.size(), EvaluationSeries.median(columns[0]),
                EvaluationSeries.median(columns[1]), EvaluationSeries.median(columns[2]), EvaluationSeries.median(columns[3]),
                EvaluationSeries.median(columns[4]), EvaluationSeries.median(columns[5]), EvaluationSeries.median(columns[6]),
                EvaluationSeries.median(columns[7]), pooled.stream().map(level -> String.format(Locale.ROOT,
                        " pooled_%s=%.4f pooled_%s_h1=%.4f", level.name(), level.overall(), level.name(), level.oneStep()))
                        .collect(Collectors.joining()));
    }

    private static ForecastModel startModel(ModelBundle start, CellType cell, int horizon) {
        Options defaults = Options.defaults(horizon);
        ForecastModel model = start != null ? ForecastModel.from(start) : ForecastTraining.untrained(new Options(horizon, cell,
                defaults.hiddenSize(), defaults.layers(), defaults.dropout(), defaults.training()));
        if (model.horizon() != horizon) {
            throw new IllegalArgumentException("the model forecasts " + model.horizon() + " windows ahead, not --horizon " + horizon);
        }
        return model;
    }

    /** @param throughBroker run by the live pipeline on an embedded broker ({@link ForecastStreamEvaluation}), not in memory */
    private static ForecastEvaluation.Result evaluate(Series series, ForecastModel start, Integer season, Integer retrainEvery,
                                                      boolean throughBroker) {
        ForecastEvaluation.Settings settings = ForecastEvaluation.Settings.periodicRetraining(series.length(),
                series.season(season), start.horizon(), retrainEvery, ProgressListener.none());
        return throughBroker ? ForecastStreamEvaluation.evaluate(series, start, settings)
                : ForecastEvaluation.evaluate(series, start, settings);
    }
}
