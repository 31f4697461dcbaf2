package io.lstmstreams.forecast;

/**
 * How much of the LSTM's correction a series gets at each horizon, learned online from that series' own scored
 * forecasts: for every weight w in {@link #GRID} it keeps the exponentially decayed absolute error that
 * {@code HW + w (LSTM - HW)} would have had, and forecasts with the best. It starts at 0 (pure Holt-Winters); a
 * non-zero weight needs {@link #MIN_EVIDENCE} scored windows and must beat pure Holt-Winters significantly: its mean
 * gain in absolute error over Holt-Winters on the same windows (paired, decayed like the errors) must exceed
 * {@link #Z} standard errors (a one-sided test at 5%). So the LSTM moves a series' forecasts only after it has
 * clearly beaten Holt-Winters there, on windows it had not seen; on a short or noisy series that takes more
 * evidence than on a long one. Mutable, part of the series state.
 */
final class CorrectionWeights {

    static final double[] GRID = {0, 0.25, 0.5, 0.75, 1};
    /** Half-life of about 70 windows: several seasons of evidence, yet it follows a model that got better. */
    static final double DECAY = 0.99;
    static final int MIN_EVIDENCE = 24;
    /** One-sided 5% (the standard normal's 95th percentile). */
    static final double Z = 1.645;

    /** {@code errors[grid index][k-1]}: decayed sum of absolute errors. */
    final double[][] errors;
    /** {@code squaredGains[grid index][k-1]}: decayed sum of (|HW error| - |this weight's error|)^2. */
    final double[][] squaredGains;
    /** Scored windows per horizon (index k-1). */
    final long[] scored;

    public CorrectionWeights(int horizon) {
        errors = new double[GRID.length][horizon];
        squaredGains = new double[GRID.length][horizon];
        scored = new long[horizon];
    }

    /** The weight of the correction at horizon {@code k}: the lowest error among those significantly below HW's. */
    public double weight(int k) {
        int h = k - 1;
        if (scored[h] < MIN_EVIDENCE) {
            return 0;
        }
        // the decay weights w_i = DECAY^i of the scored windows: their sum and the sum of their squares
        double sum = (1 - Math.pow(DECAY, scored[h])) / (1 - DECAY);
        double sumOfSquares = (1 - Math.pow(DECAY * DECAY, scored[h])) / (1 - DECAY * DECAY);
        int best = 0;
        for (int g = 1; g < GRID.length; g++) {
            double gain = (errors[0][h] - errors[g][h]) / sum;
            double variance = Math.max(0, squaredGains[g][h] / sum - gain * gain);
            double standardError = Math.sqrt(variance * sumOfSquares) / sum;
            if (gain > 0 && gain > Z * standardError && errors[g][h] < errors[best][h]) {
                best = g;
            }
        }
        return GRID[best];
    }

    /** Learns from a window's actual value and what Holt-Winters and the fully corrected forecast said for it. */
    public void learn(int k, double holtWinters, double corrected, double actual) {
        int h = k - 1;
        scored[h]++;
        double holtWintersError = Math.abs(holtWinters - actual);
        for (int g = 0; g < GRID.length; g++) {
            double error = Math.abs(holtWinters + GRID[g] * (corrected - holtWinters) - actual);
            double gain = holtWintersError - error;
            errors[g][h] = DECAY * errors[g][h] + error;
            squaredGains[g][h] = DECAY * squaredGains[g][h] + gain * gain;
        }
    }
}
