package io.lstmstreams.training;

/**
 * A network's quality on held-out sequences, over labelled steps only.
 *
 * @param loss     mean cross-entropy (softmax) or mean squared error averaged over outputs (regression)
 * @param accuracy share of steps whose arg-max class is the target; NaN for regression
 * @param steps    number of labelled steps scored
 */
public record ValidationScore(double loss, double accuracy, long steps) {
}
