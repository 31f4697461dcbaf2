package io.lstmstreams.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code run} in a JVM of its own, as an operator starts it, its output in a log file: killed with SIGKILL (a
 * crash: no commit, no leave-group, an open transaction left behind) or stopped with SIGTERM (a clean close).
 */
final class RunProcess implements AutoCloseable {

    static final Duration START_LIMIT = Duration.ofSeconds(180);

    private final Process process;
    private final Path log;

    private RunProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code lstm-streams ARGS} with this test's classpath, ND4J on one thread and the Vector API as the launcher does. */
    static RunProcess start(List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "--add-modules", "jdk.incubator.vector", "-XX:CompileCommand=quiet",
                "-XX:CompileCommand=dontinline,io.lstmstreams.model.VectorActivations::*", "-cp", System.getProperty("java.class.path"), LstmStreams.class.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("OMP_NUM_THREADS", "1");
        return new RunProcess(builder.start(), log);
    }

    /** Waits for the {@code started in} line of each of {@code pipelines} pipelines; fails if the process ends first. */
    RunProcess awaitStarted(int pipelines) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (startedLines().size() < pipelines) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("run did not start: " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        return this;
    }

    /** The lines {@code run} printed for its started pipelines so far. */
    List<String> startedLines() throws IOException {
        return Files.readAllLines(log).stream().filter(line -> line.contains("started in")).toList();
    }

    Path log() {
        return log;
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM (the shutdown hook commits and leaves the groups), and waits for the exit. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /** Killed if still running: a test that failed half-way leaves nothing behind. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
