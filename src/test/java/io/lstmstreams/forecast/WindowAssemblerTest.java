package io.lstmstreams.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.retrain.LabelBuffer;
import io.lstmstreams.wire.ForecastMessage;
import io.lstmstreams.wire.LabelRecord;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WindowAssemblerTest {

    private static byte[] window(String series, long step, double value) {
        return new ForecastMessage.Realized(1, "forecast", series, step, 1_000 * (step + 1), value, 4).toJson();
    }

    @Test
    void consecutiveWindowsOfASeriesBecomeOneStretchGapsIncluded() {
        WindowAssembler assembler = new WindowAssembler(3, 10);

        assertThat(assembler.add(window("a", 0, 1))).isEmpty();
        assertThat(assembler.add(window("b", 0, 9))).isEmpty();
        assertThat(assembler.add(window("a", 1, Double.NaN))).isEmpty();
        Optional<LabelBuffer.Example<ForecastTraining.Input>> stretch = assembler.add(window("a", 2, 3));

        assertThat(stretch).isPresent();
        assertThat(stretch.get().id()).isEqualTo("a@0");
        assertThat(stretch.get().timeMs()).isEqualTo(3_000);
        assertThat(stretch.get().value().values()).containsExactly(1, Double.NaN, 3);
        assertThat(stretch.get().value().season()).isEqualTo(4);
        assertThat(assembler.add(window("a", 3, 4))).isEmpty(); // the next stretch starts
    }

    @Test
    void aStretchMoreThanHalfEmptyIsDropped() {
        WindowAssembler assembler = new WindowAssembler(3, 10);

        assembler.add(window("a", 0, Double.NaN));
        assembler.add(window("a", 1, 2));
        assertThat(assembler.add(window("a", 2, Double.NaN))).isEmpty();
        assembler.add(window("a", 3, 1));
        assembler.add(window("a", 4, Double.NaN));
        assertThat(assembler.add(window("a", 5, 3))).isPresent();
    }

    @Test
    void aSkippedWindowRestartsTheStretch() {
        WindowAssembler assembler = new WindowAssembler(2, 10);

        assembler.add(window("a", 0, 1));
        assertThat(assembler.add(window("a", 0, 5))).isEmpty(); // the series started over
        assertThat(assembler.add(window("a", 1, 6))).get().extracting(example -> example.value().values())
                .isEqualTo(new double[] {5, 6});
    }

    @Test
    void otherTasksRecordsAndGarbageAreIgnored() {
        WindowAssembler assembler = new WindowAssembler(2, 10);

        assertThat(assembler.add(new LabelRecord(1, "pos", "s", 0, "dog", "NOUN", true, 1).toJson())).isEmpty();
        assertThat(assembler.add(new ForecastMessage.Realized(1, "other", "a", 0, 1, 1, 4).toJson())).isEmpty();
        assertThat(assembler.add("{not json".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(assembler.add(window("a", 0, 1))).isEmpty();
        assertThat(assembler.add(window("a", 1, 2))).isPresent();
    }

    @Test
    void beyondMaxOpenTheLongestSilentSeriesIsDropped() {
        WindowAssembler assembler = new WindowAssembler(2, 1);

        assembler.add(window("a", 0, 1));
        assembler.add(window("b", 0, 1)); // drops a's open stretch

        assertThat(assembler.add(window("b", 1, 2))).isPresent();
        assertThat(assembler.add(window("a", 1, 2))).isEmpty(); // window 0 was dropped: a new stretch starts
        assertThat(assembler.add(window("a", 2, 3))).get().extracting(LabelBuffer.Example::id).isEqualTo("a@1");
    }
}
