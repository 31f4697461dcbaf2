package io.lstmstreams.forecast;

import java.util.Arrays;

/**
 * Additive Holt-Winters (level, trend, season), online. The first season initialises it (level = its mean,
 * season = deviations from it, trend 0); until then it forecasts the last value seen. A missing value advances
 * time without learning: the level moves by the trend. With {@code m = 1} it is Holt's linear trend method.
 * Mutable, one per series.
 */
final class HoltWinters {

    /** Smoothing constants of level, trend and season, each in [0, 1]. */
    public record Params(double alpha, double beta, double gamma) {

        /** Used until the constants are fitted on enough of the series. */
        public static final Params DEFAULT = new Params(0.3, 0.05, 0.2);

        public Params {
            for (double p : new double[] {alpha, beta, gamma}) {
                if (!(p >= 0 && p <= 1)) {
                    throw new IllegalArgumentException("smoothing constants must be in [0, 1], got " + alpha + ", " + beta + ", " + gamma);
                }
            }
        }
    }

    private static final double[] ALPHAS = {0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99};
    private static final double[] BETAS = {0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3};
    private static final double[] GAMMAS = {0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7};

    final Params params;
    final double[] season;
    double level;
    double trend;
    double lastValue = Double.NaN;
    long steps;

    public HoltWinters(int season, Params params) {
        if (season < 1) {
            throw new IllegalArgumentException("season must be at least 1, got " + season);
        }
        this.params = params;
        this.season = new double[season];
    }

    /**
     * The constants with the least one-step squared error over {@code values} (a grid: small and exhaustive,
     * which matters more here than the last digit). Uses only {@code values}: call it on what was seen so far.
     */
    public static Params fit(double[] values, int season) {
        Params best = Params.DEFAULT;
        double bestError = Double.POSITIVE_INFINITY;
        for (double alpha : ALPHAS) {
            for (double beta : BETAS) {
                for (double gamma : season == 1 ? new double[] {0} : GAMMAS) {
                    Params params = new Params(alpha, beta, gamma);
                    double error = oneStepSquaredError(values, season, params);
                    if (error < bestError) {
                        bestError = error;
                        best = params;
                    }
                }
            }
        }
        return best;
    }

    static double oneStepSquaredError(double[] values, int season, Params params) {
        HoltWinters model = new HoltWinters(season, params);
        double sum = 0;
        for (double value : values) {
            if (model.initialised() && !Double.isNaN(value)) {
                double error = value - model.forecast(1);
                sum += error * error;
            }
            model.observe(value);
        }
        return sum;
    }

    public Params params() {
        return params;
    }

    public boolean initialised() {
        return steps >= season.length;
    }

    /** Learns the next step's value (NaN when missing). */
    public void observe(double value) {
        int phase = (int) (steps % season.length);
        if (!Double.isNaN(value)) {
            lastValue = value;
        }
        if (!initialised()) {
            season[phase] = value; // raw values until the first season is complete
            steps++;
            if (initialised()) {
                initialise();
            }
            return;
        }
        steps++;
        if (Double.isNaN(value)) {
            level += trend;
            return;
        }
        double previousLevel = level;
        level = params.alpha() * (value - season[phase]) + (1 - params.alpha()) * (level + trend);
        trend = params.beta() * (level - previousLevel) + (1 - params.beta()) * trend;
        season[phase] = params.gamma() * (value - level) + (1 - params.gamma()) * season[phase];
    }

    private void initialise() {
        double mean = Arrays.stream(season).filter(v -> !Double.isNaN(v)).average().orElse(lastValue);
        level = Double.isNaN(mean) ? 0 : mean;
        trend = 0;
        for (int phase = 0; phase < season.length; phase++) {
            season[phase] = Double.isNaN(season[phase]) ? 0 : season[phase] - level;
        }
    }

    /** The forecast {@code k >= 1} steps after the last observed step; NaN before any value was seen. */
    public double forecast(int k) {
        if (!initialised()) {
            return lastValue;
        }
        return level + k * trend + season[(int) ((steps - 1 + k) % season.length)];
    }
}
