package io.lstmstreams.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LabelBufferTest {

    private static LabelBuffer.Example<Integer> example(int i, long timeMs) {
        return new LabelBuffer.Example<>("s-" + i, i, timeMs);
    }

    @Test
    void keepsAtMostItsCapacityAsAUniformSampleOfEverythingOffered() {
        LabelBuffer<Integer> buffer = new LabelBuffer<>(1_000, Duration.ofDays(1), 10, 1);

        IntStream.range(0, 10_000).forEach(i -> buffer.add(example(i, 0)));

        LabelBuffer.Split<Integer> split = buffer.split();
        assertThat(buffer.size()).isEqualTo(1_000);
        double meanOfKept = IntStream.concat(split.training().stream().mapToInt(LabelBuffer.Example::value),
                split.validation().stream().mapToInt(LabelBuffer.Example::value)).average().orElseThrow();
        assertThat(meanOfKept).isBetween(4_500.0, 5_500.0); // the first 1000 alone would average 500
    }

    @Test
    void dropsExamplesOlderThanTheMaximumAge() {
        LabelBuffer<Integer> buffer = new LabelBuffer<>(100, Duration.ofMinutes(10), 10, 1);
        buffer.add(example(1, 0));
        buffer.add(example(2, Duration.ofMinutes(5).toMillis()));

        buffer.add(example(3, Duration.ofMinutes(12).toMillis()));

        assertThat(buffer.size()).isEqualTo(2);
        assertThat(buffer.split().training().stream().map(LabelBuffer.Example::value).toList()
                + "" + buffer.split().validation().stream().map(LabelBuffer.Example::value).toList()).doesNotContain("1");
    }

    @Test
    void holdsApartAboutItsShareAndTheSameIdsEveryTime() {
        LabelBuffer<Integer> buffer = new LabelBuffer<>(10_000, Duration.ofDays(1), 10, 1);
        IntStream.range(0, 5_000).forEach(i -> buffer.add(example(i, 0)));

        LabelBuffer.Split<Integer> split = buffer.split();

        assertThat(split.validation().size()).isBetween(400, 600);
        assertThat(split.validation()).allSatisfy(e -> assertThat(buffer.isHeldApart(e.id())).isTrue());
        assertThat(new LabelBuffer<Integer>(10, Duration.ofDays(1), 10, 99).isHeldApart(split.validation().get(0).id())).isTrue();
    }

    @Test
    void countsNewExamplesSinceTheyWereLastTaken() {
        LabelBuffer<Integer> buffer = new LabelBuffer<>(10, Duration.ofDays(1), 10, 1);
        IntStream.range(0, 25).forEach(i -> buffer.add(example(i, 0)));

        assertThat(buffer.takeNewCount()).isEqualTo(25);
        buffer.add(example(99, 0));
        assertThat(buffer.newCount()).isEqualTo(1);
    }
}
