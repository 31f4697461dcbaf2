package io.lstmstreams.cli;

import io.lstmstreams.data.Conllu;
import io.lstmstreams.data.LogSessions;
import io.lstmstreams.data.Sentence;
import io.lstmstreams.forecasting.ForecastBenchmark;
import io.lstmstreams.forecasting.ForecastEvaluation;
import io.lstmstreams.forecasting.ForecastModel;
import io.lstmstreams.forecasting.ForecastTraining;
import io.lstmstreams.forecasting.HorizonErrors;
import io.lstmstreams.forecasting.Series;
import io.lstmstreams.forecasting.SeriesCsv;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.tagging.LogKeyEvaluation;
import io.lstmstreams.tagging.LogKeyModel;
import io.lstmstreams.tagging.PosEvaluation;
import io.lstmstreams.tagging.PosModel;
import io.lstmstreams.tagging.TaggingTask;
import io.lstmstreams.training.ProgressListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eval pos|logkeys|forecast}: runs a data set through the streaming code offline (the same code the
 * stream processor runs, event by event) and scores it. The last line is machine-readable.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a model bundle offline, exactly as the stream would; the last line is machine-readable.")
public final class EvalCommand {

    @Spec
    CommandSpec spec;

    @Command(name = "pos", mixinStandardHelpOptions = true, description = "UPOS accuracy on a CoNLL-U file.")
    int pos(@Option(names = "--model", required = true, paramLabel = "FILE") Path model,
            @Option(names = "--data", required = true, paramLabel = "FILE.conllu[.gz]") Path data,
            @Option(names = "--lookahead", paramLabel = "K",
                    description = "Check that the model runs with this look-ahead (it is fixed at training).") Integer lookahead)
            throws IOException {
        PosModel pos = PosModel.from(ModelBundle.read(model));
        if (lookahead != null && lookahead != pos.lookahead()) {
            throw new IllegalArgumentException(model + " was trained for look-ahead " + pos.lookahead()
                    + "; train one with 'train pos --lookahead " + lookahead + "'");
        }
        List<Sentence> sentences = Conllu.read(data);
        PosEvaluation.Result result = PosEvaluation.evaluate(pos, sentences);
        spec.commandLine().getOut().printf(Locale.ROOT, "sentences=%d tokens=%d lookahead=%d model_version=%d%n",
                sentences.size(), result.tags().size(), pos.lookahead(), pos.version());
        spec.commandLine().getOut().printf(Locale.ROOT, "upos_accuracy=%.4f%n", result.accuracy());
        return ExitCodes.OK;
    }

    @Command(name = "logkeys", mixinStandardHelpOptions = true,
            description = "Session-level precision, recall, F1 and false-positive rate (sessions not deduplicated).")
    int logkeys(@Option(names = "--model", required = true, paramLabel = "FILE") Path model,
                @Option(names = "--normal", required = true, paramLabel = "SESSIONS") Path normal,
                @Option(names = "--abnormal", paramLabel = "SESSIONS",
                        description = "Abnormal sessions; without them only the false-positive rate is measured.") Path abnormal,
                @Option(names = "--top-g", defaultValue = "" + TaggingTask.DEFAULT_TOP_G,
                        description = "An event is anomalous when its key is not among the top g predictions (default: ${DEFAULT-VALUE}).") int topG,
                @Option(names = "--end-min-probability", paramLabel = "P",
                        description = "A session's end is anomalous when the model gave it less than P after its last event; 0 judges no end (default: the P calibrated at training).") Double endMinProbability)
            throws IOException {
        LogKeyModel calibrated = LogKeyModel.from(ModelBundle.read(model), topG);
        LogKeyModel logKeys = endMinProbability == null ? calibrated : calibrated.withEndMinProbability(endMinProbability);
        LogKeyEvaluation.Result result = LogKeyEvaluation.evaluate(logKeys, LogSessions.read(normal),
                abnormal == null ? List.of() : LogSessions.read(abnormal));
        spec.commandLine().getOut().printf(Locale.ROOT, "tp=%d fp=%d fn=%d tn=%d top_g=%d end_min_probability=%.3g model_version=%d%n",
                result.truePositives(), result.falsePositives(), result.falseNegatives(), result.trueNegatives(),
                logKeys.topG(), logKeys.endMinProbability(), logKeys.version());
        spec.commandLine().getOut().println(result.summary());
        return ExitCodes.OK;
    }

