package io.lstmstreams.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Java ETS against statsmodels' ETSModel on classic series (fixtures from src/test/python/make_ets_fixtures.py).
 * Both run in float64, so with statsmodels' constants and initial states the recursions and the likelihood agree to
 * rounding (1e-9 of the series' level). The fits differ by design (the Java fit takes the initial season from the
 * first two seasons, statsmodels estimates all m values), so the Java fit's log-likelihood may be a little lower;
 * a stalled optimizer costs tens of units, far beyond the margin allowed.
 */
class EtsTest {

    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * Log-likelihood units the Java fit may lose against statsmodels' on these series: measured at most 2.2 (austres;
     * 0.35 on AirPassengers ETS(A,A,M), less elsewhere, sometimes above statsmodels); a heuristic initial season without
     * the Gauss-Newton refinement lost 16 on austres.
     */
    private static final double FIT_MARGIN = 3;

    record Case(String series, double[] values, int season, Ets.Trend trend, Ets.Season seasonal, double alpha, double beta,
                double gamma, double phi, double level, double slope, double[] initialSeason, double logLikelihood,
                double[] fitted, double[] forecasts) {

        static Case load(String name) throws IOException {
            try (InputStream in = EtsTest.class.getResourceAsStream("/ets/" + name + ".json")) {
                return JSON.readValue(in, Case.class);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"AirPassengers_additive_multiplicative", "AirPassengers_none_additive",
            "UKgas_damped_multiplicative", "Nile_none_none", "WWWusage_damped_none", "austres_additive_additive"})
    void withStatsmodelsParametersItReproducesItsFittedValuesForecastsAndLikelihood(String name) throws IOException {
        Case c = Case.load(name);
        Ets ets = new Ets(c.season(), new Ets.Fit(new Ets.Model(c.trend(), c.seasonal(), c.alpha(), c.beta(), c.gamma(), c.phi()),
                c.level(), c.slope(), c.initialSeason(), 0, 0));
        double tolerance = 1e-9 * Arrays.stream(c.values()).map(Math::abs).max().orElseThrow();
        double sumSquares = 0;
        for (int t = 0; t < c.values().length; t++) {
            assertThat(ets.forecast(1)).as("fitted value %d", t).isCloseTo(c.fitted()[t], within(tolerance));
            double error = ets.observe(c.values()[t]);
            sumSquares += error * error;
        }
        for (int k = 1; k <= c.forecasts().length; k++) {
            assertThat(ets.forecast(k)).as("forecast %d", k).isCloseTo(c.forecasts()[k - 1], within(tolerance));
        }
        assertThat(Ets.logLikelihood(sumSquares, c.values().length)).isCloseTo(c.logLikelihood(), within(1e-6));
    }

    @ParameterizedTest
    @ValueSource(strings = {"AirPassengers_additive_multiplicative", "AirPassengers_none_additive",
            "UKgas_damped_multiplicative", "Nile_none_none", "WWWusage_damped_none", "austres_additive_additive"})
    void itsOwnMaximumLikelihoodFitIsAboutAsLikelyAsStatsmodels(String name) throws IOException {
        Case c = Case.load(name);
        Ets.Fit fit = Ets.fit(c.values(), c.season(), c.trend(), c.seasonal());

        System.out.printf("%s: java %s, statsmodels loglik=%.3f%n", name, fit.describe(), c.logLikelihood());
        assertThat(fit.logLikelihood()).isGreaterThan(c.logLikelihood() - FIT_MARGIN);
        assertThat(fit.model().trend()).isEqualTo(c.trend());
        assertThat(fit.model().season()).isEqualTo(c.seasonal());
    }
}
