package io.lstmstreams.forecast;

import io.lstmstreams.wire.ForecastMessage;

/**
 * Accumulated errors of one horizon step over the scored windows: the forecaster's MAE and sMAPE, and the MAE of
 * seasonal naive and Holt-Winters on exactly the same windows. MASE is the MAE over seasonal naive's MAE, so
 * seasonal naive scores 1.0 by construction. Mutable while accumulating.
 */
final class HorizonErrors {

    private final int horizon;
    private long count;
    private double absolute;
    private double percentage;
    private double seasonalNaiveAbsolute;
    private double holtWintersAbsolute;

    public HorizonErrors(int horizon) {
        this.horizon = horizon;
    }

    public void add(ForecastMessage.Error score) {
        if (score.horizon() != horizon) {
            throw new IllegalArgumentException("score of horizon " + score.horizon() + " added to horizon " + horizon);
        }
        count++;
        absolute += score.absError();
        percentage += score.symmetricPercentageError();
        seasonalNaiveAbsolute += Math.abs(score.seasonalNaive() - score.actual());
        holtWintersAbsolute += Math.abs(score.holtWinters() - score.actual());
    }

    public int horizon() {
        return horizon;
    }

    public long count() {
        return count;
    }

    public double mae() {
        return absolute / count;
    }

    /** Mean sMAPE in percent. */
    public double smape() {
        return percentage / count;
    }

    public double mase() {
        return absolute / seasonalNaiveAbsolute;
    }

    public double seasonalNaiveMae() {
        return seasonalNaiveAbsolute / count;
    }

    public double holtWintersMae() {
        return holtWintersAbsolute / count;
    }

    public double holtWintersMase() {
        return holtWintersAbsolute / seasonalNaiveAbsolute;
    }
}
