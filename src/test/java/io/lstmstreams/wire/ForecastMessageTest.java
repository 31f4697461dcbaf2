package io.lstmstreams.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForecastMessageTest {

    @Test
    void anErrorsHorizonIsWrittenAsStepAsFormatVersionOneAlwaysWasAndReadBack() {
        ForecastMessage.Error error = ForecastMessage.Error.of("cpu", 60_000, 3, 10, 12, 9, 11, 4, List.of());

        String json = new String(error.toJson(), StandardCharsets.UTF_8);

        assertThat(json).contains("\"step\":3").doesNotContain("horizon").contains("\"absError\":2.0");
        assertThat(ForecastMessage.parse(error.toJson(), ForecastMessage.Error.class)).isEqualTo(error);
    }

    @Test
    void anErrorsScoredIntervalsAreWrittenAndReadBackAndARecordFromBeforeThemHasNone() {
        ForecastMessage.Error error = ForecastMessage.Error.of("cpu", 60_000, 1, 10, 12, 9, 11, 4,
                List.of(new ForecastMessage.ScoredInterval(0.8, 11, 13, false), new ForecastMessage.ScoredInterval(0.95, 9.5, 14.5, true)));
        String older = "{\"v\":1,\"series\":\"cpu\",\"windowEnd\":60000,\"step\":1,\"actual\":10.0,\"forecast\":12.0,"
                + "\"absError\":2.0,\"seasonalNaive\":9.0,\"holtWinters\":11.0,\"modelVersion\":4}";

        String json = new String(error.toJson(), StandardCharsets.UTF_8);

        assertThat(json).contains("\"intervals\":[{\"level\":0.8,\"lower\":11.0,\"upper\":13.0,\"covered\":false},"
                + "{\"level\":0.95,\"lower\":9.5,\"upper\":14.5,\"covered\":true}]");
        assertThat(ForecastMessage.parse(error.toJson(), ForecastMessage.Error.class)).isEqualTo(error);
        ForecastMessage.Error fromBefore = ForecastMessage.parse(older.getBytes(StandardCharsets.UTF_8), ForecastMessage.Error.class);
        assertThat(fromBefore.intervals()).isEmpty();
        assertThat(fromBefore).isEqualTo(ForecastMessage.Error.of("cpu", 60_000, 1, 10, 12, 9, 11, 4, List.of()));
    }
}
