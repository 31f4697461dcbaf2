package io.lstmstreams.training;

import java.util.Objects;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * How to train: optimiser, step size, clipping, batching, early stopping, seed. Dropout belongs to the
 * {@link io.lstmstreams.model.ModelSpec}, since it is part of the network's configuration.
 *
 * @param gradientClip       L2 norm each layer's gradient is clipped to; 0 disables clipping
 * @param maxEpochs          upper bound on passes over the training data
 * @param patience           epochs without a lower validation loss before training stops
 * @param validationFraction share of the sequences held out for validation when no validation set is given;
 *                           0 means one must be given
 * @param seed               drives weight init, dropout, the validation split and the batch order
 */
public record TrainingConfig(Optimizer optimizer, double learningRate, double gradientClip, int batchSize,
                             int maxEpochs, int patience, double validationFraction, long seed) {

    public enum Optimizer {
        ADAM,
        SGD;

        IUpdater updater(double learningRate) {
            return this == ADAM ? new Adam(learningRate) : new Sgd(learningRate);
        }
    }

    public TrainingConfig {
        Objects.requireNonNull(optimizer, "optimizer");
        require(learningRate > 0 && Double.isFinite(learningRate), "learningRate must be positive, got " + learningRate);
        require(gradientClip >= 0 && Double.isFinite(gradientClip), "gradientClip must be >= 0, got " + gradientClip);
        require(batchSize > 0, "batchSize must be positive, got " + batchSize);
        require(maxEpochs > 0, "maxEpochs must be positive, got " + maxEpochs);
        require(patience > 0, "patience must be positive, got " + patience);
        require(validationFraction >= 0 && validationFraction < 1,
                "validationFraction must be in [0, 1), got " + validationFraction);
    }

    /** Adam 2e-3, clip 1.0, batches of 32, up to 30 epochs, patience 3, 10% validation, seed 42. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(Optimizer.ADAM, 2e-3, 1.0, 32, 30, 3, 0.1, 42);
    }

    /** The same training with another seed. */
    public TrainingConfig withSeed(long other) {
        return new TrainingConfig(optimizer, learningRate, gradientClip, batchSize, maxEpochs, patience, validationFraction,
                other);
    }

    IUpdater updater() {
        return optimizer.updater(learningRate);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
