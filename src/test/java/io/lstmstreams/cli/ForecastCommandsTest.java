package io.lstmstreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastCommandsTest {

    private static String fixture() throws Exception {
        return Path.of(ForecastCommandsTest.class.getResource("/forecasting/monthly48.csv").toURI()).toString();
    }

    @Test
    void trainThenEvalPrintsATablePerHorizonAndTheOneStepFiguresLast(@TempDir Path dir) throws Exception {
        Path bundle = dir.resolve("forecast.bundle");

        CapturedCli train = CapturedCli.run("train", "forecast", "--data", fixture(), "--out", bundle.toString(),
                "--horizon", "2", "--epochs", "1");
        assertThat(train.exitCode()).as(train.err()).isZero();

        CapturedCli eval = CapturedCli.run("eval", "forecast", "--data", fixture(), "--model", bundle.toString(),
                "--horizon", "2", "--retrain-every", "100");
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        String[] lines = eval.out().strip().split("\n");
        assertThat(lines[0]).startsWith("k n mae smape mase");
        assertThat(lines[1]).startsWith("1 22 ");  // 48 windows, trained after 24, scored from 26
        assertThat(lines[2]).startsWith("2 22 ");
        assertThat(lines[lines.length - 1])
                .matches("mase=[0-9.]+ smape=[0-9.]+ mae=[0-9.]+ mase_seasonal_naive=1.0 mase_holt_winters=[0-9.]+"
                        + " coverage80=[0-9.]+ coverage80_h1=[0-9.]+ coverage95=[0-9.]+ coverage95_h1=[0-9.]+");
    }

    @Test
    void evalRefusesABundleOfAnotherHorizon(@TempDir Path dir) throws Exception {
        Path bundle = dir.resolve("forecast.bundle");
        CapturedCli.run("train", "forecast", "--data", fixture(), "--out", bundle.toString(), "--horizon", "2", "--epochs", "1");

        CapturedCli eval = CapturedCli.run("eval", "forecast", "--data", fixture(), "--model", bundle.toString());

        assertThat(eval.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(eval.err()).contains("forecasts 2 windows ahead, not --horizon 12");
    }
}
