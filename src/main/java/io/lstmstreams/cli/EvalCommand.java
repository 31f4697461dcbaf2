package io.lstmstreams.cli;

import io.lstmstreams.data.Conllu;
import io.lstmstreams.data.LogSessions;
import io.lstmstreams.data.Sentence;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.tagging.LogKeyEvaluation;
import io.lstmstreams.tagging.LogKeyModel;
import io.lstmstreams.tagging.PosEvaluation;
import io.lstmstreams.tagging.PosModel;
import io.lstmstreams.tagging.TaggingTask;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eval pos|logkeys}: runs a data set through the streaming tagger offline (the same code the stream
 * processor runs, event by event) and scores it. The last line is machine-readable.
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
                        description = "Anomalous when not among the top g predictions (default: ${DEFAULT-VALUE}).") int topG)
            throws IOException {
        LogKeyModel logKeys = LogKeyModel.from(ModelBundle.read(model), topG);
        LogKeyEvaluation.Result result = LogKeyEvaluation.evaluate(logKeys, LogSessions.read(normal),
                abnormal == null ? List.of() : LogSessions.read(abnormal));
        spec.commandLine().getOut().printf(Locale.ROOT, "tp=%d fp=%d fn=%d tn=%d top_g=%d model_version=%d%n",
                result.truePositives(), result.falsePositives(), result.falseNegatives(), result.trueNegatives(),
                topG, logKeys.version());
        spec.commandLine().getOut().println(result.summary());
        return ExitCodes.OK;
    }
}
