package io.lstmstreams.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Exponential smoothing state-space models with additive errors (Hyndman et al. 2008, "Forecasting with Exponential
 * Smoothing", table 2.2, error-correction form): trend none, additive or damped, season none, additive or
 * multiplicative; online, one per series, mutable. The recursions are statsmodels' {@code ETSModel}'s (its
 * multiplicative season divides the error by the new level), so fitted parameters mean the same in both.
 *
 * <p>A missing value advances time with error 0 (the state moves as forecast). {@link #fit} estimates each form by
 * maximum likelihood (Nelder-Mead on the smoothing constants, the damping and the initial level and slope; the
 * initial season from the first two seasons, as Hyndman's heuristic does) and keeps the one with the least AICc.
 * An unfitted model (a series seen for the first time) starts from its first season like classic Holt-Winters, and
 * forecasts the last value seen until then.
 */
final class Ets {

    enum Trend { NONE, ADDITIVE, DAMPED }

    enum Season { NONE, ADDITIVE, MULTIPLICATIVE }

    /** A form and its constants: alpha (level), beta (slope, at most alpha), gamma (season, at most 1 - alpha), phi (damping, 1 undamped). */
    record Model(Trend trend, Season season, double alpha, double beta, double gamma, double phi) {

        /** Additive Holt-Winters' usual constants (0.3, 0.05, 0.2 in smoothing form): until a fit. */
        static Model defaults(int m) {
            return new Model(Trend.ADDITIVE, m > 1 ? Season.ADDITIVE : Season.NONE, 0.3, 0.3 * 0.05, 0.7 * 0.2, 1);
        }

        Model {
            if (!(alpha >= 0 && alpha <= 1 && beta >= 0 && beta <= 1 && gamma >= 0 && gamma <= 1 && phi > 0 && phi <= 1)) {
                throw new IllegalArgumentException("ETS constants out of range: " + alpha + ", " + beta + ", " + gamma + ", " + phi);
            }
        }

        /** Hyndman's name: ETS(A,Ad,M) is additive errors, damped trend, multiplicative season. */
        String label() {
            return "ETS(A," + switch (trend) { case NONE -> "N"; case ADDITIVE -> "A"; case DAMPED -> "Ad"; } + ","
                    + switch (season) { case NONE -> "N"; case ADDITIVE -> "A"; case MULTIPLICATIVE -> "M"; } + ")";
        }

        /** Estimated values: the constants and initial states (statsmodels counts every initial seasonal value), plus sigma. */
        int parameterCount(int m) {
            int smoothing = 1 + (trend != Trend.NONE ? 1 : 0) + (trend == Trend.DAMPED ? 1 : 0) + (season != Season.NONE ? 1 : 0);
            return smoothing + 1 + (trend != Trend.NONE ? 1 : 0) + (season != Season.NONE ? m : 0) + 1;
        }
    }

    /** A fitted model with its initial states (before the first value of the data it was fitted on), its log-likelihood and AICc. */
    record Fit(Model model, double level, double slope, double[] season, double logLikelihood, double aicc) {

        String describe() {
            return String.format(Locale.ROOT, "%s alpha=%.4f beta=%.4f gamma=%.4f phi=%.4f loglik=%.3f aicc=%.3f", model.label(),
                    model.alpha(), model.beta(), model.gamma(), model.phi(), logLikelihood, aicc);
        }
    }

    private static final double LOW = 1e-4;
    private static final double PHI_LOW = 0.8;
    private static final double PHI_HIGH = 0.98;
    private static final int MAX_EVALUATIONS = 4000;

    final Model model;
    /** {@code season[phase]}: the seasonal state that step s with {@code s % m == phase} uses (1 or 0 without a season). */
    final double[] season;
    double level;
    double slope;
    double lastValue = Double.NaN;
    long steps;
    boolean initialised;

    /** Unfitted: initialised from the first season's values. */
    Ets(int m, Model model) {
        if (m < 1) {
            throw new IllegalArgumentException("season must be at least 1, got " + m);
        }
        this.model = model;
        this.season = new double[m];
    }

    /** From fitted initial states, ready to replay the data it was fitted on from its first value. */
    Ets(int m, Fit fit) {
        this(m, fit.model());
        level = fit.level();
        slope = fit.slope();
        System.arraycopy(fit.season(), 0, season, 0, m);
        initialised = true;
    }

    Model model() {
        return model;
    }

    boolean initialised() {
        return initialised;
    }

    /** Learns the next step's value (NaN when missing) and returns its one-step error (NaN when missing or before initialisation). */
    double observe(double value) {
        int phase = (int) (steps % season.length);
        if (!Double.isNaN(value)) {
            lastValue = value;
        }
        if (!initialised) {
            season[phase] = value; // raw values until the first season is complete
            steps++;
            if (steps == season.length) {
                initialiseFromFirstSeason();
            }
            return Double.NaN;
        }
        steps++;
        boolean multiplicative = model.season() == Season.MULTIPLICATIVE;
        double s = season[phase];
        double base = level + model.phi() * slope;
        double expected = multiplicative ? base * s : base + s;
        double error = Double.isNaN(value) ? 0 : value - expected;
        double scaled = multiplicative ? error / s : error;
        level = base + model.alpha() * scaled;
        if (model.trend() != Trend.NONE) {
            slope = model.phi() * slope + model.beta() * scaled;
        }
        if (model.season() != Season.NONE) {
            season[phase] = s + model.gamma() * (multiplicative ? error / level : error);
        }
        return Double.isNaN(value) ? Double.NaN : error;
    }

    private void initialiseFromFirstSeason() {
        double mean = Arrays.stream(season).filter(v -> !Double.isNaN(v)).average().orElse(lastValue);
        level = Double.isNaN(mean) ? 0 : mean;
        slope = 0;
        boolean multiplicative = model.season() == Season.MULTIPLICATIVE && level > 0;
        for (int phase = 0; phase < season.length; phase++) {
            double raw = season[phase];
            season[phase] = model.season() == Season.NONE ? neutral(model.season())
                    : Double.isNaN(raw) ? neutral(model.season()) : multiplicative ? raw / level : raw - level;
        }
        initialised = true;
    }

    private static double neutral(Season season) {
        return season == Season.MULTIPLICATIVE ? 1 : 0;
    }

    /** The forecast {@code k >= 1} steps after the last observed step; the last value before initialisation (NaN before any). */
    double forecast(int k) {
        if (!initialised) {
            return lastValue;
        }
        double damped = 0;
        double power = 1;
        for (int i = 1; i <= k; i++) {
            power *= model.phi();
            damped += power; // phi + phi^2 + ... + phi^k; k when undamped
        }
        double base = level + (model.trend() == Trend.NONE ? 0 : damped * slope);
        double s = season[(int) ((steps - 1 + k) % season.length)];
        return model.season() == Season.MULTIPLICATIVE ? base * s : base + s;
    }

    /**
     * The form with the least AICc among those {@code values} support, each fitted by maximum likelihood; seasonal
     * forms need two full seasons, multiplicative ones positive values. Uses only {@code values}: call it on what was
     * seen so far. Null when there are too few values for any form (the caller keeps {@link Model#defaults}).
     */
    static Fit fit(double[] values, int m) {
        Fit best = null;
        for (Model form : candidates(values, m)) {
            Fit fit = fit(values, m, form.trend(), form.season());
            if (fit != null && (best == null || fit.aicc() < best.aicc())) {
                best = fit;
            }
        }
        return best;
    }

    static List<Model> candidates(double[] values, int m) {
        long observed = Arrays.stream(values).filter(v -> !Double.isNaN(v)).count();
        boolean positive = Arrays.stream(values).filter(v -> !Double.isNaN(v)).allMatch(v -> v > 0);
        List<Model> forms = new ArrayList<>();
        for (Trend trend : Trend.values()) {
            for (Season season : Season.values()) {
                boolean seasonal = season != Season.NONE;
                if (seasonal && (m == 1 || values.length < 2 * m || season == Season.MULTIPLICATIVE && !positive)) {
                    continue;
                }
                Model form = new Model(trend, season, 0.5, 0, 0, 1);
                if (observed > form.parameterCount(m) + 1) {
                    forms.add(form);
                }
            }
        }
        return forms;
    }

    /** One form by maximum likelihood; null if the data do not support it. */
    static Fit fit(double[] values, int m, Trend trend, Season season) {
        Start start = Start.of(values, m, season);
        if (start == null) {
            return null;
        }
        // unconstrained coordinates: logits of alpha, beta/alpha, gamma/(1-alpha), (phi-0.8)/0.18; level and slope offsets in units of scale
        // Alternately: Nelder-Mead on the constants (two starts, slow and fast smoothing, in the first round), then
        // the initial states by Gauss-Newton for those constants (one-step errors are linear in them for additive
        // seasons). A heuristic initial season alone left austres 16 log-likelihood units below statsmodels.
        double[][] guesses = {{logit(0.3), logit(0.1), logit(0.1), logit(0.5), 0, 0},
                {logit(0.9), logit(0.01), logit(0.01), logit(0.5), 0, 0}};
        Objective objective = null;
        for (int round = 0; round < 2; round++) {
            objective = new Objective(values, m, trend, season, start);
            for (double[] guess : guesses) {
                try {
                    new SimplexOptimizer(1e-9, 1e-12).optimize(new MaxEval(MAX_EVALUATIONS), new ObjectiveFunction(objective),
                            GoalType.MINIMIZE, new InitialGuess(guess), new NelderMeadSimplex(new double[] {1, 1, 1, 1, 0.5, 0.1}));
                } catch (TooManyEvaluationsException e) {
                    // a flat likelihood: the best point seen so far is as good as the optimum for forecasting
                }
            }
            if (objective.bestPoint == null) {
                return null;
            }
            double[] best = objective.bestPoint;
            start = start.refined(values, m, objective.model(best), objective.level(best), objective.slope(best));
            guesses = new double[][] {{best[0], best[1], best[2], best[3], 0, 0}};
        }
        objective = new Objective(values, m, trend, season, start);
        Fit fit = objective.fit(guesses[0]);
        return Double.isFinite(fit.logLikelihood()) ? fit : null;
    }

    /** One-step errors over the observed values of {@code values} from the given initial states. */
    private static double[] errors(double[] values, int m, Model model, double[] states) {
        double[] season = Arrays.copyOfRange(states, 2, 2 + m);
        Ets ets = new Ets(m, new Fit(model, states[0], states[1], season, 0, 0));
        return Arrays.stream(values).map(ets::observe).filter(e -> !Double.isNaN(e)).toArray();
    }

    private static double sumOfSquares(double[] errors) {
        double sum = 0;
        for (double e : errors) {
            sum += e * e;
        }
        return Double.isFinite(sum) ? sum : Double.POSITIVE_INFINITY;
    }

    /** Log-likelihood of additive Gaussian errors with sigma at its estimate, over the observed values. */
    static double logLikelihood(double sumSquares, long observed) {
        return -0.5 * observed * (Math.log(2 * Math.PI * sumSquares / observed) + 1);
    }

    /** The initial season and the level and slope the optimizer starts from (offsets are in units of {@code scale}). */
    private record Start(double level, double slope, double[] season, double scale) {

        static Start of(double[] values, int m, Season season) {
            double[] observed = Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
            if (observed.length < 3) {
                return null;
            }
            double mean = Arrays.stream(observed).average().orElseThrow();
            double scale = Math.sqrt(Arrays.stream(observed).map(v -> (v - mean) * (v - mean)).sum() / observed.length);
            scale = scale > 0 ? scale : Math.max(1e-9, Math.abs(mean));
            double[] initial = new double[m];
            Arrays.fill(initial, neutral(season));
            if (season == Season.NONE) {
                return new Start(firstObserved(values), 0, initial, scale);
            }
            double first = nanMean(values, 0, m);
            double second = nanMean(values, m, 2 * m);
            if (Double.isNaN(first) || Double.isNaN(second)) {
                return null;
            }
            double slope = (second - first) / m;
            // the trend line through the middle of each season; the season is what is left of the first one
            double normaliser = 0;
            for (int j = 0; j < m; j++) {
                double line = first + slope * (j - (m - 1) / 2.0);
                double v = values[j];
                initial[j] = Double.isNaN(v) ? neutral(season) : season == Season.MULTIPLICATIVE ? v / line : v - line;
                normaliser += initial[j];
            }
            for (int j = 0; j < m; j++) {
                initial[j] = season == Season.MULTIPLICATIVE ? initial[j] * m / normaliser : initial[j] - normaliser / m;
            }
            return new Start(first - slope * (m + 1) / 2.0, slope, initial, scale);
        }

        /**
         * Gauss-Newton steps on the initial level, slope and season for fixed constants (finite differences; exact
         * in one step when the errors are linear in them), each kept only if it lowers the squared error.
         */
        Start refined(double[] values, int m, Model model, double level, double slope) {
            double[] states = new double[2 + m];
            states[0] = level;
            states[1] = slope;
            System.arraycopy(season, 0, states, 2, m);
            int[] free = java.util.stream.IntStream.range(0, 2 + m).filter(i -> i != 1 || model.trend() != Trend.NONE)
                    .filter(i -> i < 2 || model.season() != Season.NONE).toArray();
            double[] errors = errors(values, m, model, states);
            double current = sumOfSquares(errors);
            for (int iteration = 0; iteration < 3 && Double.isFinite(current); iteration++) {
                double[][] jacobian = new double[free.length][];
                for (int j = 0; j < free.length; j++) {
                    double[] moved = states.clone();
                    double step = 1e-6 * Math.max(scale, Math.abs(states[free[j]]));
                    moved[free[j]] += step;
                    double[] movedErrors = errors(values, m, model, moved);
                    jacobian[j] = new double[errors.length];
                    for (int i = 0; i < errors.length; i++) {
                        jacobian[j][i] = (movedErrors[i] - errors[i]) / step;
                    }
                }
                double[] delta = leastSquaresStep(jacobian, errors);
                if (delta == null) {
                    break;
                }
                double[] next = states.clone();
                for (int j = 0; j < free.length; j++) {
                    next[free[j]] += delta[j];
                }
                double[] nextErrors = errors(values, m, model, next);
                double sum = sumOfSquares(nextErrors);
                if (!(sum < current)) {
                    break;
                }
                states = next;
                errors = nextErrors;
                current = sum;
            }
            return new Start(states[0], states[1], Arrays.copyOfRange(states, 2, 2 + m), scale);
        }

        /** The delta minimising |errors + J delta|^2 (normal equations with a tiny ridge: level and season overlap). */
        private static double[] leastSquaresStep(double[][] jacobian, double[] errors) {
            int p = jacobian.length;
            double[][] normal = new double[p][p];
            double[] right = new double[p];
            double trace = 0;
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    double sum = 0;
                    for (int i = 0; i < errors.length; i++) {
                        sum += jacobian[a][i] * jacobian[b][i];
                    }
                    normal[a][b] = sum;
                }
                for (int i = 0; i < errors.length; i++) {
                    right[a] -= jacobian[a][i] * errors[i];
                }
                trace += normal[a][a];
            }
            for (int a = 0; a < p; a++) {
                normal[a][a] += 1e-10 * trace / p;
            }
            try {
                return new org.apache.commons.math3.linear.CholeskyDecomposition(
                        new org.apache.commons.math3.linear.Array2DRowRealMatrix(normal, false), 1e-14, 1e-300)
                        .getSolver().solve(new org.apache.commons.math3.linear.ArrayRealVector(right, false)).toArray();
            } catch (RuntimeException e) {
                return null; // not positive definite: keep the states as they are
            }
        }

        private static double firstObserved(double[] values) {
            return Arrays.stream(values).filter(v -> !Double.isNaN(v)).findFirst().orElseThrow();
        }

        private static double nanMean(double[] values, int from, int to) {
            return Arrays.stream(values, from, to).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
        }
    }

    /** Minus twice the log-likelihood, up to a constant, at an unconstrained point; remembers the best point. */
    private static final class Objective implements MultivariateFunction {

        private final double[] values;
        private final int m;
        private final Trend trend;
        private final Season season;
        private final Start start;
        private final long observed;
        double[] bestPoint;
        double bestValue = Double.POSITIVE_INFINITY;

        Objective(double[] values, int m, Trend trend, Season season, Start start) {
            this.values = values;
            this.m = m;
            this.trend = trend;
            this.season = season;
            this.start = start;
            this.observed = Arrays.stream(values).filter(v -> !Double.isNaN(v)).count();
        }

        @Override
        public double value(double[] point) {
            double sumSquares = sumSquares(model(point), point);
            double value = Double.isFinite(sumSquares) && sumSquares > 0 ? observed * Math.log(sumSquares / observed) : Double.MAX_VALUE;
            if (value < bestValue) {
                bestValue = value;
                bestPoint = point.clone();
            }
            return value;
        }

        Model model(double[] point) {
            double alpha = bounded(sigmoid(point[0]), LOW, 1 - LOW);
            double beta = trend == Trend.NONE ? 0 : bounded(alpha * sigmoid(point[1]), LOW, alpha);
            double gamma = season == Season.NONE ? 0 : bounded((1 - alpha) * sigmoid(point[2]), LOW, 1 - alpha);
            double phi = trend == Trend.DAMPED ? PHI_LOW + (PHI_HIGH - PHI_LOW) * sigmoid(point[3]) : 1;
            return new Model(trend, season, alpha, beta, gamma, phi);
        }

        double sumSquares(Model model, double[] point) {
            Ets ets = new Ets(m, new Fit(model, level(point), slope(point), start.season(), 0, 0));
            double sum = 0;
            for (double value : values) {
                double error = ets.observe(value);
                if (!Double.isNaN(error)) {
                    sum += error * error;
                }
            }
            return sum;
        }

        double level(double[] point) {
            return start.level() + point[4] * start.scale();
        }

        double slope(double[] point) {
            return trend == Trend.NONE ? 0 : start.slope() + point[5] * start.scale() / Math.max(m, 10);
        }

        Fit fit(double[] point) {
            Model model = model(point);
            double logLikelihood = logLikelihood(sumSquares(model, point), observed);
            int k = model.parameterCount(m);
            double aicc = -2 * logLikelihood + 2 * k + 2.0 * k * (k + 1) / (observed - k - 1);
            return new Fit(model, level(point), slope(point), start.season().clone(), logLikelihood, aicc);
        }
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static double logit(double p) {
        return Math.log(p / (1 - p));
    }

    private static double bounded(double x, double low, double high) {
        return Math.max(low, Math.min(high, x));
    }
}
