package io.lstmstreams.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConlluTest {

    static final Path SAMPLE = Path.of("src/test/resources/data/sample.conllu");

    @TempDir
    Path dir;

    @Test
    void readsWordsAndUposSkippingMultiwordRangesAndEmptyNodes() {
        List<Sentence> sentences = Conllu.read(SAMPLE);

        assertThat(sentences).hasSize(2);
        assertThat(sentences.get(0).id()).isEqualTo("s-1");
        assertThat(sentences.get(0).words()).containsExactly("I", "can", "not", "go", ".");
        assertThat(sentences.get(0).tags()).containsExactly("PRON", "AUX", "PART", "VERB", "PUNCT");
        assertThat(sentences.get(1).words()).containsExactly("Hello");
    }

    @Test
    void readsGzipByContentNotByName() throws IOException {
        Path gzip = dir.resolve("sample.txt");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzip))) {
            out.write(Files.readAllBytes(SAMPLE));
        }

        assertThat(Conllu.read(gzip)).isEqualTo(Conllu.read(SAMPLE));
    }

    @Test
    void malformedLineIsReportedWithFileAndLineNumber() throws IOException {
        Path bad = dir.resolve("bad.conllu");
        Files.writeString(bad, "# sent_id = x\n1\tI\tI\tPRON\n");

        assertThatThrownBy(() -> Conllu.read(bad))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("bad.conllu:2")
                .hasMessageContaining("10 tab-separated columns");
    }

    @Test
    void missingFileIsAClearError() {
        assertThatThrownBy(() -> Conllu.read(dir.resolve("nope.conllu")))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("file not found");
    }
}
