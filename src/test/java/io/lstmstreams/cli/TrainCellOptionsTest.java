package io.lstmstreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.model.CellType;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.model.ModelSpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code --cell}, {@code --layers}, {@code --hidden}, {@code --dropout} and {@code --validation} reach the bundle, and the bundle runs. */
class TrainCellOptionsTest {

    private static String series() throws Exception {
        return Path.of(TrainCellOptionsTest.class.getResource("/forecasting/monthly48.csv").toURI()).toString();
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void theCellAndSizeChosenAreRecordedInTheBundleWhichThenForecasts(CellType cell, @TempDir Path dir) throws Exception {
        Path bundle = dir.resolve("forecast.bundle");

        CapturedCli train = CapturedCli.run("train", "forecast", "--data", series(), "--out", bundle.toString(),
                "--horizon", "2", "--epochs", "1", "--cell", cell.label(), "--layers", "2", "--hidden", "6", "--dropout", "0.1");
        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(train.err()).contains("2 " + cell.name().replace('_', '-') + " layer(s) of 6");

        ModelSpec spec = ModelBundle.read(bundle).metadata().spec();
        assertThat(spec.cell()).isEqualTo(cell);
        assertThat(spec.layers()).isEqualTo(2);
        assertThat(spec.hiddenSize()).isEqualTo(6);
        assertThat(spec.dropout()).isEqualTo(0.1);
        CapturedCli eval = CapturedCli.run("eval", "forecast", "--data", series(), "--model", bundle.toString(),
                "--horizon", "2", "--retrain-every", "100");
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        assertThat(eval.out().strip()).containsPattern("mase=[0-9.]+ ");
    }

    @Test
    void aGruTaggerTrainsAndScoresItsDevSet(@TempDir Path dir) throws Exception {
        Path bundle = dir.resolve("pos.bundle");
        Path sentences = dir.resolve("sentences.conllu");
        // The first 60 sentences of EWT's dev set: enough for training batches of more than one sentence.
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                Files.newInputStream(Path.of("src/main/resources/data/ewt/en_ewt-ud-dev.conllu.gz"))), StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            int ended = 0;
            for (String line = in.readLine(); line != null && ended < 60; line = in.readLine()) {
                lines.add(line);
                ended += line.isBlank() ? 1 : 0;
            }
            Files.write(sentences, lines);
        }

        CapturedCli train = CapturedCli.run("train", "pos", "--data", sentences.toString(), "--dev", sentences.toString(),
                "--out", bundle.toString(), "--cell", "gru", "--hidden", "8", "--layers", "2", "--epochs", "2");

        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(train.out().strip()).matches("upos_accuracy=[0-9.]+");
    }

    @Test
    void trainLogkeysKeepsTheValidationShareGivenApartAndCalibratesOnIt(@TempDir Path dir) throws Exception {
        Path sessions = dir.resolve("sessions");
        StringBuilder lines = new StringBuilder();
        for (int session = 0; session < 100; session++) {
            lines.append("5 22 ").append(session % 3 == 0 ? "7 " : "").append("11 9\n");
        }
        Files.writeString(sessions, lines);

        CapturedCli train = CapturedCli.run("train", "logkeys", "--data", sessions.toString(), "--out",
                dir.resolve("lk.bundle").toString(), "--holdout", "0", "--validation", "0.3", "--epochs", "1",
                "--hidden", "4", "--layers", "1");

        assertThat(train.exitCode()).as(train.err()).isZero();
        // 30 of the 100 sessions: the default share (0.1) would calibrate on 10
        assertThat(train.err()).containsPattern("calibration=\\d+/30");
    }

    @Test
    void trainPosEnsembleMergesTaggersIntoOneThatScoresItsDevSetAndRefusesOtherTasks(@TempDir Path dir) throws Exception {
        Path first = dir.resolve("a.bundle");
        Path second = dir.resolve("b.bundle");
        PosFixtures.tinyModel(first);
        PosFixtures.tinyModel(second);
        Path merged = dir.resolve("ab.bundle");

        CapturedCli ensemble = CapturedCli.run("train", "pos-ensemble", "--out", merged.toString(), "--dev",
                PosFixtures.EWT_DEV.toString(), first.toString(), second.toString());

        assertThat(ensemble.exitCode()).as(ensemble.err()).isZero();
        assertThat(ensemble.out().strip()).matches("upos_accuracy=[0-9.]+");
        assertThat(ModelBundle.read(merged).metadata().spec().hiddenSize()).isEqualTo(2 * 16);
        Path logkeys = dir.resolve("lk.bundle");
        LogKeysFixtures.tinyModel(logkeys);
        CapturedCli refused = CapturedCli.run("train", "pos-ensemble", "--out", dir.resolve("x").toString(), first.toString(),
                logkeys.toString());
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("pos").doesNotContain("Exception");
    }

    @Test
    void evalForecastWithoutABundleStartsFromAnUntrainedNetworkOfTheCellGiven() throws Exception {
        CapturedCli eval = CapturedCli.run("eval", "forecast", "--data", series(), "--horizon", "2", "--retrain-every", "100",
                "--cell", "gru");

        assertThat(eval.exitCode()).as(eval.err()).isZero();
        assertThat(eval.out().strip()).containsPattern("mase=[0-9.]+ ");
    }

    @Test
    void anUnknownCellIsRefusedWithTheChoices(@TempDir Path dir) throws Exception {
        CapturedCli train = CapturedCli.run("train", "forecast", "--data", series(), "--out", dir.resolve("x").toString(),
                "--cell", "lstm2");

        assertThat(train.exitCode()).isNotZero();
        assertThat(train.err()).contains("lstm2").contains("lstm, gru, rnn, rnn_relu");
    }
}
