package io.lstmstreams.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The collector's stop-the-world pauses in this JVM while it is open, from the JVM's own GC notifications: what a
 * latency phase's tail can be set against (the broker, the stream threads and the measuring clients share the JVM,
 * so one pause delays every record in flight). Concurrent cycles are not pauses and are not counted.
 */
final class GcPauses implements AutoCloseable {

    /** Pause count, their total and the longest, in ms. */
    record Figures(int pauses, long totalMs, long maxMs) {
    }

    private final AtomicInteger pauses = new AtomicInteger();
    private final AtomicLong totalMs = new AtomicLong();
    private final AtomicLong maxMs = new AtomicLong();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onNotification;

    GcPauses() {
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (bean instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
    }

    Figures figures() {
        return new Figures(pauses.get(), totalMs.get(), maxMs.get());
    }

    private void onNotification(Notification notification, Object handback) {
        if (!notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        if (info.getGcName().endsWith("Cycles")) { // ZGC's and Shenandoah's concurrent cycles; their pauses have a bean of their own
            return;
        }
        long ms = info.getGcInfo().getDuration();
        pauses.incrementAndGet();
        totalMs.addAndGet(ms);
        maxMs.accumulateAndGet(ms, Math::max);
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // not registered: nothing to remove
            }
        }
    }
}
