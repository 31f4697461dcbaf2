package io.lstmstreams.data;

import java.nio.file.Path;

/** A data file that cannot be read as what it claims to be; the message names the file and line. */
public final class DataFormatException extends RuntimeException {

    public DataFormatException(Path file, long line, String reason) {
        super(line > 0 ? file + ":" + line + ": " + reason : file + ": " + reason);
    }
}
