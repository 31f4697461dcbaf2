package io.lstmstreams.forecast;

import io.lstmstreams.data.Series;
import io.lstmstreams.data.SeriesCsv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The series `eval forecast --all` scores: every univariate series of a folder of CSVs with enough windows to train and score
 * ({@value #MIN_LENGTH}), minus exact duplicates; and the medians it reports (docs/measurements.md).
 */
final class EvaluationSeries {

    static final int MIN_LENGTH = 60;
    /** R's {@code sunspots} is the first 2,820 months of {@code sunspot.month}: counting it twice would skew the median. */
    static final Set<String> DUPLICATES = Set.of("sunspots");

    private EvaluationSeries() {
    }

    /** The benchmark's series, by name; multivariate and short ones left out. */
    public static List<Series> select(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().matches(".*\\.csv(\\.gz)?"))
                    .sorted()
                    .map(SeriesCsv::read)
                    .filter(EvaluationSeries::eligible)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    static boolean eligible(Series series) {
        return series.variables().size() == 1 && series.length() >= MIN_LENGTH && !DUPLICATES.contains(series.name());
    }

    /**
     * MASE of the forecaster at h = 1, h = m, h = H and its mean over 1..H, then the same four for Holt-Winters; h = m is
     * {@code min(m, H)}, and 1 for a series without a season.
     */
    static double[] horizonColumns(List<HorizonErrors> horizons, int season) {
        int hm = Math.min(season, horizons.size());
        HorizonErrors one = horizons.get(0);
        HorizonErrors atSeason = horizons.get(hm - 1);
        HorizonErrors last = horizons.get(horizons.size() - 1);
        return new double[] {one.mase(), atSeason.mase(), last.mase(),
                horizons.stream().mapToDouble(HorizonErrors::mase).average().orElseThrow(),
                one.holtWintersMase(), atSeason.holtWintersMase(), last.holtWintersMase(),
                horizons.stream().mapToDouble(HorizonErrors::holtWintersMase).average().orElseThrow()};
    }

    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
