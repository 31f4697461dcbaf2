package io.lstmstreams.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordVectorsTest {

    @TempDir
    Path dir;

    @Test
    void readsGloveTextInFileOrder() throws IOException {
        Path file = dir.resolve("glove.txt");
        Files.writeString(file, "the 0.1 -0.2 0.3\n, 1 2 3\ncat -1.5 0 2e-1\n");

        WordVectors vectors = WordVectors.read(file);

        assertThat(vectors.words()).containsExactly("the", ",", "cat");
        assertThat(vectors.dimensions()).isEqualTo(3);
        assertThat(vectors.vector("cat")).hasValueSatisfying(v -> assertThat(v).containsExactly(-1.5f, 0f, 0.2f));
        assertThat(vectors.vector("dog")).isEmpty();
    }

    @Test
    void readsWinkJsonInTheOrderOfItsWordList() throws IOException {
        Path file = dir.resolve("vectors.json");
        // wink appends the vector's norm and the word's index to each vector
        Files.writeString(file, "{\"precision\":8,\"dimensions\":2,\"words\":[\"the\",\"of\",\"cat\"],"
                + "\"vectors\":{\"cat\":[3,4,5,2],\"the\":[1,0,1,0],\"of\":[0,-1,1,1]},\"unkVector\":[0,0,-1]}");

        WordVectors vectors = WordVectors.read(file);

        assertThat(vectors.words()).containsExactly("the", "of", "cat");
        assertThat(vectors.vector("cat")).hasValueSatisfying(v -> assertThat(v).containsExactly(3f, 4f));
        assertThat(vectors.vector("of")).hasValueSatisfying(v -> assertThat(v).containsExactly(0f, -1f));
    }

    @Test
    void aLineOfAnotherWidthIsReportedWithItsLine() throws IOException {
        Path file = dir.resolve("glove.txt");
        Files.writeString(file, "the 0.1 0.2\ncat 0.3\n");

        assertThatThrownBy(() -> WordVectors.read(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("glove.txt:2")
                .hasMessageContaining("2 numbers");
    }

    @Test
    void aFieldThatIsNotANumberIsReported() throws IOException {
        Path file = dir.resolve("glove.txt");
        Files.writeString(file, "the 0.1 x\n");

        assertThatThrownBy(() -> WordVectors.read(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("glove.txt:1")
                .hasMessageContaining("'x'");
    }

    @Test
    void jsonThatIsNotWinkVectorsIsReported() throws IOException {
        Path file = dir.resolve("vectors.json");
        Files.writeString(file, "{\"dimensions\": 2, \"vectors\": {\"cat\": [1]}}");

        assertThatThrownBy(() -> WordVectors.read(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("'cat' has 1 values");
    }

    @Test
    void anEmptyFileIsReported() throws IOException {
        Path file = dir.resolve("glove.txt");
        Files.writeString(file, "");

        assertThatThrownBy(() -> WordVectors.read(file)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("no word vectors");
    }
}
