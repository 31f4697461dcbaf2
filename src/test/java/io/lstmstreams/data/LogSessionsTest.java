package io.lstmstreams.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogSessionsTest {

    @TempDir
    Path dir;

    @Test
    void readsOneSessionPerLineWithTrailingSpacesAndNoFinalNewline() throws IOException {
        Path file = dir.resolve("sessions");
        Files.writeString(file, "5 5 22 \n\n22 5 11 9 \n5");

        List<int[]> sessions = LogSessions.read(file);

        assertThat(sessions).hasSize(3);
        assertThat(sessions.get(0)).containsExactly(5, 5, 22);
        assertThat(sessions.get(1)).containsExactly(22, 5, 11, 9);
        assertThat(sessions.get(2)).containsExactly(5);
    }

    @Test
    void nonIntegerKeyIsReportedWithItsLine() throws IOException {
        Path file = dir.resolve("sessions");
        Files.writeString(file, "5 5\n5 x 9\n");

        assertThatThrownBy(() -> LogSessions.read(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("sessions:2")
                .hasMessageContaining("'x'");
    }
}
