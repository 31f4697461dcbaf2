package io.lstmstreams.data;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opens data files as UTF-8 text, gzip or not (recognised by its magic bytes, not by the name). */
public final class DataFiles {

    private DataFiles() {
    }

    public static BufferedReader open(Path file) {
        try {
            InputStream in = new BufferedInputStream(Files.newInputStream(file));
            in.mark(2);
            int first = in.read();
            int second = in.read();
            in.reset();
            if (first == 0x1f && second == 0x8b) {
                in = new GZIPInputStream(in, 1 << 16);
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, 0, "file not found");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
