package io.lstmstreams.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The binary form of a {@link RecurrentState}, as state stores and changelogs hold it. Little-endian:
 * <pre>
 *   int8  format version ({@value #FORMAT_VERSION})
 *   int64 model version
 *   int32 layers
 *   int32 hidden size
 *   int8  vectors per layer
 *   float32[layers][vectors per layer][hidden size]
 * </pre>
 * 18 bytes of header: 530 bytes for one LSTM layer of 64. Dependency-free on purpose.
 */
public final class StateCodec {

    public static final byte FORMAT_VERSION = 1;
    static final int HEADER_BYTES = 1 + Long.BYTES + Integer.BYTES + Integer.BYTES + 1;

    private StateCodec() {
    }

    public static byte[] encode(RecurrentState state) {
        ByteBuffer out = ByteBuffer.allocate(encodedBytes(state));
        encodeInto(out, state);
        return out.array();
    }

    /** The length of {@link #encode}'s bytes for {@code state}. */
    public static int encodedBytes(RecurrentState state) {
        return HEADER_BYTES + state.layers() * state.vectorsPerLayer() * state.hiddenSize() * Float.BYTES;
    }

    /**
     * Writes {@link #encode}'s bytes at {@code out}'s position, for a record that embeds the state: no array of its
     * own. {@code out}'s byte order is left as it was.
     */
    public static void encodeInto(ByteBuffer out, RecurrentState state) {
        ByteOrder order = out.order();
        out.order(ByteOrder.LITTLE_ENDIAN)
                .put(FORMAT_VERSION)
                .putLong(state.modelVersion())
                .putInt(state.layers())
                .putInt(state.hiddenSize())
                .put((byte) state.vectorsPerLayer());
        for (int layer = 0; layer < state.layers(); layer++) {
            for (int index = 0; index < state.vectorsPerLayer(); index++) {
                out.asFloatBuffer().put(state.vector(layer, index));
                out.position(out.position() + state.hiddenSize() * Float.BYTES);
            }
        }
        out.order(order);
    }

    /** @throws StateFormatException when the bytes are of another format version, truncated or inconsistent */
    public static RecurrentState decode(byte[] bytes) {
        if (bytes == null) {
            throw new StateFormatException("recurrent state needs at least " + HEADER_BYTES + " bytes of header, got null");
        }
        return decodeFrom(ByteBuffer.wrap(bytes), bytes.length);
    }

    /**
     * Reads a state of {@code length} bytes at {@code in}'s position, in place (for a record that embeds it), and
     * moves past it. {@code in}'s byte order is left as it was.
     *
     * @throws StateFormatException when the bytes are of another format version, truncated or inconsistent
     */
    public static RecurrentState decodeFrom(ByteBuffer in, int length) {
        if (length < HEADER_BYTES || in.remaining() < length) {
            throw new StateFormatException("recurrent state needs at least " + HEADER_BYTES + " bytes of header, got "
                    + Math.min(length, in.remaining()));
        }
        ByteOrder order = in.order();
        in.order(ByteOrder.LITTLE_ENDIAN);
        byte format = in.get();
        if (format != FORMAT_VERSION) {
            throw new StateFormatException("recurrent state format version " + format + " is not supported (this build reads "
                    + FORMAT_VERSION + ")");
        }
        long modelVersion = in.getLong();
        int layers = in.getInt();
        int hiddenSize = in.getInt();
        int vectors = in.get();
        if (layers <= 0 || hiddenSize <= 0 || vectors <= 0) {
            throw new StateFormatException("recurrent state header is inconsistent: layers=" + layers + ", hiddenSize="
                    + hiddenSize + ", vectorsPerLayer=" + vectors);
        }
        long expected = HEADER_BYTES + (long) layers * vectors * hiddenSize * Float.BYTES;
        if (length != expected) {
            throw new StateFormatException("recurrent state of " + layers + " layers x " + vectors + " vectors x "
                    + hiddenSize + " floats needs " + expected + " bytes, got " + length);
        }
        RecurrentState state = new RecurrentState(modelVersion, layers, hiddenSize, vectors);
        for (int layer = 0; layer < layers; layer++) {
            for (int index = 0; index < vectors; index++) {
                in.asFloatBuffer().get(state.vector(layer, index));
                in.position(in.position() + hiddenSize * Float.BYTES);
            }
        }
        in.order(order);
        return state;
    }

    /** Writes the state length-prefixed inside a larger record (the tagging and forecasting states embed it). */
    public static void writeEmbedded(DataOutput out, RecurrentState state) throws IOException {
        byte[] bytes = encode(state);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** Writes the fields of a state that embeds a recurrent state. */
    @FunctionalInterface
    public interface FieldWriter {
        void write(DataOutputStream out) throws IOException;
    }

    /** Reads back what a {@link FieldWriter} wrote. */
    @FunctionalInterface
    public interface FieldReader<T> {
        T read(DataInputStream in) throws IOException;
    }

    /** The bytes {@code fields} writes (into memory, so no I/O can fail). */
    public static byte[] write(int sizeHint, FieldWriter fields) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(sizeHint);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            fields.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** What {@code fields} reads from {@code bytes}; anything that goes wrong is a {@link #corrupt} {@code what}. */
    public static <T> T read(String what, byte[] bytes, FieldReader<T> fields) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return fields.read(in);
        } catch (IOException | RuntimeException e) {
            throw corrupt(what, bytes.length, e);
        }
    }

    /** Reads a state written by {@link #writeEmbedded}. */
    public static RecurrentState readEmbedded(DataInput in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return decode(bytes);
    }

    /**
     * What a record that embeds a recurrent state throws when its bytes cannot be decoded: a format error as it
     * is, anything else (truncation, a bad length) as corruption of {@code what}.
     */
    public static StateFormatException corrupt(String what, int length, Exception cause) {
        return cause instanceof StateFormatException formatException ? formatException
                : new StateFormatException("corrupt " + what + " (" + length + " bytes): " + cause);
    }
}
