package io.lstmstreams.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lstmstreams.wire.AnomalyVerdict;
import io.lstmstreams.wire.TagRecord;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DemoStateTest {

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final DemoState state = new DemoState(List.of("pos", "logkeys"), Duration.ofSeconds(60), clock::get);

    @Test
    void accuracyCountsOnlyTagsWithGold() {
        state.tagged("pos", tag("s-1", 0, "The", "DET", "DET"), 10);
        state.tagged("pos", tag("s-1", 1, "dog", "VERB", "NOUN"), 10);
        state.tagged("pos", tag("s-1", 2, "barks", "VERB", "VERB"), 10);
        state.tagged("pos", tag("s-1", 3, "!", "PUNCT", null), 10);

        DemoSnapshot snapshot = state.snapshot();

        assertThat(snapshot.tags()).isEqualTo(4);
        assertThat(snapshot.uposAccuracy()).isEqualTo(2.0 / 3);
    }

    @Test
    void accuracyIsNaNBeforeAnyGoldTag() {
        assertThat(state.snapshot().uposAccuracy()).isNaN();
    }

    @Test
    void p99IsTheLatencyNinetyNinePercentAreAtOrBelow() {
        for (int millis = 1; millis <= 200; millis++) {
            state.tagged("pos", tag("s-" + millis, 0, "x", "X", "X"), millis);
        }

        assertThat(state.snapshot().p99Millis()).isEqualTo(198);
        assertThat(state.snapshot().pipelines().get(0).p99Millis()).isEqualTo(198);
        assertThat(state.snapshot().pipelines().get(1).p99Millis()).isNaN();
    }

    @Test
    void latencyBeyondAMinuteCountsAsAMinute() {
        state.judged("logkeys", verdict("s", 0, false, null, false), 3_600_000);

        assertThat(state.snapshot().p99Millis()).isEqualTo(LatencyHistogram.MAX_MILLIS);
    }

    @Test
    void anomaliesAreVerdictsFlaggedAnomalousAndRecentOnesComeFirst() {
        state.judged("logkeys", verdict("hdfs-normal-1", 0, false, null, false), 5);
        state.judged("logkeys", verdict("hdfs-normal-1", 1, true, null, true), 5);
        state.judged("logkeys", verdict("synthetic-anomaly-1-unseen-key", 0, true, null, true), 5);

        DemoSnapshot snapshot = state.snapshot();

        assertThat(snapshot.verdicts()).isEqualTo(3);
        assertThat(snapshot.anomalies()).isEqualTo(2);
        assertThat(snapshot.anomalyRate()).isEqualTo(2.0 / 3);
        assertThat(snapshot.recentAnomalies()).extracting(AnomalyVerdict::session)
                .containsExactly("synthetic-anomaly-1-unseen-key", "hdfs-normal-1");
    }

    @Test
    void sessionsAreCountedAtTheirLastEventBySyntheticOrNormal() {
        state.judged("logkeys", verdict("hdfs-normal-1", 0, false, 0.4, false), 5);
        state.judged("logkeys", verdict("hdfs-normal-2", 0, true, 0.9, true), 5);
        state.judged("logkeys", verdict("synthetic-anomaly-1-cut-short", 0, false, 1e-6, true), 5);
        state.judged("logkeys", verdict("synthetic-anomaly-2-unseen-key", 0, false, null, false), 5);

        assertThat(state.snapshot().sessions()).isEqualTo(new DemoSnapshot.Sessions(1, 1, 2, 1));
    }

    @Test
    void latestSentencesComeFirstWithTheirTokensInOrderAndOnlyTheMostRecentAreKept() {
        for (int sentence = 1; sentence <= DemoState.RECENT_SENTENCES + 2; sentence++) {
            state.tagged("pos", tag("s-" + sentence, 0, "Hello", "INTJ", "INTJ"), 1);
            state.tagged("pos", tag("s-" + sentence, 1, "there", "ADV", "ADV"), 1);
        }

        List<DemoSnapshot.TaggedSentence> sentences = state.snapshot().sentences();

        assertThat(sentences).hasSize(DemoState.RECENT_SENTENCES);
        assertThat(sentences.get(0).id()).isEqualTo("s-" + (DemoState.RECENT_SENTENCES + 2));
        assertThat(sentences.get(0).tokens()).extracting(DemoSnapshot.TaggedToken::token).containsExactly("Hello", "there");
    }

    @Test
    void ratesAreMeansOverTheLastWholeSeconds() {
        state.startClock();
        for (int second = 0; second < Throughput.WINDOW_SECONDS; second++) {
            state.sent("pos", 30);
            clock.addAndGet(1000);
        }

        DemoSnapshot snapshot = state.snapshot();

        assertThat(snapshot.pipelines().get(0).sentPerSecond()).isEqualTo(30.0);
        assertThat(snapshot.events()).isEqualTo(30L * Throughput.WINDOW_SECONDS);
        assertThat(snapshot.elapsedSeconds()).isEqualTo(Throughput.WINDOW_SECONDS);
    }

    @Test
    void deadLettersAreCountedPerPipelineAndInTotal() {
        state.deadLettered("pos");
        state.deadLettered("logkeys");
        state.deadLettered("logkeys");

        DemoSnapshot snapshot = state.snapshot();

        assertThat(snapshot.deadLetters()).isEqualTo(3);
        assertThat(snapshot.pipelines()).extracting(DemoSnapshot.PipelineView::deadLetters).containsExactly(1L, 2L);
    }

    @Test
    void modelVersionIsTheLatestOutputs() {
        state.tagged("pos", new TagRecord(1, "s", 0, "a", "DET", 0.9, "DET", 7), 1);

        assertThat(state.snapshot().pipelines().get(0).modelVersion()).isEqualTo(7);
    }

    @Test
    void unknownPipelineIsRefused() {
        assertThatThrownBy(() -> state.sent("forecast", 1)).hasMessageContaining("unknown pipeline 'forecast'");
    }

    private static TagRecord tag(String sequence, int position, String token, String tag, String gold) {
        return new TagRecord(TagRecord.FORMAT_VERSION, sequence, position, token, tag, 0.8, gold, 1);
    }

    private static AnomalyVerdict verdict(String session, int position, boolean anomalous, Double endProbability,
                                          boolean sessionAnomalous) {
        return new AnomalyVerdict(AnomalyVerdict.FORMAT_VERSION, session, position, "5", anomalous ? 20 : 1, endProbability,
                anomalous, sessionAnomalous, 1);
    }

    @Test
    void onlyPointersTheRetrainerWroteCountAsPromotions() {
        state.modelPointer("pos", 1, "configured bundle pos.model (demo)");
        state.modelPointer("pos", 2, "retrained from 1 on 300 examples: held-apart score 0.85 -> 0.88");
        state.modelPointer("pos", 1, "rollback to 1");

        assertThat(state.snapshot().promotions()).isEqualTo(1);
        assertThat(state.snapshot().latestPromotion()).startsWith("pos v2: retrained from 1");
    }
}
