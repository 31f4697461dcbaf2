package io.lstmstreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.mnist.MnistFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistCommandsTest {

    @Test
    void trainKeepsTheLastShareApartAndEvalScoresItThroughTheStreamingStep(@TempDir Path dir) throws Exception {
        Path images = dir.resolve("images.gz");
        Path labels = dir.resolve("labels.gz");
        MnistFiles.writeBands(images, labels, 300, 2);
        Path bundle = dir.resolve("mnist.bundle");

        CapturedCli train = CapturedCli.run("train", "mnist", "--images", images.toString(), "--labels", labels.toString(),
                "--out", bundle.toString(), "--cell", "gru", "--hidden", "16", "--epochs", "3", "--validation", "0.2");
        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(train.err()).contains("240 images, 60 kept apart (images 240-299), 1 GRU layer(s) of 16");
        String validation = train.out().strip();
        assertThat(validation).matches("validation_accuracy=[0-9.]+");

        CapturedCli eval = CapturedCli.run("eval", "mnist", "--model", bundle.toString(), "--images", images.toString(),
                "--labels", labels.toString(), "--from", "240");
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        String[] lines = eval.out().strip().split("\n");
        assertThat(lines[0]).isEqualTo("images=60");
        assertThat(lines[lines.length - 1]).isEqualTo(validation.replace("validation_accuracy", "test_accuracy"));
    }
}
