package io.lstmstreams.training;

/**
 * What one epoch achieved.
 *
 * @param epoch              1-based
 * @param trainLoss          mean loss per labelled step over the epoch's mini-batches (dropout on, before each update)
 * @param validationLoss     mean loss per labelled validation step after the epoch
 * @param validationAccuracy share of labelled validation steps whose arg-max class is right; NaN for regression
 * @param seconds            wall time of the epoch, validation included
 * @param best               whether this epoch has the lowest validation loss so far (its parameters are kept)
 */
public record EpochReport(int epoch, double trainLoss, double validationLoss, double validationAccuracy,
                          double seconds, boolean best) {
}
