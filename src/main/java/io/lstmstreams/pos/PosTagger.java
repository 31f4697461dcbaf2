package io.lstmstreams.pos;

import io.lstmstreams.tagging.LstmTagger;
import io.lstmstreams.tagging.SequenceState;
import io.lstmstreams.wire.TagRecord;
import io.lstmstreams.wire.TokenEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tags words as they arrive. With look-ahead k, the model was trained to emit the tag of token t at step
 * t+k, so each token's tag is released k tokens later (or at the end of the sentence, when k pad steps
 * flush the rest): k tokens of latency bought with accuracy.
 */
final class PosTagger extends LstmTagger<TagRecord> {

    /** Words whose ids are kept, at most: EWT's 25k-token dev set has about 5k distinct words. */
    static final int ENCODED_WORDS = 20_000;

    private final PosModel model;
    /** Each word's slot ids, worked out once (lower-casing, shape, dictionary look-up, nine affix hashes). */
    private final Map<String, int[]> encoded = new HashMap<>();
    private final int slots;
    private final int[] padIds;
    /** Where {@link #rebuild} puts outputs it does not read. */
    private final float[] unread;

    PosTagger(PosModel model) {
        super(PosTask.NAME, model.weights(), model.version(), model.steppers().get());
        this.model = model;
        this.slots = model.features().slots().size();
        this.padIds = new int[slots];
        model.features().encodePad(padIds);
        this.unread = new float[model.tags().size()];
    }

    /** The word, then at the end of the sentence k pad steps that flush the tags still waiting. */
    @Override
    public Steps<TagRecord> steps(String sequence, SequenceState state, TokenEvent event) {
        int[] word = encoded(event.token());
        state.pending.addLast(new SequenceState.Pending(event.token(), event.tag()));
        int first = state.position++;
        int total = event.end() ? model.lookahead() + 1 : 1;
        List<TagRecord> tags = new ArrayList<>(total);
        return new Steps<>() {
            private int taken;

            @Override
            public int[] nextInput() {
                return taken == total ? null : taken == 0 ? word : padIds;
            }

            @Override
            public void stepped(float[] output) {
                if (first + taken >= model.lookahead()) {
                    tags.add(release(sequence, state, output));
                }
                taken++;
            }

            @Override
            public List<TagRecord> outputs() {
                return tags;
            }
        };
    }

    /** A tag carries its token's gold tag, which came k tokens earlier with look-ahead k. */
    @Override
    public Boolean agreesWithGold(TagRecord tag, TokenEvent event) {
        return tag.gold() == null ? null : tag.gold().equals(tag.tag());
    }

    @Override
    public void rebuild(SequenceState state) {
        state.recurrent = zeroState();
        for (String token : state.history) {
            stepper.step(state.recurrent, encoded(token), unread);
        }
    }

    /** The word's slot ids; the table starts afresh when full, so a stream of ever new words cannot grow it. */
    private int[] encoded(String word) {
        int[] wordIds = encoded.get(word);
        if (wordIds == null) {
            if (encoded.size() >= ENCODED_WORDS) {
                encoded.clear();
            }
            wordIds = new int[slots];
            model.features().encode(word, wordIds);
            encoded.put(word, wordIds);
        }
        return wordIds;
    }

    /** The tag of the oldest waiting token, from the probabilities of the step just taken. */
    private TagRecord release(String sequence, SequenceState state, float[] probabilities) {
        int position = state.position - state.pending.size();
        SequenceState.Pending token = state.pending.removeFirst();
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return new TagRecord(TagRecord.FORMAT_VERSION, sequence, position, token.token(), model.tags().get(best),
                probabilities[best], token.gold(), model.version());
    }
}
