package io.lstmstreams.cli;

import io.lstmstreams.data.LogSessions;
import io.lstmstreams.logkeys.LogKeysTask;
import io.lstmstreams.model.CellType;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.training.TrainingConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.streams.KeyValue;

/** A small logkeys model and HDFS sessions for tests that run {@code run} as a process, beside {@link PosFixtures}. */
final class LogKeysFixtures {

    static final Path HDFS = Path.of("src/main/resources/data/hdfs/hdfs_train");

    private LogKeysFixtures() {
    }

    /** One epoch on 400 HDFS sessions (seconds), calibrated as every bundle is: verdicts depend on each session's state. */
    static ModelBundle tinyModel(Path file) throws IOException {
        TrainingConfig quick = new TrainingConfig(TrainingConfig.Optimizer.ADAM, 1e-2, 5.0, 32, 1, 1, 0.1, 1);
        ModelBundle bundle = LogKeysTask.train(LogSessions.read(HDFS).subList(1_000, 1_400),
                new LogKeysTask.Options(CellType.LSTM, 16, 1, 0.0, 8, quick), 1, report -> { });
        bundle.write(file);
        return bundle;
    }

    /** HDFS sessions {@code from} (inclusive) to {@code to} as replay records, one event each, keyed by session. */
    static List<KeyValue<String, byte[]>> events(int from, int to) {
        return LogKeysTask.records(LogSessions.read(HDFS).subList(from, to), i -> LogKeysTask.sessionId(HDFS, from + i));
    }
}
