package io.lstmstreams.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GcPausesTest {

    /** A full collection (what System.gc() is under the default collector) stops the world and is counted, once open only. */
    @Test
    void aCollectionWhileOpenIsCountedAndNoneAfterClosing() throws InterruptedException {
        GcPauses.Figures counted;
        try (GcPauses pauses = new GcPauses()) {
            System.gc();
            counted = awaitAPause(pauses);
            assertThat(counted.pauses()).isPositive();
            assertThat(counted.maxMs()).isBetween(0L, counted.totalMs());
            GcPauses.Figures before = pauses.figures();
            pauses.close();
            System.gc();
            Thread.sleep(500); // notifications come on the JVM's own thread: give a late one time to arrive
            assertThat(pauses.figures()).isEqualTo(before);
        }
    }

    private static GcPauses.Figures awaitAPause(GcPauses pauses) throws InterruptedException {
        for (int tries = 0; tries < 100 && pauses.figures().pauses() == 0; tries++) {
            Thread.sleep(50);
        }
        return pauses.figures();
    }
}
