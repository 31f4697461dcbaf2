package io.lstmstreams.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyStepperTest {

    private static final ModelSpec TWO_SLOTS = new ModelSpec(ModelSpec.InputSpec.tokens(List.of(
            new ModelSpec.TokenSlot("word", 40, 8), new ModelSpec.TokenSlot("suffix", 12, 4))),
            CellType.LSTM, 16, 2, 0.0, ModelSpec.HeadSpec.softmax(7));

    @ParameterizedTest
    @EnumSource(CellType.class)
    void stepsWithoutAllocatingOnceWarm(CellType cell) {
        ModelSpec spec = new ModelSpec(TWO_SLOTS.input(), cell, TWO_SLOTS.hiddenSize(), TWO_SLOTS.layers(), 0.0, TWO_SLOTS.head());
        ComputationGraph network = Dl4jReference.randomNetwork(spec, 5);
        if (cell == CellType.RNN_RELU) {
            network.params().muli(0.1); // ReLU is unbounded: weights up to 0.5 make h overflow within 60k steps
        }
        KeyStepper stepper = new KeyStepper(Dl4jWeights.extract(network, spec));
        RecurrentState state = RecurrentState.zeros(spec, 1);
        int[] ids = {3, 7};
        float[] output = new float[7];
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (int i = 0; i < 50_000; i++) {
            ids[0] = i % 40;
            stepper.step(state, ids, output);
        }

        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 10_000; i++) {
            ids[0] = i % 40;
            stepper.step(state, ids, output);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertThat(allocated).as("bytes allocated by 10k steps").isLessThan(1_000);
        float sum = 0;
        for (float p : output) {
            sum += p;
        }
        assertThat(sum).isCloseTo(1f, within(1e-5f));
    }

    @Test
    void refusesATokenIdOutsideItsSlotsVocabulary() {
        KeyStepper stepper = new KeyStepper(Dl4jWeights.extract(Dl4jReference.randomNetwork(TWO_SLOTS, 5), TWO_SLOTS));
        RecurrentState state = RecurrentState.zeros(TWO_SLOTS, 1);

        assertThatThrownBy(() -> stepper.step(state, new int[] {3, 12}, new float[7]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slot suffix").hasMessageContaining("[0, 12)");
        assertThatThrownBy(() -> stepper.step(state, new int[] {-1, 0}, new float[7]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slot word");
        assertThat(state).isEqualTo(RecurrentState.zeros(TWO_SLOTS, 1));
    }

    @Test
    void refusesAStateOfAnotherShape() {
        KeyStepper stepper = new KeyStepper(Dl4jWeights.extract(Dl4jReference.randomNetwork(TWO_SLOTS, 5), TWO_SLOTS));
        RecurrentState oneLayer = new RecurrentState(1, 1, 16, 2);

        assertThatThrownBy(() -> stepper.step(oneLayer, new int[] {1, 1}, new float[7]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
    }
}
