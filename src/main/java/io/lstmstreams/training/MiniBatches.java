package io.lstmstreams.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Groups sequences of similar length into mini-batches, so a batch is padded only to its own longest
 * sequence: sort by length (ties in random order), cut into batches, shuffle the batches.
 */
public final class MiniBatches {

    private MiniBatches() {
    }

    /** Indices into {@code sequences}, one array per mini-batch; every index appears exactly once. */
    public static List<int[]> plan(List<? extends TrainingSequence> sequences, int batchSize, Random random) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        List<Integer> order = new ArrayList<>(IntStream.range(0, sequences.size()).boxed().toList());
        Collections.shuffle(order, random); // the sort is stable: equal lengths keep this random order
        order.sort(Comparator.comparingInt(index -> sequences.get(index).length()));
        int[] sorted = order.stream().mapToInt(Integer::intValue).toArray();

        List<int[]> batches = new ArrayList<>();
        for (int start = 0; start < sorted.length; start += batchSize) {
            batches.add(Arrays.copyOfRange(sorted, start, Math.min(sorted.length, start + batchSize)));
        }
        Collections.shuffle(batches, random);
        return batches;
    }
}