    /** Exactly one of a series or a folder of them. */
    static final class ForecastData {
        @Option(names = "--data", required = true, paramLabel = "CSV", description = "One series.")
        Path data;
        @Option(names = "--all", required = true, paramLabel = "DIR",
                description = "Every univariate CSV of DIR with at least 60 windows (not R's 'sunspots', a duplicate).")
        Path all;
    }

    @Command(name = "forecast", mixinStandardHelpOptions = true,
            description = {"Progressive validation (forecast, then learn) with periodic retraining on the windows seen so far.",
                    "MASE = MAE / seasonal-naive MAE on the same windows; Holt-Winters scored on the same windows too.",
                    "Last line: one-step figures (with --all: the medians over the series)."})
    int forecast(@ArgGroup(multiplicity = "1") ForecastData data,
                 @Option(names = "--horizon", defaultValue = "12", description = "Windows ahead (default: ${DEFAULT-VALUE}).") int horizon,
                 @Option(names = "--season", paramLabel = "M", description = "Season length (default: 12 monthly, 4 quarterly, else none).") Integer season,
                 @Option(names = "--model", paramLabel = "FILE", description = "Bundle to start from (default: an untrained LSTM).") Path model,
                 @Option(names = "--retrain-every", paramLabel = "N", description = "Windows between retrainings (default: 10% of the series, at least 12).") Integer retrainEvery)
            throws IOException {
        ForecastModel start = model != null ? ForecastModel.from(ModelBundle.read(model))
                : ForecastTraining.untrained(ForecastTraining.Options.defaults(horizon));
        if (start.horizon() != horizon) {
            throw new IllegalArgumentException(model + " forecasts " + start.horizon() + " windows ahead, not --horizon " + horizon);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (data.data != null) {
            ForecastEvaluation.Result result = evaluateForecast(SeriesCsv.read(data.data), start, season, retrainEvery);
            out.println("k n mae smape mase mae_seasonal_naive mae_holt_winters mase_holt_winters");
            for (HorizonErrors errors : result.horizons()) {
                out.printf(Locale.ROOT, "%d %d %.4f %.4f %.4f %.4f %.4f %.4f%n", errors.horizon(), errors.count(), errors.mae(),
                        errors.smape(), errors.mase(), errors.seasonalNaiveMae(), errors.holtWintersMae(), errors.holtWintersMase());
            }
            out.println(result.summary());
            return ExitCodes.OK;
        }
        List<Series> all = ForecastBenchmark.select(data.all);
        double[] mase = new double[all.size()];
        double[] holtWinters = new double[all.size()];
        out.println("series n season mase mase_holt_winters smape mae");
        for (int i = 0; i < all.size(); i++) {
            Series series = all.get(i);
            HorizonErrors one = evaluateForecast(series, start, season, retrainEvery).oneStep();
            mase[i] = one.mase();
            holtWinters[i] = one.holtWintersMase();
            out.printf(Locale.ROOT, "%s %d %d %.4f %.4f %.4f %.4f%n", series.name(), one.count(), series.season(season),
                    one.mase(), one.holtWintersMase(), one.smape(), one.mae());
            out.flush();
        }
        out.printf(Locale.ROOT, "series=%d median_mase=%.4f median_mase_seasonal_naive=1.0 median_mase_holt_winters=%.4f%n",
                all.size(), ForecastBenchmark.median(mase), ForecastBenchmark.median(holtWinters));
        return ExitCodes.OK;
    }

    private static ForecastEvaluation.Result evaluateForecast(Series series, ForecastModel start, Integer season,
                                                              Integer retrainEvery) {
        return ForecastEvaluation.evaluate(series, start, ForecastEvaluation.Settings.periodicRetraining(series.length(),
                series.season(season), start.horizon(), retrainEvery, ProgressListener.none()));
    }
}
