package io.lstmstreams.retrain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The labelled examples a task retrains from: at most {@code capacity}, none older than {@code maxAge} (by the
 * newest example's time), and a uniform sample of what arrived in that window (reservoir sampling), so a burst of
 * one kind of data cannot crowd out the rest. Examples are split for good into training and held-apart validation
 * by a hash of their id, so a validation example is never trained on, across runs and restarts. Thread-safe.
 */
public final class LabelBuffer<E> {

    /** One labelled example: a whole sequence with its gold labels. */
    public record Example<E>(String id, E value, long timeMs) {
    }

    /** The buffer's content at one moment, split. */
    public record Split<E>(List<Example<E>> training, List<Example<E>> validation) {
    }

    private final int capacity;
    private final Duration maxAge;
    private final int heldApartPercent;
    private final Random random;
    private final List<Example<E>> kept = new ArrayList<>();
    /** Examples offered within the window: the reservoir keeps each with probability capacity / offered. */
    private double offered;
    private long newSinceTaken;

    public LabelBuffer(int capacity, Duration maxAge, int heldApartPercent, long seed) {
        if (capacity <= 0 || heldApartPercent <= 0 || heldApartPercent >= 100) {
            throw new IllegalArgumentException("capacity must be positive and heldApartPercent in 1..99, got "
                    + capacity + " and " + heldApartPercent);
        }
        this.capacity = capacity;
        this.maxAge = maxAge;
        this.heldApartPercent = heldApartPercent;
        this.random = new Random(seed);
    }

    public synchronized void add(Example<E> example) {
        evictOlderThan(example.timeMs() - maxAge.toMillis());
        offered++;
        newSinceTaken++;
        if (kept.size() < capacity) {
            kept.add(example);
        } else {
            long slot = (long) (random.nextDouble() * offered);
            if (slot < capacity) {
                kept.set((int) slot, example);
            }
        }
    }

    public synchronized int size() {
        return kept.size();
    }

    /** How many examples arrived since the last call (or since creation), resetting the count. */
    public synchronized long takeNewCount() {
        long count = newSinceTaken;
        newSinceTaken = 0;
        return count;
    }

    public synchronized long newCount() {
        return newSinceTaken;
    }

    public synchronized Split<E> split() {
        List<Example<E>> training = new ArrayList<>();
        List<Example<E>> validation = new ArrayList<>();
        kept.forEach(example -> (isHeldApart(example.id()) ? validation : training).add(example));
        return new Split<>(training, validation);
    }

    boolean isHeldApart(String id) {
        int mixed = id.hashCode() * 0x9E3779B9; // spreads ids that differ in their last characters only
        return Math.floorMod(mixed >>> 7, 100) < heldApartPercent;
    }

    /** Drops expired examples; the window they leave is sampled at the same rate as before. */
    private void evictOlderThan(long cutoffMs) {
        int before = kept.size();
        kept.removeIf(example -> example.timeMs() < cutoffMs);
        if (kept.size() < before) {
            offered = Math.max(kept.size(), offered * kept.size() / before);
        }
    }
}
