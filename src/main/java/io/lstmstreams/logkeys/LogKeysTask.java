package io.lstmstreams.logkeys;

import io.lstmstreams.config.ConfigKey;
import io.lstmstreams.config.Settings;
import io.lstmstreams.config.ValueType;
import io.lstmstreams.data.LogSessions;
import io.lstmstreams.data.Sentence;
import io.lstmstreams.model.CellType;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.retrain.CandidateTrainer;
import io.lstmstreams.tagging.SequenceTaggingTask;
import io.lstmstreams.tagging.TaggerFactory;
import io.lstmstreams.tagging.TaggingRetraining;
import io.lstmstreams.training.ProgressListener;
import io.lstmstreams.training.Trainer;
import io.lstmstreams.training.TrainingConfig;
import io.lstmstreams.training.TrainingResult;
import io.lstmstreams.wire.AnomalyVerdict;
import io.lstmstreams.wire.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.kafka.streams.KeyValue;

/**
 * Log-key anomaly detection (DeepLog): the log keys of a session in ({@code lstm.events}), a verdict per event out
 * ({@code lstm.anomalies}): anomalous when the key is not among the model's top g predictions, or when the session
 * ends where the model hardly expected an end. Training, evaluation and the running pipeline all start here.
 */
public final class LogKeysTask extends SequenceTaggingTask<AnomalyVerdict> {

    public static final String NAME = "logkeys";
    /** DeepLog's top-g. */
    public static final int DEFAULT_TOP_G = 9;
    /** The label that confirms a log event's session as normal. */
    public static final String NORMAL = "normal";

    /** The share of normal sessions a model may flag. */
    public static final double DEFAULT_FPR_TARGET = 0.01;
    /** The false-positive rates {@code eval logkeys} reports recall at. */
    public static final List<Double> CURVE_FPR_TARGETS = List.of(0.005, 0.01, 0.02);

    public static final ConfigKey<Integer> TOP_G = new ConfigKey<>("logkeys.top.g", ValueType.POSITIVE,
            String.valueOf(DEFAULT_TOP_G), "For bundles from before the false-positive budget only (no stored rule): an"
            + " event is anomalous when its key is not among the model's top g predictions. Calibrated bundles judge"
            + " with their own rule and thresholds.");
    public static final ConfigKey<Double> FPR_TARGET = new ConfigKey<>("logkeys.fpr.target", ValueType.FRACTION,
            String.valueOf(DEFAULT_FPR_TARGET), "Retraining calibrates each candidate's thresholds so that it flags at"
            + " most this share of normal sessions (90% confidence, on the held-apart sessions confirmed normal).");

    /** The event rules a bundle can be calibrated with ({@link Options#eventRule}). */
    public static final List<String> EVENT_RULES = List.of("rank", "probability", "auto");
    public static final String DEFAULT_EVENT_RULE = "rank";
    /** Models averaged into one bundle by default (see {@link Options#members}). */
    public static final int DEFAULT_MEMBERS = 3;

    /**
     * Up to 100 epochs: with 30 the validation loss was often still falling at the last one (HDFS, seed 42).
     *
     * @param fprTarget the share of normal sessions the calibrated thresholds may flag
     * @param eventRule how events are judged: {@code rank} (DeepLog's top g), {@code probability} (a minimum
     *                  probability), or {@code auto} (whichever catches more synthetic anomalies made from the
     *                  calibration sessions). Rank by default: on HDFS the synthetic anomalies chose probability for
     *                  two seeds of three and rank for the third, so the choice itself spread the seeds
     *                  (docs/measurements.md)
     * @param members   networks trained with different seeds and merged into one wider one, their next-key
     *                  distributions averaged geometrically ({@link Trainer#trainEnsemble}); 3 by default: one network
     *                  flagged 1.03-1.13% of the held-apart normal sessions at the 1% budget, three 0.82%
     */
    public record Options(CellType cell, int hiddenSize, int layers, double dropout, int embedding, TrainingConfig training,
                          double fprTarget, String eventRule, int members) {

        public Options {
            if (!(fprTarget > 0 && fprTarget < 1)) {
                throw new IllegalArgumentException("the false-positive target must be in (0, 1), got " + fprTarget);
            }
            if (!EVENT_RULES.contains(eventRule)) {
                throw new IllegalArgumentException("the event rule must be one of " + EVENT_RULES + ", got '" + eventRule + "'");
            }
            if (members < 1) {
                throw new IllegalArgumentException("an ensemble needs at least one member, got " + members);
            }
        }

        /** One network judging by rank at the default false-positive target (tests and the demo's starter models). */
        public Options(CellType cell, int hiddenSize, int layers, double dropout, int embedding, TrainingConfig training) {
            this(cell, hiddenSize, layers, dropout, embedding, training, DEFAULT_FPR_TARGET, DEFAULT_EVENT_RULE, 1);
        }

        public static Options defaults() {
            return new Options(CellType.LSTM, 64, 2, 0.0, 16, new TrainingConfig(TrainingConfig.Optimizer.ADAM, 2e-3, 5.0,
                    32, 100, 3, 0.1, 42), DEFAULT_FPR_TARGET, DEFAULT_EVENT_RULE, DEFAULT_MEMBERS);
        }
    }

