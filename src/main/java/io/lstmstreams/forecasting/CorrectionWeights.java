package io.lstmstreams.forecasting;

/**
 * How much of the LSTM's correction a series gets at each horizon, learned online from that series' own scored
 * forecasts: for every weight w in {@link #GRID} it keeps the exponentially decayed absolute error that
 * {@code HW + w (LSTM - HW)} would have had, and forecasts with the best. It starts at 0 (pure Holt-Winters), and
 * a non-zero weight needs {@link #MIN_EVIDENCE} scored windows and must beat pure Holt-Winters by {@link #MARGIN},
 * so the LSTM moves a series' forecasts only after it has clearly beaten Holt-Winters there, on windows it had
 * not seen. Measured: without the margin, chasing noise cost 1-7% MASE on series where the correction does not
 * help. The evidence minimum keeps a series new to the stream on pure Holt-Winters for its first windows (in the
 * offline evaluation the warm-up is longer, so it changes no figure there).
 * Mutable, part of the series state.
 */
public final class CorrectionWeights {

    static final double[] GRID = {0, 0.25, 0.5, 0.75, 1};
    /** Half-life of about 70 windows: several seasons of evidence, yet it follows a model that got better. */
    static final double DECAY = 0.99;
    static final double MARGIN = 0.03;
    static final int MIN_EVIDENCE = 24;

    /** {@code errors[grid index][k-1]}. */
    final double[][] errors;
    /** Scored windows per horizon (index k-1). */
    final long[] scored;

    public CorrectionWeights(int horizon) {
        errors = new double[GRID.length][horizon];
        scored = new long[horizon];
    }

    /** The weight of the correction at horizon {@code k}: the grid's best so far, the smallest on a tie. */
    public double weight(int k) {
        int best = 0;
        for (int g = 1; g < GRID.length && scored[k - 1] >= MIN_EVIDENCE; g++) {
            double error = errors[g][k - 1];
            if (error < errors[best][k - 1] && error < (1 - MARGIN) * errors[0][k - 1]) {
                best = g;
            }
        }
        return GRID[best];
    }

    /** Learns from a window's actual value and what Holt-Winters and the fully corrected forecast said for it. */
    public void learn(int k, double holtWinters, double corrected, double actual) {
        scored[k - 1]++;
        for (int g = 0; g < GRID.length; g++) {
            double forecast = holtWinters + GRID[g] * (corrected - holtWinters);
            errors[g][k - 1] = DECAY * errors[g][k - 1] + Math.abs(forecast - actual);
        }
    }
}
