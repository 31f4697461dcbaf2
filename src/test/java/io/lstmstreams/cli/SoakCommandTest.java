package io.lstmstreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SoakCommandTest {

    @Test
    void aRunWhoseMeasuresOnlyWobbleIsFlatAndTheFirstMinuteIsNotCounted() {
        List<SoakCommand.Sample> samples = IntStream.rangeClosed(1, 10).mapToObj(minute -> new SoakCommand.Sample(minute,
                minute == 1 ? 50 : 300 + (minute % 2) * 3, 900 + (minute % 3), 4.0, 120)).toList();

        assertThat(SoakCommand.verdict(samples)).startsWith("soak: verdict FLAT minutes=10.0 heap_slope_mib_per_min=");
    }

    @Test
    void aHeapThatStepsUpInTheFirstThirdAndThenHoldsIsFlat() {
        List<SoakCommand.Sample> samples = IntStream.rangeClosed(1, 30).mapToObj(minute -> new SoakCommand.Sample(minute,
                minute < 7 ? 99 : 412 + 0.5 * (minute - 7), 2_900, 4.0, 120)).toList();

        assertThat(SoakCommand.verdict(samples)).startsWith("soak: verdict FLAT").contains("heap_slope_mib_per_min=0.50");
        assertThat(SoakCommand.verdict(samples.subList(0, 9))).as("the step inside the judged part").startsWith("soak: verdict GROWING");
    }

    @Test
    void heapThatKeepsGrowingIsGrowingWithItsSlope() {
        List<SoakCommand.Sample> samples = IntStream.rangeClosed(1, 10).mapToObj(minute -> new SoakCommand.Sample(minute,
                300 + 5.0 * minute, 900, 4.0, 120)).toList();

        assertThat(SoakCommand.verdict(samples)).startsWith("soak: verdict GROWING").contains("heap_slope_mib_per_min=5.00");
        assertThat(SoakCommand.verdict(samples.subList(0, 1))).isEqualTo("soak: verdict UNKNOWN (fewer than two samples)");
    }
}
