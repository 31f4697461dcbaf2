package io.lstmstreams.tagging;

import io.lstmstreams.model.StateCodec;
import io.lstmstreams.model.StateFormatException;
import io.lstmstreams.state.RecurrentStateStore;
import java.nio.ByteBuffer;

/**
 * The bytes of a {@link SequenceState} in the state store (and its changelog). Format version 2: version byte,
 * position, last-seen time, anomalous flag, pending tokens, last prediction, the recurrent state in
 * {@link StateCodec}'s own versioned format, then the remembered inputs (count, then each). Version 1 is the same
 * without the inputs; it is still read (with no inputs to rebuild from), so stores written before stay usable.
 * Java's data streams are enough here: a few hundred bytes a key.
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

    public static byte[] encode(SequenceState state) {
        return StateCodec.write(640, out -> {
            out.writeByte(FORMAT_VERSION);
            out.writeInt(state.position);
            out.writeLong(state.lastSeenMs);
            out.writeBoolean(state.anomalous);
            out.writeInt(state.pending.size());
            for (SequenceState.Pending pending : state.pending) {
                out.writeUTF(pending.token());
                out.writeBoolean(pending.gold() != null);
                if (pending.gold() != null) {
                    out.writeUTF(pending.gold());
                }
            }
            float[] prediction = state.prediction;
            out.writeInt(prediction == null ? -1 : prediction.length);
            if (prediction != null) {
                for (float p : prediction) {
                    out.writeFloat(p);
                }
            }
            StateCodec.writeEmbedded(out, state.recurrent);
            out.writeInt(state.history.size());
            for (String input : state.history) {
                out.writeUTF(input);
            }
        });
    }

    /** The last-seen time alone, read in place: expiry scans every key and needs nothing else. */
    public static long lastSeenMs(byte[] bytes) {
        if (bytes.length < LAST_SEEN_OFFSET + Long.BYTES || !readable(bytes[0])) {
            throw new StateFormatException("not a sequence state of format version " + FORMAT_VERSION_WITHOUT_HISTORY
                    + " or " + FORMAT_VERSION);
        }
        return ByteBuffer.wrap(bytes, LAST_SEEN_OFFSET, Long.BYTES).getLong();
    }

    public static SequenceState decode(byte[] bytes) {
        return StateCodec.read("sequence state", bytes, in -> {
            int version = in.readByte();
            if (!readable(version)) {
                throw new StateFormatException("sequence state format version " + version + " is not "
                        + FORMAT_VERSION_WITHOUT_HISTORY + " or " + FORMAT_VERSION);
            }
            int position = in.readInt();
            long lastSeen = in.readLong();
            boolean anomalous = in.readBoolean();
            int pendingCount = in.readInt();
            SequenceState.Pending[] pending = new SequenceState.Pending[pendingCount];
            for (int i = 0; i < pendingCount; i++) {
                String token = in.readUTF();
                pending[i] = new SequenceState.Pending(token, in.readBoolean() ? in.readUTF() : null);
            }
            int predictionLength = in.readInt();
            float[] prediction = predictionLength < 0 ? null : new float[predictionLength];
            for (int i = 0; i < predictionLength; i++) {
                prediction[i] = in.readFloat();
            }
            SequenceState state = new SequenceState(StateCodec.readEmbedded(in));
            state.position = position;
            state.lastSeenMs = lastSeen;
            state.anomalous = anomalous;
            state.prediction = prediction;
            for (SequenceState.Pending p : pending) {
                state.pending.addLast(p);
            }
            int historyCount = version == FORMAT_VERSION ? in.readInt() : 0;
            for (int i = 0; i < historyCount; i++) {
                state.history.addLast(in.readUTF());
            }
            return state;
        });
    }

    private static boolean readable(int version) {
        return version == FORMAT_VERSION || version == FORMAT_VERSION_WITHOUT_HISTORY;
    }
}
