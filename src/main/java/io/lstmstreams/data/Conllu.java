package io.lstmstreams.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CoNLL-U treebanks (Universal Dependencies), plain or gzip: form (column 2) and UPOS (column 4) of
 * every word. Multiword-token ranges ({@code 16-17}) and empty nodes ({@code 8.1}) are skipped, as UD's own
 * UPOS scores do.
 */
public final class Conllu {

    private Conllu() {
    }

    public static List<Sentence> read(Path file) {
        List<Sentence> sentences = new ArrayList<>();
        try (BufferedReader reader = DataFiles.open(file)) {
            String id = null;
            List<String> words = new ArrayList<>();
            List<String> tags = new ArrayList<>();
            long lineNumber = 0;
            for (String line = reader.readLine(); ; line = reader.readLine()) {
                lineNumber++;
                if (line == null || line.isBlank()) {
                    if (!words.isEmpty()) {
                        sentences.add(new Sentence(id != null ? id : "s" + (sentences.size() + 1), words, tags));
                        words = new ArrayList<>();
                        tags = new ArrayList<>();
                    }
                    id = null;
                    if (line == null) {
                        break;
                    }
                } else if (line.startsWith("#")) {
                    if (line.startsWith("# sent_id = ")) {
                        id = line.substring("# sent_id = ".length()).strip();
                    }
                } else {
                    String[] columns = line.split("\t", -1);
                    if (columns.length != 10) {
                        throw new DataFormatException(file, lineNumber, "expected 10 tab-separated columns, got " + columns.length);
                    }
                    if (columns[0].contains("-") || columns[0].contains(".")) {
                        continue;
                    }
                    words.add(columns[1]);
                    tags.add(columns[3]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (sentences.isEmpty()) {
            throw new DataFormatException(file, 0, "no sentences found");
        }
        return sentences;
    }
}
