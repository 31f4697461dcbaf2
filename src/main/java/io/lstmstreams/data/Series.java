package io.lstmstreams.data;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A time series of one or more variables at regular steps; the first variable is the one forecast, the others
 * ride along. Missing values are NaN.
 *
 * @param values        {@code values[t][variable]}
 * @param naturalSeason 12 for monthly data, 4 for quarterly, empty when the file does not say
 */
public record Series(String name, List<String> variables, double[][] values, Optional<Integer> naturalSeason) {

    public Series {
        variables = List.copyOf(variables);
        if (variables.isEmpty()) {
            throw new IllegalArgumentException("a series needs at least one variable");
        }
        for (double[] row : values) {
            if (row.length != variables.size()) {
                throw new IllegalArgumentException("every step needs " + variables.size() + " values, got " + row.length);
            }
        }
    }

    /** A single-variable series. */
    public static Series of(String name, double[] values, Optional<Integer> naturalSeason) {
        return new Series(name, List.of("value"), Arrays.stream(values).mapToObj(v -> new double[] {v})
                .toArray(double[][]::new), naturalSeason);
    }

    /** The season to use: {@code override} when given, else the natural one, else 1 (no season). */
    public int season(Integer override) {
        return override != null ? override : naturalSeason.orElse(1);
    }

    public int length() {
        return values.length;
    }

    /** The forecast variable (the first) over time. */
    public double[] target() {
        return Arrays.stream(values).mapToDouble(row -> row[0]).toArray();
    }

    @Override
    public String toString() {
        return "Series[" + name + ", " + variables + ", " + values.length + " steps, season " + naturalSeason + "]";
    }
}