    /**
     * Detection quality of a bundle with the thresholds it ships with (or those given), and at other false-positive
     * rates with thresholds chosen on the normal sessions themselves.
     *
     * @param operatingPoint       the rule and thresholds judged with, as {@code eval} prints them
     * @param perplexity           the next-key model's perplexity on the normal sessions
     * @param validationPerplexity its perplexity on its early-stopping sessions at training (NaN if not recorded)
     * @param curve                one point per {@link #CURVE_FPR_TARGETS}
     */
    public record Evaluation(Result result, String operatingPoint, long modelVersion, double perplexity,
                             double validationPerplexity, List<CurvePoint> curve) {
    }

    /** Recall at a false-positive rate: thresholds of the bundle's rule flagging at most that share of the normal sessions. */
    public record CurvePoint(double fprTarget, Result result, String operatingPoint) {
    }

    public record Result(long truePositives, long falsePositives, long falseNegatives, long trueNegatives) {

        /** Undefined (NaN) without abnormal sessions: there was nothing to find. */
        public double precision() {
            return truePositives + falseNegatives == 0 ? Double.NaN : ratio(truePositives, truePositives + falsePositives);
        }

        public double recall() {
            return ratio(truePositives, truePositives + falseNegatives);
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        public double falsePositiveRate() {
            return ratio(falsePositives, falsePositives + trueNegatives);
        }

        /** The command's last line. */
        public String summary() {
            return String.format(Locale.ROOT, "precision=%.4f recall=%.4f f1=%.4f fpr=%.4f",
                    precision(), recall(), f1(), falsePositiveRate());
        }

        private static double ratio(long numerator, long denominator) {
            return denominator == 0 ? Double.NaN : (double) numerator / denominator;
        }
    }

    public LogKeysTask() {
        super(NAME, "log-key anomaly detector (DeepLog)", Topics.EVENTS, Topics.ANOMALIES, List.of(TOP_G, FPR_TARGET));
    }

    @Override
    public TaggerFactory<AnomalyVerdict> model(ModelBundle bundle, Settings settings) {
        return LogKeyModel.from(bundle, settings.get(TOP_G));
    }

    /**
     * Sessions whose events all arrived labelled {@value #NORMAL}, scored by next-key accuracy; the operating point is
     * recalibrated to the candidate on the held-apart normal sessions at {@link #FPR_TARGET} (the parent's stays when
     * there are none).
     */
    @Override
    public CandidateTrainer<Sentence> retraining(Settings settings) {
        return retraining(TaggingRetraining.config(Options.defaults().training()), settings.get(FPR_TARGET));
    }

    static TaggingRetraining retraining(TrainingConfig config, double fprTarget) {
        return new TaggingRetraining(config, (bundle, sessions) -> {
            Map<Integer, Integer> ids = LogKeyModel.index(bundle.metadata().vocabularies().get(LogKeyModel.KEYS));
            return normalSessions(sessions).stream().map(session -> LogKeyTraining.sequence(session, ids)).toList();
        }, (bundle, sessions) -> {
            List<int[]> normal = normalSessions(sessions);
            return normal.isEmpty() ? Map.of()
                    : recalibrated(LogKeyModel.from(bundle, DEFAULT_TOP_G), normal, fprTarget).properties();
        });
    }

