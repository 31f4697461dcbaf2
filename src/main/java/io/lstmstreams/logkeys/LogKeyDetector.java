package io.lstmstreams.logkeys;

import io.lstmstreams.tagging.LstmTagger;
import io.lstmstreams.tagging.SequenceState;
import io.lstmstreams.wire.AnomalyVerdict;
import io.lstmstreams.wire.InvalidRecordException;
import io.lstmstreams.wire.TokenEvent;
import java.util.List;

/**
 * Judges each log key against the distribution the model predicted before it arrived (DeepLog): anomalous
 * when the key is not among the top g predictions, or, under the probability rule, when the model gave it less than
 * the calibrated minimum ({@link OperatingPoint}). On a session's last event the end itself is judged, by the
 * probability the model gave it, so a session cut short is caught too. A session is anomalous from its first
 * anomalous event on.
 */
final class LogKeyDetector extends LstmTagger<AnomalyVerdict> {

    private final LogKeyModel model;
    private final int[] ids = new int[1];
    private final float[] prediction;

    LogKeyDetector(LogKeyModel model) {
        super(LogKeysTask.NAME, model.weights(), model.version());
        this.model = model;
        this.prediction = new float[model.weights().spec().head().outputs()];
    }

    /** On a session's first event a start step first; then the key, judged by what the model predicted before it. */
    @Override
    public Steps<AnomalyVerdict> steps(String session, SequenceState state, TokenEvent event) {
        int id = model.idOf(parseKey(event.token()));
        boolean starting = state.prediction == null;
        if (starting) {
            state.prediction = new float[prediction.length];
        }
        return new Steps<>() {
            private boolean started = !starting;
            private boolean stepped;
            private int rank;
            private double probability;

            @Override
            public int[] nextInput() {
                if (!started) {
                    return new int[] {LogKeyModel.START};
                }
                if (stepped) {
                    return null;
                }
                rank = rankOf(state.prediction, id);
                probability = probabilityOf(state.prediction, id);
                return new int[] {id};
            }

            @Override
            public void stepped(float[] output) {
                System.arraycopy(output, 0, state.prediction, 0, output.length);
                stepped = started;
                started = true;
            }

            @Override
            public List<AnomalyVerdict> outputs() {
                Double endProbability = event.end() ? (double) state.prediction[LogKeyModel.END] : null;
                OperatingPoint point = model.point();
                boolean anomalous = point.eventAnomalous(rank, probability)
                        || (endProbability != null && point.endAnomalous(endProbability));
                state.anomalous |= anomalous;
                return List.of(new AnomalyVerdict(AnomalyVerdict.FORMAT_VERSION, session, state.position++, event.token(),
                        rank, endProbability, anomalous, state.anomalous, model.version()));
            }
        };
    }

    @Override
    public void check(TokenEvent event) {
        parseKey(event.token());
    }

    /** An event labelled {@value LogKeysTask#NORMAL} is judged right when it is not flagged; no other label confirms anything. */
    @Override
    public Boolean agreesWithGold(AnomalyVerdict verdict, TokenEvent event) {
        return LogKeysTask.NORMAL.equals(event.tag()) ? !verdict.anomalous() : null;
    }

    @Override
    public Boolean anomalous(AnomalyVerdict verdict) {
        return verdict.anomalous();
    }

    @Override
    public void rebuild(SequenceState state) {
        state.recurrent = zeroState();
        state.prediction = null;
        if (state.history.isEmpty()) {
            return; // the next event starts the session afresh, as for a new one
        }
        state.prediction = new float[prediction.length];
        step(state, LogKeyModel.START);
        for (String token : state.history) {
            step(state, model.idOf(parseKey(token)));
        }
    }

    private void step(SequenceState state, int id) {
        ids[0] = id;
        stepper.step(state.recurrent, ids, prediction);
        System.arraycopy(prediction, 0, state.prediction, 0, prediction.length);
    }

    /**
     * What the model made of a whole session, whatever the thresholds: what calibration sets them by. The same steps
     * as {@link #accept}, so a session is flagged exactly when these scores cross the thresholds.
     */
    LogKeyCalibration.SessionScore score(int[] session) {
        SequenceState state = newState();
        state.prediction = new float[prediction.length];
        step(state, LogKeyModel.START);
        int worstRank = 1;
        double leastProbability = 1;
        for (int key : session) {
            int id = model.idOf(key);
            worstRank = Math.max(worstRank, rankOf(state.prediction, id));
            leastProbability = Math.min(leastProbability, probabilityOf(state.prediction, id));
            step(state, id);
        }
        return new LogKeyCalibration.SessionScore(worstRank, leastProbability, state.prediction[LogKeyModel.END]);
    }

    /** A key never seen in training ranks past every g. */
    private static int rankOf(float[] predicted, int id) {
        return id == LogKeyModel.UNKNOWN ? predicted.length + 1 : rank(predicted, id);
    }

    /** A key never seen in training gets 0, below every minimum. */
    private static double probabilityOf(float[] predicted, int id) {
        return id == LogKeyModel.UNKNOWN ? 0 : predicted[id];
    }

    /** 1 + the number of outcomes the model found strictly more likely. */
    static int rank(float[] probabilities, int id) {
        int rank = 1;
        for (float p : probabilities) {
            if (p > probabilities[id]) {
                rank++;
            }
        }
        return rank;
    }

    private static int parseKey(String token) {
        try {
            int key = Integer.parseInt(token);
            if (key >= 0) {
                return key;
            }
        } catch (NumberFormatException e) {
            // reported below with the token
        }
        throw new InvalidRecordException("log key must be a non-negative integer, got '" + token + "'");
    }
}
