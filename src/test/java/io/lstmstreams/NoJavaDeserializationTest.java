package io.lstmstreams;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Bytes from Kafka (records, state, model bundles) are read by codecs of our own, JSON or DL4J's zip with its
 * Java-serialized entries refused ({@code ModelBundle}); never by Java deserialization, whose gadgets run code.
 */
class NoJavaDeserializationTest {

    @Test
    void noSourceFileUsesJavaDeserialization() throws IOException {
        List<String> offenders;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            offenders = files.filter(file -> file.toString().endsWith(".java")).filter(file -> {
                try {
                    String source = Files.readString(file);
                    return source.contains("ObjectInputStream") || source.contains("readObject(")
                            || source.contains("SerializationUtils.deserialize");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(Path::toString).toList();
        }
        assertThat(offenders).isEmpty();
    }
}
