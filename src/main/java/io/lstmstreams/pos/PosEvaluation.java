package io.lstmstreams.pos;

import io.lstmstreams.data.Sentence;
import io.lstmstreams.tagging.OfflineRun;
import io.lstmstreams.wire.TagRecord;
import io.lstmstreams.wire.TokenEvent;
import java.util.ArrayList;
import java.util.List;

/** Tags sentences offline through the streaming tagger and scores the tags against the gold ones. */
final class PosEvaluation {

    /** Every tag in sentence order, and the share that equals the gold tag. */
    public record Result(List<TagRecord> tags, long correct, double accuracy) {
    }

    private PosEvaluation() {
    }

    /** The events of a sentence as they are replayed: one per word, with its gold tag, the last one ending it. */
    public static List<TokenEvent> events(Sentence sentence) {
        List<TokenEvent> events = new ArrayList<>(sentence.length());
        for (int i = 0; i < sentence.length(); i++) {
            events.add(TokenEvent.of(sentence.words().get(i), sentence.tags().get(i), i == sentence.length() - 1));
        }
        return events;
    }

    public static Result evaluate(PosModel model, List<Sentence> sentences) {
        PosTagger tagger = model.newTagger();
        List<TagRecord> tags = new ArrayList<>();
        long correct = 0;
        for (Sentence sentence : sentences) {
            for (TagRecord tag : OfflineRun.run(tagger, sentence.id(), events(sentence))) {
                tags.add(tag);
                if (tag.tag().equals(tag.gold())) {
                    correct++;
                }
            }
        }
        return new Result(tags, correct, tags.isEmpty() ? Double.NaN : (double) correct / tags.size());
    }
}
