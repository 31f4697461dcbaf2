package io.lstmstreams.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ForecastMessageTest {

    @Test
    void anErrorsHorizonIsWrittenAsStepAsFormatVersionOneAlwaysWasAndReadBack() {
        ForecastMessage.Error error = ForecastMessage.Error.of("cpu", 60_000, 3, 10, 12, 9, 11, 4);

        String json = new String(error.toJson(), StandardCharsets.UTF_8);

        assertThat(json).contains("\"step\":3").doesNotContain("horizon").contains("\"absError\":2.0");
        assertThat(ForecastMessage.parse(error.toJson(), ForecastMessage.Error.class)).isEqualTo(error);
    }
}
