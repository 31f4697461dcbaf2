package io.lstmstreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lstmstreams.wire.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
                .hasSize(6)
                .anySatisfy(line -> assertThat(line).startsWith("weights read").contains(" 1 key "))
                .anySatisfy(line -> assertThat(line).startsWith("KeyStepper").contains(" 1 key "))
                .anySatisfy(line -> assertThat(line).startsWith("KeyStepper").contains(" 3 keys "))
                .anySatisfy(line -> assertThat(line).startsWith("BatchStepper").contains(" 3 keys "))
                .anySatisfy(line -> assertThat(line).startsWith("DL4J rnnTimeStep").contains(" 1 key "))
                .anySatisfy(line -> assertThat(line).startsWith("DL4J rnnTimeStep").contains(" 3 keys "));
    }

    @Test
    void benchStepOfAGruMeasuresEveryEngineButDl4jAndSaysWhy() {
        CommandLine cli = LstmStreams.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));

        int exit = cli.execute("bench", "step", "--cell", "gru", "--hidden", "8", "--input", "4", "--keys", "3",
                "--seconds", "0.02", "--rounds", "1", "--warmup", "0");

        assertThat(exit).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).startsWith("GRU step: H=8").contains("DL4J rnnTimeStep: none for GRU");
        assertThat(out.toString().lines().filter(line -> line.contains("us/event")))
                .hasSize(4)
                .anySatisfy(line -> assertThat(line).startsWith("weights read").contains(" 1 key "))
                .anySatisfy(line -> assertThat(line).startsWith("KeyStepper").contains(" 1 key "))
                .anySatisfy(line -> assertThat(line).startsWith("KeyStepper").contains(" 3 keys "))
                .anySatisfy(line -> assertThat(line).startsWith("BatchStepper").contains(" 3 keys "));
    }

    /** A smoke run (a hundredth of --quick's sizes): the figures mean nothing, the shape of the JSON is the point. */
    @Test
    void benchQuickWritesEveryHeadlineFigureAndRowAsJson(@TempDir Path dir) throws IOException {
        CommandLine cli = LstmStreams.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        Path json = dir.resolve("bench.json");

        int exit = cli.execute("bench", "--quick", "--scale", "0.01", "--out", json.toString());

        assertThat(exit).as(out.toString()).isEqualTo(ExitCodes.OK);
        JsonNode report = Json.MAPPER.readTree(json.toFile());
        assertThat(report.get("format_version").intValue()).isEqualTo(3);
        assertThat(report.get("quick").booleanValue()).isTrue();
        for (String field : new String[] {"pipeline_eos_events_per_s", "streams_ceiling_events_per_s", "naive_events_per_s",
                "p99_ms_eos_half_load", "step_ns_per_event_single_key", "kafka_ceiling_events_per_s", "sgemm_gflops"}) {
            assertThat(report.get(field)).as(field).isNotNull();
            assertThat(report.get(field).isNumber()).as(field).isTrue();
        }
        assertThat(report.get("machine").get("load_average_start")).hasSize(3);
        assertThat(report.get("machine").get("cpu").textValue()).isNotBlank();
        assertThat(report.get("machine").get("vector_bits").intValue()).as("the tests run with the Vector API").isIn(128, 256, 512);
        assertThat(report.get("pipelines")).extracting(row -> row.get("name").textValue() + " " + row.get("guarantee").textValue())
                .containsExactly("streams-ceiling exactly_once_v2", "pos-h64 exactly_once_v2", "pos-h64 at_least_once",
                        "pos-h64-batched-256 exactly_once_v2", "naive-dl4j-pos-h64 exactly_once_v2");
        assertThat(report.get("pipelines")).allSatisfy(row -> assertThat(row.get("changelog_bytes_per_event").doubleValue()).isPositive());
        assertThat(report.get("pipelines")).allSatisfy(row -> {
            boolean timed = row.get("p99_ms").isNumber();
            assertThat(row.get("gc_pauses").isNumber()).as("pauses counted where latency was measured").isEqualTo(timed);
            if (timed) {
                assertThat(row.get("gc_pause_ms_max").longValue()).isBetween(0L, row.get("gc_pause_ms_total").longValue());
            }
        });
        assertThat(report.get("steps")).extracting(row -> row.get("engine").textValue() + " " + row.get("keys").intValue())
                .containsExactly("weights read 1", "KeyStepper 1", "BatchStepper 1", "KeyStepper 64", "BatchStepper 64",
                        "KeyStepper 256", "BatchStepper 256", "KeyStepper 4096", "BatchStepper 4096", "weights read 1",
                        "KeyStepper 1", "KeyStepper 256", "BatchStepper 256");
        assertThat(report.get("step_ns_per_event_single_key").doubleValue())
                .isEqualTo(report.get("steps").get(1).get("ns_per_event").doubleValue());
        assertThat(report.get("restore").get("keys").intValue()).isEqualTo(200);
        assertThat(report.get("restore").get("changelog_disk_bytes").longValue()).isPositive();
        assertThat(out.toString()).contains("kafka ceiling:", "streams-ceiling", "naive-dl4j-pos-h64", "figures written to");
    }
}
