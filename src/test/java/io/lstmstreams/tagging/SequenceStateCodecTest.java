package io.lstmstreams.tagging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lstmstreams.model.RecurrentState;
import io.lstmstreams.model.StateFormatException;
import org.junit.jupiter.api.Test;

class SequenceStateCodecTest {

    private static SequenceState sample() {
        RecurrentState recurrent = new RecurrentState(9, 2, 4, 2);
        recurrent.vector(1, RecurrentState.CELL)[3] = -0.25f;
        SequenceState state = new SequenceState(recurrent);
        state.position = 12;
        state.touch(1_700_000_000_123L);
        state.anomalous = true;
        state.prediction = new float[] {0.5f, 0.25f, 0.25f};
        state.pending.addLast(new SequenceState.Pending("naïve", "ADJ"));
        state.pending.addLast(new SequenceState.Pending("dog", null));
        return state;
    }

    @Test
    void roundTripKeepsEveryField() {
        SequenceState decoded = SequenceStateCodec.decode(SequenceStateCodec.encode(sample()));

        assertThat(decoded.position()).isEqualTo(12);
        assertThat(decoded.lastSeenMs()).isEqualTo(1_700_000_000_123L);
        assertThat(decoded.anomalous).isTrue();
        assertThat(decoded.prediction).containsExactly(0.5f, 0.25f, 0.25f);
        assertThat(decoded.pending).containsExactly(new SequenceState.Pending("naïve", "ADJ"), new SequenceState.Pending("dog", null));
        assertThat(decoded.recurrent()).isEqualTo(sample().recurrent());
    }

    @Test
    void lastSeenIsReadInPlace() {
        assertThat(SequenceStateCodec.lastSeenMs(SequenceStateCodec.encode(sample()))).isEqualTo(1_700_000_000_123L);
    }

    @Test
    void anotherFormatVersionOrTruncatedBytesAreRejected() {
        byte[] bytes = SequenceStateCodec.encode(sample());
        byte[] future = bytes.clone();
        future[0] = 2;

        assertThatThrownBy(() -> SequenceStateCodec.decode(future)).isInstanceOf(StateFormatException.class)
                .hasMessageContaining("format version 2");
        assertThatThrownBy(() -> SequenceStateCodec.decode(java.util.Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(StateFormatException.class);
    }
}
