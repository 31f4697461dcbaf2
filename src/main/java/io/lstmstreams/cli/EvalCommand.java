package io.lstmstreams.cli;

import io.lstmstreams.data.Conllu;
import io.lstmstreams.data.LogSessions;
import io.lstmstreams.data.Sentence;
import io.lstmstreams.data.SeriesCsv;
import io.lstmstreams.forecast.ForecastTask;
import io.lstmstreams.logkeys.LogKeysTask;
import io.lstmstreams.model.CellType;
import io.lstmstreams.mnist.Mnist;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.pos.PosTask;
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
 * {@code eval pos|logkeys|forecast|mnist}: runs a data set through the streaming code offline (the same code the
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
        ModelBundle bundle = ModelBundle.read(model);
        List<Sentence> sentences = Conllu.read(data);
        if (lookahead != null && lookahead != PosTask.lookahead(bundle)) {
            throw new IllegalArgumentException(model + " was trained for look-ahead " + PosTask.lookahead(bundle)
                    + "; train one with 'train pos --lookahead " + lookahead + "'");
        }
        PosTask.Evaluation result = PosTask.evaluate(bundle, sentences);
        spec.commandLine().getOut().printf(Locale.ROOT, "sentences=%d tokens=%d lookahead=%d model_version=%d%n",
                sentences.size(), result.tags().size(), result.lookahead(), result.modelVersion());
        spec.commandLine().getOut().printf(Locale.ROOT, "upos_accuracy=%.4f%n", result.accuracy());
        return ExitCodes.OK;
    }

    @Command(name = "mnist", mixinStandardHelpOptions = true,
            description = "Row-by-row MNIST accuracy through the streaming step (the class after each image's last row).")
    int mnist(@Option(names = "--model", required = true, paramLabel = "FILE") Path model,
              @Option(names = "--images", required = true, paramLabel = "IDX") Path images,
              @Option(names = "--labels", required = true, paramLabel = "IDX") Path labels,
              @Option(names = "--from", defaultValue = "0", paramLabel = "I",
                      description = "First image scored, e.g. where train mnist's kept-apart share starts (default: ${DEFAULT-VALUE}).") int from)
            throws IOException {
        Mnist.Digits digits = Mnist.Digits.read(images, labels);
        if (from < 0 || from >= digits.size()) {
            throw new IllegalArgumentException("--from must be in [0, " + digits.size() + "), got " + from);
        }
        Mnist.Digits scored = digits.range(from, digits.size());
        spec.commandLine().getOut().printf(Locale.ROOT, "images=%d%n", scored.size());
        spec.commandLine().getOut().printf(Locale.ROOT, "test_accuracy=%.4f%n", Mnist.accuracy(ModelBundle.read(model), scored));
        return ExitCodes.OK;
    }

    @Command(name = "logkeys", mixinStandardHelpOptions = true,
            description = {"Session-level precision, recall, F1 and false-positive rate (sessions not deduplicated), with the",
                    "bundle's rule and thresholds (last line); before it the next-key model's perplexity, and recall at",
                    "FPR 0.5%%, 1%% and 2%% with thresholds of the bundle's rule chosen on --normal."})
    int logkeys(@Option(names = "--model", required = true, paramLabel = "FILE") Path model,
                @Option(names = "--normal", required = true, paramLabel = "SESSIONS") Path normal,
                @Option(names = "--abnormal", paramLabel = "SESSIONS",
                        description = "Abnormal sessions; without them only the false-positive rate is measured.") Path abnormal,
                @Option(names = "--top-g", paramLabel = "G",
                        description = "Judge events by rank: anomalous when the key is not among the top G predictions (default: the bundle's rule and thresholds).") Integer topG,
                @Option(names = "--end-min-probability", paramLabel = "P",
                        description = "A session's end is anomalous when the model gave it less than P after its last event; 0 judges no end (default: the bundle's).") Double endMinProbability)
            throws IOException {
        LogKeysTask.Evaluation evaluation = LogKeysTask.evaluate(ModelBundle.read(model), topG, endMinProbability,
                LogSessions.read(normal), abnormal == null ? List.of() : LogSessions.read(abnormal));
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "perplexity=%.4f validation_perplexity=%.4f%n", evaluation.perplexity(),
                evaluation.validationPerplexity());
        for (LogKeysTask.CurvePoint point : evaluation.curve()) {
            out.printf(Locale.ROOT, "at_fpr=%.3f recall=%.4f fpr=%.4f %s%n", point.fprTarget(), point.result().recall(),
                    point.result().falsePositiveRate(), point.operatingPoint());
        }
        LogKeysTask.Result result = evaluation.result();
        out.printf(Locale.ROOT, "tp=%d fp=%d fn=%d tn=%d %s model_version=%d%n", result.truePositives(),
                result.falsePositives(), result.falseNegatives(), result.trueNegatives(), evaluation.operatingPoint(),
                evaluation.modelVersion());
        out.println(result.summary());
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
                 @Option(names = "--model", paramLabel = "FILE", description = "Bundle to start from (default: an untrained network of --cell).") Path model,
                 @Option(names = "--cell", defaultValue = "lstm", converter = TrainingOptions.CellConverter.class,
                         description = "Cell of the untrained start without --model (default: ${DEFAULT-VALUE}).") CellType cell,
                 @Option(names = "--retrain-every", paramLabel = "N", description = "Windows between retrainings (default: 10%% of the series, at least 12).") Integer retrainEvery,
                 @Option(names = "--through-broker", description = "Run each series through the live forecast pipeline on an embedded"
                         + " broker, the retrained models hot-swapped into it, and count the figures from what it published.") boolean throughBroker)
            throws IOException {
        ModelBundle start = model == null ? null : ModelBundle.read(model);
        PrintWriter out = spec.commandLine().getOut();
        if (data.data != null) {
            ForecastTask.evaluate(SeriesCsv.read(data.data), start, cell, horizon, season, retrainEvery, throughBroker, out);
        } else {
            ForecastTask.evaluateAll(data.all, start, cell, horizon, season, retrainEvery, throughBroker, out);
        }
        return ExitCodes.OK;
    }
}
