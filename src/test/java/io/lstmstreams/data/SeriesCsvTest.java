package io.lstmstreams.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SeriesCsvTest {

    static Path fixture(String name) {
        try {
            return Path.of(SeriesCsvTest.class.getResource("/forecasting/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void monthlyFileHasSeasonTwelveAndNaIsMissing() {
        Series series = SeriesCsv.read(fixture("monthly.csv"));

        assertThat(series.name()).isEqualTo("monthly");
        assertThat(series.variables()).containsExactly("value");
        assertThat(series.naturalSeason()).contains(12);
        assertThat(series.target()).containsExactly(112, Double.NaN, 132, 118);
    }

    @Test
    void quarterlyFileHasSeasonFour() {
        assertThat(SeriesCsv.read(fixture("quarterly.csv")).naturalSeason()).contains(4);
    }

    @Test
    void timeColumnFilesHaveNoSeasonAndAnEmptyFieldIsMissing() {
        Series series = SeriesCsv.read(fixture("yearly.csv"));

        assertThat(series.naturalSeason()).isEmpty();
        assertThat(series.target()).containsExactly(1120, 1160, Double.NaN);
        assertThat(series.season(null)).isEqualTo(1);
        assertThat(series.season(7)).isEqualTo(7);
    }

    @Test
    void gzipFilesAreReadByTheirContent() {
        Series series = SeriesCsv.read(fixture("yearly.csv.gz"));

        assertThat(series.name()).isEqualTo("yearly");
        assertThat(series.target()).containsExactly(1120, 1160, Double.NaN);
    }

    @Test
    void nabTimestampFilesAreRead() {
        Series series = SeriesCsv.read(fixture("nab.csv"));

        assertThat(series.target()).containsExactly(20.0, 21.5);
        assertThat(series.naturalSeason()).isEqualTo(Optional.empty());
    }

    @Test
    void multivariateFilesKeepEveryVariableFirstOneForecast() {
        Series series = SeriesCsv.read(fixture("multivariate.csv"));

        assertThat(series.variables()).containsExactly("DAX", "SMI");
        assertThat(series.values()[1]).containsExactly(1613.63, Double.NaN);
        assertThat(series.target()).containsExactly(1628.75, 1613.63);
    }

    @Test
    void badNumberIsReportedWithFileAndLine() {
        assertThatThrownBy(() -> SeriesCsv.read(fixture("bad_number.csv"))).isInstanceOf(DataFormatException.class)
                .hasMessageEndingWith("bad_number.csv:3: not a number: 'abc'");
    }

    @Test
    void wrongFieldCountIsReportedWithFileAndLine() {
        assertThatThrownBy(() -> SeriesCsv.read(fixture("bad_fields.csv"))).isInstanceOf(DataFormatException.class)
                .hasMessageEndingWith("bad_fields.csv:3: expected 2 fields, got 3");
    }

    @Test
    void emptyOrMissingFilesAreRejected() {
        assertThatThrownBy(() -> SeriesCsv.read(fixture("empty.csv"))).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("empty.csv:1: empty file");
        assertThatThrownBy(() -> SeriesCsv.read(Path.of("no-such-series.csv"))).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("file not found");
    }
}
