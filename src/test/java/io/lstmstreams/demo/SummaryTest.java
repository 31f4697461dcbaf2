package io.lstmstreams.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void lineHasEveryFieldInOrderWithDotDecimals() {
        Summary summary = new Summary(1200, 580, 7, 0, 0, 9, 0.91237, Double.NaN, 142);

        assertThat(summary.line()).isEqualTo("events=1200 tags=580 anomalies=7 forecasts=0 promotions=0 dead_letters=9"
                + " upos_accuracy=0.9124 mase=NaN p99_ms=142");
    }

    @Test
    void lineMatchesTheDocumentedShape() {
        Summary summary = new Summary(0, 0, 0, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN);

        assertThat(summary.line()).matches("events=\\d+ tags=\\d+ anomalies=\\d+ forecasts=\\d+ promotions=\\d+"
                + " dead_letters=\\d+ upos_accuracy=\\S+ mase=\\S+ p99_ms=\\S+");
    }
}
