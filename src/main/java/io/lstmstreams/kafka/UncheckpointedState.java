package io.lstmstreams.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discards, before an exactly-once pipeline starts, the local state of every task that has no checkpoint: what an
 * unclean stop (a crash, {@code kill -9}) leaves. Kafka Streams would find each such store non-empty without a
 * checkpoint, declare the task corrupted, close it dirty, wipe it and rebalance once more before restoring it from the
 * changelog; discarding it first gives the same state (the changelog's) without the detour, which took about a
 * second of a restart (RestartIT: opening every store at start, the dirty closes, the second rebalance). A task dir
 * with a checkpoint (a clean stop) is kept. Under at-least-once nothing is discarded: Kafka Streams restores on top.
 */
final class UncheckpointedState {

    private static final Logger LOG = LoggerFactory.getLogger(UncheckpointedState.class);
    /** The names of Kafka Streams' files in an application's state directory ({@code StateDirectory}). */
    private static final String LOCK_FILE = ".lock";
    private static final String CHECKPOINT_FILE = ".checkpoint";
    /** A task's directory: subtopology and partition. */
    private static final Pattern TASK_DIRECTORY = Pattern.compile("\\d+_\\d+");

    private UncheckpointedState() {
    }

    /**
     * @return the task directories discarded; none when the guarantee is not exactly-once, or when another process
     * holds the application's state directory (Kafka Streams then refuses to start, and says why)
     */
    static int discard(Properties properties) {
        StreamsConfig config = new StreamsConfig(properties);
        if (StreamsConfig.AT_LEAST_ONCE.equals(config.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))) {
            return 0;
        }
        Path application = Path.of(config.getString(StreamsConfig.STATE_DIR_CONFIG),
                config.getString(StreamsConfig.APPLICATION_ID_CONFIG));
        if (!Files.isDirectory(application)) {
            return 0;
        }
        try (FileChannel channel = FileChannel.open(application.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = tryLock(channel)) {
            if (lock == null) {
                return 0;
            }
            List<Path> uncheckpointed;
            try (Stream<Path> children = Files.list(application)) {
                uncheckpointed = children.filter(Files::isDirectory)
                        .filter(dir -> TASK_DIRECTORY.matcher(dir.getFileName().toString()).matches())
                        .filter(dir -> !Files.exists(dir.resolve(CHECKPOINT_FILE))).sorted().toList();
            }
            for (Path task : uncheckpointed) {
                Utils.delete(task.toFile());
            }
            if (!uncheckpointed.isEmpty()) {
                LOG.info("exactly-once recovery: the local state of tasks {} had no checkpoint (an unclean stop) and is"
                        + " restored from the changelog", uncheckpointed.stream().map(Path::getFileName).toList());
            }
            return uncheckpointed.size();
        } catch (IOException e) {
            throw new UncheckedIOException("could not clear the unclean state under " + application, e);
        }
    }

    /** The lock, or null while another process (or another channel of this one) holds it. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }
}
