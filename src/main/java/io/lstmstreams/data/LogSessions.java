package io.lstmstreams.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads log-key sessions in DeepLog's format: one session a line, space-separated integer log keys.
 * Sessions are numbered from 1 in file order ({@code <file name>-<n>} is their key when replayed).
 */
public final class LogSessions {

    private LogSessions() {
    }

    public static List<int[]> read(Path file) {
        List<int[]> sessions = new ArrayList<>();
        try (BufferedReader reader = DataFiles.open(file)) {
            long lineNumber = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                String trimmed = line.strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                String[] fields = trimmed.split("\\s+");
                int[] keys = new int[fields.length];
                for (int i = 0; i < fields.length; i++) {
                    try {
                        keys[i] = Integer.parseInt(fields[i]);
                    } catch (NumberFormatException e) {
                        throw new DataFormatException(file, lineNumber, "log key is not an integer: '" + fields[i] + "'");
                    }
                    if (keys[i] < 0) {
                        throw new DataFormatException(file, lineNumber, "log key is negative: " + keys[i]);
                    }
                }
                sessions.add(keys);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (sessions.isEmpty()) {
            throw new DataFormatException(file, 0, "no sessions found");
        }
        return sessions;
    }
}
