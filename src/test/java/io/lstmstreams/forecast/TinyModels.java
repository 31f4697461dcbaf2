package io.lstmstreams.forecast;

import io.lstmstreams.model.CellType;
import io.lstmstreams.training.TrainingConfig;
import java.time.Duration;
import java.util.List;

/** Small, fast forecasting settings for tests: an LSTM of 4 trained for at most 2 epochs. */
final class TinyModels {

    static final int HORIZON = 3;

    private TinyModels() {
    }

    static ForecastTask.Options options() {
        return new ForecastTask.Options(HORIZON, CellType.LSTM, 4, 1, 0.0, new TrainingConfig(TrainingConfig.Optimizer.ADAM, 1e-2, 1.0, 8, 2, 1, 0.2, 7));
    }

    static ForecastModel untrained() {
        return ForecastTraining.untrained(options());
    }

    /** Version 1: the untrained model trained further on a seasonal series. */
    static ForecastModel retrained() {
        return ForecastTraining.retrain(untrained(), List.of(new ForecastTraining.Input(seasonal(40), 4)), options(),
                report -> { });
    }

    /** The settings with points of any age accepted: the tests' series are stamped in 1970 or 2023. */
    static ForecastSettings anyPast(ForecastSettings settings) {
        return settings.withTolerances(settings.futureTolerance(), Duration.ofDays(36_500));
    }

    /** A seasonal series with a trend: {@code 100 + t + 10 sin(2 pi t / 4)}. */
    static double[] seasonal(int length) {
        double[] values = new double[length];
        for (int t = 0; t < length; t++) {
            values[t] = 100 + t + 10 * Math.sin(2 * Math.PI * t / 4);
        }
        return values;
    }
}
