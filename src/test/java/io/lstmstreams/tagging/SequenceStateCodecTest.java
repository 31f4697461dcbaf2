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
        state.remember("the", 8);
        state.remember("naïve", 8);
        state.remember("dog", 8);
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
        assertThat(decoded.history).containsExactly("the", "naïve", "dog");
    }

    /** Stores and changelogs written before the one-pass encoder must read back: the bytes are DataOutput's, to the byte. */
    @Test
    void encodesTheBytesDataOutputWroteBeforeForAnyCharacters() throws java.io.IOException {
        SequenceState state = sample();
        state.remember("日本\u0000€", 8);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        out.writeByte(SequenceStateCodec.FORMAT_VERSION);
        out.writeInt(state.position);
        out.writeLong(state.lastSeenMs());
        out.writeBoolean(state.anomalous);
        out.writeInt(state.pending.size());
        for (SequenceState.Pending pending : state.pending) {
            out.writeUTF(pending.token());
            out.writeBoolean(pending.gold() != null);
            if (pending.gold() != null) {
                out.writeUTF(pending.gold());
            }
        }
        out.writeInt(state.prediction.length);
        for (float p : state.prediction) {
            out.writeFloat(p);
        }
        byte[] recurrent = io.lstmstreams.model.StateCodec.encode(state.recurrent());
        out.writeInt(recurrent.length);
        out.write(recurrent);
        out.writeInt(state.history.size());
        for (String input : state.history) {
            out.writeUTF(input);
        }

        assertThat(SequenceStateCodec.encode(state)).isEqualTo(bytes.toByteArray());
        assertThat(SequenceStateCodec.decode(bytes.toByteArray()).history).containsExactly("the", "naïve", "dog", "日本\u0000€");
    }

    @Test
    void version1StatesWrittenBeforeHistoryExistedStillDecodeWithNoHistory() {
        SequenceState withoutHistory = sample();
        withoutHistory.history.clear();
        byte[] v2 = SequenceStateCodec.encode(withoutHistory);
        byte[] v1 = java.util.Arrays.copyOf(v2, v2.length - Integer.BYTES); // v1 lacks the trailing history count
        v1[0] = 1;

        SequenceState decoded = SequenceStateCodec.decode(v1);

        assertThat(decoded.position()).isEqualTo(12);
        assertThat(decoded.pending).hasSize(2);
        assertThat(decoded.recurrent()).isEqualTo(sample().recurrent());
        assertThat(decoded.history).isEmpty();
        assertThat(SequenceStateCodec.lastSeenMs(v1)).isEqualTo(1_700_000_000_123L);
    }

    @Test
    void historyKeepsOnlyTheNewestInputs() {
        SequenceState state = new SequenceState(new RecurrentState(1, 1, 2, 2));
        for (String token : new String[] {"a", "b", "c", "d"}) {
            state.remember(token, 2);
        }
        assertThat(state.history).containsExactly("c", "d");
    }

    @Test
    void lastSeenIsReadInPlace() {
        assertThat(SequenceStateCodec.lastSeenMs(SequenceStateCodec.encode(sample()))).isEqualTo(1_700_000_000_123L);
    }

    @Test
    void anotherFormatVersionOrTruncatedBytesAreRejected() {
        byte[] bytes = SequenceStateCodec.encode(sample());
        byte[] future = bytes.clone();
        future[0] = 3;

        assertThatThrownBy(() -> SequenceStateCodec.decode(future)).isInstanceOf(StateFormatException.class)
                .hasMessageContaining("format version 3");
        assertThatThrownBy(() -> SequenceStateCodec.decode(java.util.Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(StateFormatException.class);
    }
}
