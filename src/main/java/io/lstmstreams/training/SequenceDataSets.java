package io.lstmstreams.training;

import io.lstmstreams.model.ModelSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns a mini-batch of sequences into the arrays a network built by {@link io.lstmstreams.model.Networks}
 * reads: one input per token slot ([batch, T] of ids as floats) or one features input ([batch, F, T]), labels
 * [batch, outputs, T] (one-hot for softmax), all padded to the longest sequence. Feature masks mark real steps;
 * label masks mark steps with a target, so padding and unlabelled steps add nothing to the loss. Training
 * batches may replace ids by the slot's unknown one ({@link ModelSpec.TokenSlot#unknownDropout()}).
 */
public final class SequenceDataSets {

    private SequenceDataSets() {
    }

    public static MultiDataSet of(ModelSpec spec, List<? extends TrainingSequence> batch) {
        return of(spec, batch, null);
    }

    /**
     * A training batch: as {@link #of(ModelSpec, List)}, with each slot's {@code unknownDropout} applied when
     * {@code dropout} is given.
     */
    public static MultiDataSet of(ModelSpec spec, List<? extends TrainingSequence> batch, Random dropout) {
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("empty batch");
        }
        int size = batch.size();
        int steps = batch.stream().mapToInt(TrainingSequence::length).max().orElseThrow();
        int outputs = spec.head().outputs();
        float[] stepMask = new float[size * steps];
        float[] labelMask = new float[size * steps];
        float[] labels = new float[size * outputs * steps];
        for (int b = 0; b < size; b++) {
            TrainingSequence sequence = batch.get(b);
            for (int t = 0; t < sequence.length(); t++) {
                stepMask[b * steps + t] = 1;
                if (sequence.hasTarget(t)) {
                    labelMask[b * steps + t] = 1;
                }
            }
        }

        INDArray[] features = spec.input().isTokens()
                ? tokenInputs(spec, batch, steps, labels, dropout)
                : new INDArray[] {numericInput(spec, batch, steps, labels)};
        INDArray mask = Nd4j.create(stepMask, new long[] {size, steps}, 'c');
        INDArray[] featureMasks = new INDArray[features.length];
        Arrays.fill(featureMasks, mask);
        return new org.nd4j.linalg.dataset.MultiDataSet(features,
                new INDArray[] {Nd4j.create(labels, new long[] {size, outputs, steps}, 'c')},
                featureMasks,
                new INDArray[] {Nd4j.create(labelMask, new long[] {size, steps}, 'c')});
    }

    /** Fills one-hot {@code labels} and returns one [batch, T] id array per slot. */
    private static INDArray[] tokenInputs(ModelSpec spec, List<? extends TrainingSequence> batch, int steps,
                                          float[] labels, Random dropout) {
        List<ModelSpec.TokenSlot> slots = spec.input().slots();
        int classes = spec.head().outputs();
        float[][] ids = new float[slots.size()][batch.size() * steps];
        for (int b = 0; b < batch.size(); b++) {
            if (!(batch.get(b) instanceof TokenSequence sequence) || spec.head().kind() != ModelSpec.HeadSpec.HeadKind.SOFTMAX) {
                throw new IllegalArgumentException("token input with a softmax head needs TokenSequences, got "
                        + batch.get(b).getClass().getSimpleName() + " for a " + spec.head().kind() + " head");
            }
            if (sequence.ids().length != slots.size()) {
                throw new IllegalArgumentException("spec has " + slots.size() + " slots, sequence has " + sequence.ids().length);
            }
            for (int t = 0; t < sequence.length(); t++) {
                for (int s = 0; s < slots.size(); s++) {
                    int id = sequence.ids()[s][t];
                    if (id < 0 || id >= slots.get(s).vocabularySize()) {
                        throw new IllegalArgumentException("id " + id + " outside slot " + slots.get(s).name()
                                + "'s vocabulary of " + slots.get(s).vocabularySize());
                    }
                    double unknownDropout = slots.get(s).unknownDropout();
                    if (dropout != null && unknownDropout > 0 && id > ModelSpec.TokenSlot.UNKNOWN_ID
                            && dropout.nextDouble() < unknownDropout) {
                        id = ModelSpec.TokenSlot.UNKNOWN_ID;
                    }
                    ids[s][b * steps + t] = id;
                }
                int target = sequence.targets()[t];
                if (target < TokenSequence.NO_TARGET || target >= classes) {
                    throw new IllegalArgumentException("target " + target + " outside [0, " + classes + ")");
                }
                if (target != TokenSequence.NO_TARGET) {
                    labels[(b * classes + target) * steps + t] = 1;
                }
            }
        }
        INDArray[] inputs = new INDArray[slots.size()];
        for (int s = 0; s < inputs.length; s++) {
            inputs[s] = Nd4j.create(ids[s], new long[] {batch.size(), steps}, 'c');
        }
        return inputs;
    }

    /**
     * Fills {@code labels} with the targets (0 where there is none; one-hot ones for a softmax head, as row-by-row
     * MNIST's last step has) and returns the [batch, F, T] features.
     */
    private static INDArray numericInput(ModelSpec spec, List<? extends TrainingSequence> batch, int steps,
                                         float[] labels) {
        int width = spec.input().features();
        int outputs = spec.head().outputs();
        float[] features = new float[batch.size() * width * steps];
        for (int b = 0; b < batch.size(); b++) {
            if (!(batch.get(b) instanceof NumericSequence sequence)) {
                throw new IllegalArgumentException("numeric input needs NumericSequences, got "
                        + batch.get(b).getClass().getSimpleName());
            }
            for (int t = 0; t < sequence.length(); t++) {
                float[] step = sequence.features()[t];
                float[] target = sequence.targets()[t];
                if (step.length != width || target.length != outputs) {
                    throw new IllegalArgumentException("step " + t + " has " + step.length + " features and "
                            + target.length + " targets, spec wants " + width + " and " + outputs);
                }
                for (int f = 0; f < width; f++) {
                    features[(b * width + f) * steps + t] = step[f];
                }
                if (sequence.hasTarget(t)) {
                    for (int o = 0; o < outputs; o++) {
                        labels[(b * outputs + o) * steps + t] = target[o];
                    }
                }
            }
        }
        return Nd4j.create(features, new long[] {batch.size(), width, steps}, 'c');
    }
}
