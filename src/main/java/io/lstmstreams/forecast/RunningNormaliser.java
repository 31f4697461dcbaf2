package io.lstmstreams.forecast;

/**
 * A series' own mean and scale, estimated online so that one global model serves series of any scale: exact
 * mean and variance over the first {@code window} values, then exponentially weighted with weight
 * {@code 1/window}, so that a trending series keeps being centred. Missing values are skipped. Mutable.
 */
final class RunningNormaliser {

    /** Normalised values are clipped to this, so an outlier or a tiny early scale cannot blow up the model's input. */
    static final double CLIP = 10;

    final int window;
    long count;
    double mean;
    double variance;

    public RunningNormaliser(int window) {
        if (window < 2) {
            throw new IllegalArgumentException("window must be at least 2, got " + window);
        }
        this.window = window;
    }

    public void observe(double value) {
        if (Double.isNaN(value)) {
            return;
        }
        count++;
        double weight = Math.max(1.0 / count, 1.0 / window);
        double delta = value - mean;
        mean += weight * delta;
        variance = (1 - weight) * (variance + weight * delta * delta);
    }

    public double mean() {
        return mean;
    }

    /** Standard deviation, floored at 1% of the mean's size (and 1e-6) so a flat start still has a usable scale. */
    public double scale() {
        return Math.max(Math.sqrt(variance), Math.max(0.01 * Math.abs(mean), 1e-6));
    }

    /** {@code (value - mean) / scale}, clipped to +-{@value #CLIP}; 0 for a missing value. */
    public double normalise(double value) {
        return Double.isNaN(value) ? 0 : clip((value - mean) / scale());
    }

    /** A difference of two values in units of scale, clipped; 0 if either is missing. */
    public double normaliseDifference(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) ? 0 : clip((a - b) / scale());
    }

    static double clip(double value) {
        return Math.max(-CLIP, Math.min(CLIP, value));
    }
}
