package io.lstmstreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {

    @Test
    void benchStepPrintsAFigureForEachEngine() {
        CommandLine cli = LstmStreams.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));

        int exit = cli.execute("bench", "step", "--hidden", "8", "--input", "4", "--keys", "3",
                "--seconds", "0.02", "--rounds", "1", "--warmup", "0");

        assertThat(exit).isEqualTo(ExitCodes.OK);
        assertThat(out.toString().lines().filter(line -> line.contains("us/event")))
                .hasSize(4)
                .anySatisfy(line -> assertThat(line).startsWith("KeyStepper").contains(" 1 key "))
                .anySatisfy(line -> assertThat(line).startsWith("BatchStepper").contains(" 3 keys "))
                .anySatisfy(line -> assertThat(line).startsWith("DL4J rnnTimeStep").contains(" 1 key "))
                .anySatisfy(line -> assertThat(line).startsWith("DL4J rnnTimeStep").contains(" 3 keys "));
    }

    @Test
    void benchStepOfAGruMeasuresBothEnginesAndSaysWhyNotDl4j() {
        CommandLine cli = LstmStreams.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));

        int exit = cli.execute("bench", "step", "--cell", "gru", "--hidden", "8", "--input", "4", "--keys", "3",
                "--seconds", "0.02", "--rounds", "1", "--warmup", "0");

        assertThat(exit).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).startsWith("GRU step: H=8").contains("DL4J rnnTimeStep: none for GRU");
        assertThat(out.toString().lines().filter(line -> line.contains("us/event")))
                .hasSize(2)
                .anySatisfy(line -> assertThat(line).startsWith("KeyStepper").contains(" 1 key "))
                .anySatisfy(line -> assertThat(line).startsWith("BatchStepper").contains(" 3 keys "));
    }
}
