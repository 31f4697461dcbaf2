package io.lstmstreams.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StateCodecTest {

    private static final ModelSpec TWO_LAYERS = new ModelSpec(ModelSpec.InputSpec.features(3), CellType.LSTM, 5, 2, 0.0,
            ModelSpec.HeadSpec.regression(1));

    @Test
    void roundTripsEveryVectorAndTheModelVersion() {
        RecurrentState state = randomState(TWO_LAYERS, 42L);

        RecurrentState decoded = StateCodec.decode(StateCodec.encode(state));

        assertThat(decoded).isEqualTo(state);
        assertThat(decoded.modelVersion()).isEqualTo(42L);
        assertThat(decoded.vector(1, RecurrentState.CELL)).containsExactly(state.vector(1, RecurrentState.CELL));
    }

    @ParameterizedTest
    @EnumSource(value = CellType.class, names = {"GRU", "RNN", "RNN_RELU"})
    void aCellWithoutCRoundTripsItsOneVectorPerLayerInHalfTheBytes(CellType cell) {
        ModelSpec spec = new ModelSpec(TWO_LAYERS.input(), cell, 5, 2, 0.0, TWO_LAYERS.head());
        RecurrentState state = randomState(spec, 7L);

        byte[] bytes = StateCodec.encode(state);
        RecurrentState decoded = StateCodec.decode(bytes);

        assertThat(decoded).isEqualTo(state);
        assertThat(decoded.fits(spec)).isTrue();
        assertThat(decoded.fits(TWO_LAYERS)).isFalse();
        assertThat(bytes).hasSize(StateCodec.HEADER_BYTES + 2 * 5 * Float.BYTES);
    }

    @Test
    void oneLayerOf64IsFiveHundredThirtyLittleEndianBytes() {
        ModelSpec spec = new ModelSpec(ModelSpec.InputSpec.features(3), CellType.LSTM, 64, 1, 0.0, ModelSpec.HeadSpec.regression(1));
        RecurrentState state = RecurrentState.zeros(spec, 0x0102030405060708L);
        state.vector(0, RecurrentState.HIDDEN)[0] = 1.5f;

        byte[] bytes = StateCodec.encode(state);

        assertThat(bytes).hasSize(530);
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(in.get()).isEqualTo(StateCodec.FORMAT_VERSION);
        assertThat(in.getLong()).isEqualTo(0x0102030405060708L);
        assertThat(in.getInt()).isEqualTo(1);
        assertThat(in.getInt()).isEqualTo(64);
        assertThat(in.get()).isEqualTo((byte) 2);
        assertThat(in.getFloat()).isEqualTo(1.5f);
    }

    @Test
    void refusesAnotherFormatVersion() {
        byte[] bytes = StateCodec.encode(randomState(TWO_LAYERS, 1));
        bytes[0] = 2;

        assertThatThrownBy(() -> StateCodec.decode(bytes))
                .isInstanceOf(StateFormatException.class).hasMessageContaining("format version 2");
    }

    @Test
    void refusesTruncatedOrPaddedBytes() {
        byte[] bytes = StateCodec.encode(randomState(TWO_LAYERS, 1));

        assertThatThrownBy(() -> StateCodec.decode(Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(StateFormatException.class).hasMessageContaining("needs " + bytes.length + " bytes");
        assertThatThrownBy(() -> StateCodec.decode(Arrays.copyOf(bytes, bytes.length + 4)))
                .isInstanceOf(StateFormatException.class).hasMessageContaining("needs " + bytes.length + " bytes");
        assertThatThrownBy(() -> StateCodec.decode(Arrays.copyOf(bytes, 5)))
                .isInstanceOf(StateFormatException.class).hasMessageContaining("header");
    }

    @Test
    void refusesAnInconsistentHeader() {
        byte[] bytes = StateCodec.encode(randomState(TWO_LAYERS, 1));
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(9, -3);

        assertThatThrownBy(() -> StateCodec.decode(bytes))
                .isInstanceOf(StateFormatException.class).hasMessageContaining("layers=-3");
    }

    private static RecurrentState randomState(ModelSpec spec, long modelVersion) {
        RecurrentState state = RecurrentState.zeros(spec, modelVersion);
        Random random = new Random(modelVersion);
        for (int layer = 0; layer < state.layers(); layer++) {
            for (int index = 0; index < state.vectorsPerLayer(); index++) {
                float[] vector = state.vector(layer, index);
                for (int i = 0; i < vector.length; i++) {
                    vector[i] = (float) random.nextGaussian();
                }
            }
        }
        return state;
    }
}
