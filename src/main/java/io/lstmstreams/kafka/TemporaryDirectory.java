package io.lstmstreams.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.utils.Utils;

/**
 * A new directory under the system's temporary one, deleted with everything in it by {@link #close()}: where a
 * broker's data or a Streams application's state lives for a run that keeps nothing (a benchmark, an evaluation,
 * the demo without {@code --work-dir}).
 */
public final class TemporaryDirectory implements AutoCloseable {

    private final Path path;

    private TemporaryDirectory(Path path) {
        this.path = path;
    }

    /** @param prefix the start of the directory's name, saying which command made it */
    public static TemporaryDirectory create(String prefix) {
        try {
            return new TemporaryDirectory(Files.createTempDirectory(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory " + prefix + "*", e);
        }
    }

    public Path path() {
        return path;
    }

    /** Deletes the directory and what is in it; idempotent. */
    @Override
    public void close() {
        try {
            Utils.delete(path.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }
}
