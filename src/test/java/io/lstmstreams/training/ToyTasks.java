package io.lstmstreams.training;

import io.lstmstreams.model.CellType;
import io.lstmstreams.model.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small synthetic sequence tasks a tiny recurrent network learns in seconds. */
final class ToyTasks {

    static final int SYMBOLS = 6;

    private ToyTasks() {
    }

    /** Two slots: a symbol and a switch; the target is the previous symbol when the switch is on, else the current one. */
    static ModelSpec switchedCopySpec(double dropout) {
        return switchedCopySpec(CellType.LSTM, dropout);
    }

    static ModelSpec switchedCopySpec(CellType cell, double dropout) {
        return new ModelSpec(ModelSpec.InputSpec.tokens(List.of(
                new ModelSpec.TokenSlot("symbol", SYMBOLS, 8), new ModelSpec.TokenSlot("switch", 2, 2))),
                cell, 24, 1, dropout, ModelSpec.HeadSpec.softmax(SYMBOLS));
    }

    static List<TrainingSequence> switchedCopy(int count, long seed) {
        Random random = new Random(seed);
        List<TrainingSequence> sequences = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            int length = 4 + random.nextInt(9);
            int[] symbols = new int[length];
            int[] switches = new int[length];
            int[] targets = new int[length];
            for (int t = 0; t < length; t++) {
                symbols[t] = random.nextInt(SYMBOLS);
                switches[t] = random.nextInt(2);
                targets[t] = switches[t] == 0 ? symbols[t] : t == 0 ? TokenSequence.NO_TARGET : symbols[t - 1];
            }
            sequences.add(new TokenSequence(new int[][] {symbols, switches}, targets));
        }
        return sequences;
    }

    /** Sequences whose targets are noise: nothing generalises, so validation loss rises as soon as it memorises. */
    static List<TrainingSequence> noise(int count, long seed) {
        Random random = new Random(seed);
        List<TrainingSequence> sequences = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            int[] symbols = random.ints(8, 0, SYMBOLS).toArray();
            int[] switches = random.ints(8, 0, 2).toArray();
            sequences.add(new TokenSequence(new int[][] {symbols, switches}, random.ints(8, 0, SYMBOLS).toArray()));
        }
        return sequences;
    }

    static ModelSpec sineSpec() {
        return new ModelSpec(ModelSpec.InputSpec.features(1), CellType.LSTM, 16, 1, 0, ModelSpec.HeadSpec.regression(1));
    }

    /** Sine waves of random frequency and phase; the target is the next value (unknown at the last step). */
    static List<TrainingSequence> sineNextValue(int count, long seed) {
        Random random = new Random(seed);
        List<TrainingSequence> sequences = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            int length = 10 + random.nextInt(21);
            double frequency = 0.2 + 0.3 * random.nextDouble();
            double phase = 2 * Math.PI * random.nextDouble();
            float[][] features = new float[length][1];
            float[][] targets = new float[length][1];
            for (int t = 0; t < length; t++) {
                features[t][0] = (float) Math.sin(frequency * t + phase);
                targets[t][0] = t == length - 1 ? Float.NaN : (float) Math.sin(frequency * (t + 1) + phase);
            }
            sequences.add(new NumericSequence(features, targets));
        }
        return sequences;
    }
}
