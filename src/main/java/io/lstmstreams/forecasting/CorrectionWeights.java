package io.lstmstreams.forecasting;

/**
 * How much of the LSTM's correction a series gets at each horizon, learned online from that series' own scored
 * forecasts: for every weight w in {@link #GRID} it keeps the exponentially decayed absolute error that
 * {@code HW + w (LSTM - HW)} would have had, and forecasts with the best. It starts at 0 (pure Holt-Winters), so
 * the LSTM moves a series' forecasts only after it has beaten Holt-Winters there on windows it had not seen.
 * Mutable, part of the series state.
 */
public final class CorrectionWeights {

    static final double[] GRID = {0, 0.25, 0.5, 0.75, 1};
    /** Half-life of about 35 windows: a few seasons of evidence, yet it follows a model that got better. */
    static final double DECAY = 0.98;

    /** {@code errors[grid index][k-1]}. */
    final double[][] errors;

    public CorrectionWeights(int horizon) {
        errors = new double[GRID.length][horizon];
    }

    /** The weight of the correction at horizon {@code k}: the grid's best so far, the smallest on a tie. */
    public double weight(int k) {
        int best = 0;
        for (int g = 1; g < GRID.length; g++) {
            if (errors[g][k - 1] < errors[best][k - 1]) {
                best = g;
            }
        }
        return GRID[best];
    }

    /** Learns from a window's actual value and what Holt-Winters and the fully corrected forecast said for it. */
    public void learn(int k, double holtWinters, double corrected, double actual) {
        for (int g = 0; g < GRID.length; g++) {
            double forecast = holtWinters + GRID[g] * (corrected - holtWinters);
            errors[g][k - 1] = DECAY * errors[g][k - 1] + Math.abs(forecast - actual);
        }
    }
}