    /** A candidate keeps its parent's rule; only the thresholds move. */
    private static OperatingPoint recalibrated(LogKeyModel candidate, List<int[]> normal, double fprTarget) {
        return LogKeyCalibration.calibrate(candidate, normal, fprTarget, List.of(candidate.point().rule()));
    }

    private static List<int[]> normalSessions(List<Sentence> sessions) {
        return sessions.stream()
                .filter(session -> session.tags().stream().allMatch(NORMAL::equals))
                .map(session -> session.words().stream().mapToInt(Integer::parseInt).toArray())
                .toList();
    }

    @Override
    public List<KeyValue<String, byte[]>> replayRecords(Path data, Duration window) {
        return records(LogSessions.read(data), i -> sessionId(data, i));
    }

    /** Log sessions as replay records, the i-th (0-based) keyed by {@code keys.apply(i)}. */
    public static List<KeyValue<String, byte[]>> records(List<int[]> sessions, IntFunction<String> keys) {
        List<KeyValue<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < sessions.size(); i++) {
            String id = keys.apply(i);
            LogKeyEvaluation.events(sessions.get(i)).forEach(event -> records.add(KeyValue.pair(id, event.toJson())));
        }
        return records;
    }

    /** The key of the i-th (0-based) session of a file when replayed: {@code <file name>-<i+1>}. */
    public static String sessionId(Path data, int index) {
        return data.getFileName() + "-" + (index + 1);
    }

    /**
     * Trains on all but the last validation share of the sessions (file order), which drive early stopping and
     * calibrate the operating point to {@link Options#fprTarget}.
     */
    public static ModelBundle train(List<int[]> sessions, Options options, long modelVersion, ProgressListener listener) {
        return LogKeyTraining.train(sessions, options, modelVersion, listener);
    }

    /** The rule and thresholds a bundle judges with, as {@code eval logkeys} prints them. */
    public static String operatingPoint(ModelBundle bundle) {
        return LogKeyModel.from(bundle, DEFAULT_TOP_G).point().describe();
    }

    /**
     * Session-level detection quality, DeepLog's way: a session is flagged when any of its events is.
     *
     * @param topG              judge events by rank at this g instead of the bundle's rule; null: the bundle's
     * @param endMinProbability the end's threshold to judge with; null: the bundle's
     * @throws IllegalArgumentException the bundle is not a log-key model, or a threshold is out of range
     */
    public static Evaluation evaluate(ModelBundle bundle, Integer topG, Double endMinProbability, List<int[]> normal,
                                      List<int[]> abnormal) {
        LogKeyModel calibrated = LogKeyModel.from(bundle, topG == null ? DEFAULT_TOP_G : topG);
        OperatingPoint point = topG == null ? calibrated.point() : calibrated.point().withTopG(topG);
        LogKeyModel model = calibrated.with(endMinProbability == null ? point : point.withEndMinProbability(endMinProbability));
        List<CurvePoint> curve = CURVE_FPR_TARGETS.stream().map(target -> {
            OperatingPoint at = LogKeyCalibration.calibrate(model, normal, target,
                    LogKeyCalibration.allowedOn(normal.size(), target), List.of(model.point().rule()), 1);
            return new CurvePoint(target, LogKeyEvaluation.evaluate(model.with(at), normal, abnormal), at.describe());
        }).toList();
        Map<Integer, Integer> ids = model.ids();
        double loss = Trainer.evaluate(bundle.network(), bundle.metadata().spec(),
                normal.stream().map(session -> LogKeyTraining.sequence(session, ids)).toList()).loss();
        Double validationLoss = bundle.metadata().trainingMetrics().get(TrainingResult.VALIDATION_LOSS);
        return new Evaluation(LogKeyEvaluation.evaluate(model, normal, abnormal), model.point().describe(), model.version(),
                Math.exp(loss), validationLoss == null ? Double.NaN : Math.exp(validationLoss), curve);
    }
}
