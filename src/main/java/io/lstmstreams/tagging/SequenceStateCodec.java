package io.lstmstreams.tagging;

import io.lstmstreams.model.StateCodec;
import io.lstmstreams.model.StateFormatException;
import io.lstmstreams.state.RecurrentStateStore;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of a {@link SequenceState} in the state store (and its changelog). Format version 2: version byte,
 * position, last-seen time, anomalous flag, pending tokens, last prediction, the recurrent state in
 * {@link StateCodec}'s own versioned format, then the remembered inputs (count, then each). Version 1 is the same
 * without the inputs; it is still read (with no inputs to rebuild from), so stores written before stay usable.
 * Written in one pass into one array, read in place: once per event each.
 */
public final class SequenceStateCodec {

    public static final byte FORMAT_VERSION = 2;
    static final byte FORMAT_VERSION_WITHOUT_HISTORY = 1;
    private static final int LAST_SEEN_OFFSET = 1 + Integer.BYTES;

    /** This codec as the state store takes it. */
    public static final RecurrentStateStore.Codec<SequenceState> CODEC = RecurrentStateStore.Codec.of(
            SequenceStateCodec::encode, SequenceStateCodec::decode, SequenceStateCodec::lastSeenMs);

    private SequenceStateCodec() {
    }

    /**
     * One pass into one array of the exact size: this runs once per event, so the state and its history are not
     * copied through streams and intermediate arrays. The bytes are those {@link DataOutput} writes (big-endian,
     * strings as {@link DataOutput#writeUTF}), so stores written before read back unchanged.
     */
    public static byte[] encode(SequenceState state) {
        int size = 1 + Integer.BYTES + Long.BYTES + 1 + Integer.BYTES;
        for (SequenceState.Pending pending : state.pending) {
            size += utfBytes(pending.token()) + 1 + (pending.gold() == null ? 0 : utfBytes(pending.gold()));
        }
        float[] prediction = state.prediction;
        size += Integer.BYTES + (prediction == null ? 0 : prediction.length * Float.BYTES);
        int recurrentBytes = StateCodec.encodedBytes(state.recurrent);
        size += Integer.BYTES + recurrentBytes + Integer.BYTES;
        for (String input : state.history) {
            size += utfBytes(input);
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(FORMAT_VERSION).putInt(state.position).putLong(state.lastSeenMs).put((byte) (state.anomalous ? 1 : 0));
        out.putInt(state.pending.size());
        for (SequenceState.Pending pending : state.pending) {
            putUtf(out, pending.token());
            out.put((byte) (pending.gold() != null ? 1 : 0));
            if (pending.gold() != null) {
                putUtf(out, pending.gold());
            }
        }
        out.putInt(prediction == null ? -1 : prediction.length);
        if (prediction != null) {
            for (float p : prediction) {
                out.putFloat(p);
            }
        }
        out.putInt(recurrentBytes);
        StateCodec.encodeInto(out, state.recurrent);
        out.putInt(state.history.size());
        for (String input : state.history) {
            putUtf(out, input);
        }
        return out.array();
    }

    /** Bytes of {@code text} as {@link DataOutput#writeUTF} writes it (modified UTF-8 after a two-byte length). */
    private static int utfBytes(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c >= 1 && c <= 0x7f ? 1 : c <= 0x7ff ? 2 : 3;
        }
        if (bytes > 0xffff) {
            throw new UncheckedIOException(new UTFDataFormatException("encoded string too long: " + bytes + " bytes"));
        }
        return 2 + bytes;
    }

    private static void putUtf(ByteBuffer out, String text) {
        int lengthAt = out.position();
        out.putShort((short) 0);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 1 && c <= 0x7f) {
                out.put((byte) c);
            } else if (c <= 0x7ff) {
                out.put((byte) (0xc0 | (c >> 6))).put((byte) (0x80 | (c & 0x3f)));
            } else {
                out.put((byte) (0xe0 | (c >> 12))).put((byte) (0x80 | ((c >> 6) & 0x3f))).put((byte) (0x80 | (c & 0x3f)));
            }
        }
        out.putShort(lengthAt, (short) (out.position() - lengthAt - 2));
    }

    /** A string {@link #putUtf} (or {@link DataOutput#writeUTF}) wrote; ASCII, the usual case, without a stream. */
    private static String getUtf(ByteBuffer in) throws IOException {
        int length = Short.toUnsignedInt(in.getShort(in.position()));
        int from = in.position() + 2;
        byte[] array = in.array();
        boolean ascii = true;
        for (int i = from; i < from + length && ascii; i++) {
            ascii = array[i] > 0;
        }
        if (ascii) {
            in.position(from + length);
            return new String(array, from, length, StandardCharsets.US_ASCII);
        }
        DataInputStream utf = new DataInputStream(new ByteArrayInputStream(array, in.position(), 2 + length));
        in.position(from + length);
        return utf.readUTF();
    }

    /** The last-seen time alone, read in place: expiry scans every key and needs nothing else. */
    public static long lastSeenMs(byte[] bytes) {
        if (bytes.length < LAST_SEEN_OFFSET + Long.BYTES || !readable(bytes[0])) {
            throw new StateFormatException("not a sequence state of format version " + FORMAT_VERSION_WITHOUT_HISTORY
                    + " or " + FORMAT_VERSION);
        }
        return ByteBuffer.wrap(bytes, LAST_SEEN_OFFSET, Long.BYTES).getLong();
    }

    /** Reads in place, as {@link #encode} writes; the state's floats go straight from the bytes into its arrays. */
    public static SequenceState decode(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            int version = in.get();
            if (!readable(version)) {
                throw new StateFormatException("sequence state format version " + version + " is not "
                        + FORMAT_VERSION_WITHOUT_HISTORY + " or " + FORMAT_VERSION);
            }
            int position = in.getInt();
            long lastSeen = in.getLong();
            boolean anomalous = in.get() != 0;
            int pendingCount = in.getInt();
            SequenceState.Pending[] pending = new SequenceState.Pending[pendingCount];
            for (int i = 0; i < pendingCount; i++) {
                String token = getUtf(in);
                pending[i] = new SequenceState.Pending(token, in.get() != 0 ? getUtf(in) : null);
            }
            int predictionLength = in.getInt();
            float[] prediction = predictionLength < 0 ? null : new float[predictionLength];
            for (int i = 0; i < predictionLength; i++) {
                prediction[i] = in.getFloat();
            }
            SequenceState state = new SequenceState(StateCodec.decodeFrom(in, in.getInt()));
            state.position = position;
            state.lastSeenMs = lastSeen;
            state.anomalous = anomalous;
            state.prediction = prediction;
            for (SequenceState.Pending p : pending) {
                state.pending.addLast(p);
            }
            int historyCount = version == FORMAT_VERSION ? in.getInt() : 0;
            for (int i = 0; i < historyCount; i++) {
                state.history.addLast(getUtf(in));
            }
            return state;
        } catch (IOException | RuntimeException e) {
            throw StateCodec.corrupt("sequence state", bytes.length, e);
        }
    }

    private static boolean readable(int version) {
        return version == FORMAT_VERSION || version == FORMAT_VERSION_WITHOUT_HISTORY;
    }
}
