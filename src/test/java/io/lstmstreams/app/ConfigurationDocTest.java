package io.lstmstreams.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.config.ConfigKey;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/configuration.md's settings table and {@link Tasks#SETTINGS} name the same keys, with the same defaults. */
class ConfigurationDocTest {

    private static final Path DOC = Path.of("docs/configuration.md");
    private static final String HEADER = "| key | environment variable | default | meaning |";

    /** The table's rows by key name: name, environment variable, default, meaning, without backticks. */
    private static Map<String, List<String>> rows;

    @BeforeAll
    static void readTable() throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        int header = lines.indexOf(HEADER);
        assertThat(header).as("%s has a table headed %s", DOC, HEADER).isNotNegative();
        rows = new LinkedHashMap<>();
        for (String line : lines.subList(header + 2, lines.size())) {
            if (!line.startsWith("|")) {
                break;
            }
            List<String> cells = Arrays.stream(line.substring(1, line.lastIndexOf('|')).split("\\|", -1))
                    .map(cell -> cell.strip().replace("`", "")).toList();
            assertThat(rows.put(cells.get(0), cells)).as("%s lists %s twice", DOC, cells.get(0)).isNull();
        }
    }

    @Test
    void documentsEveryKeyAndNoOther() {
        assertThat(rows.keySet()).as("keys in %s", DOC)
                .containsExactlyInAnyOrderElementsOf(Tasks.SETTINGS.stream().map(ConfigKey::name).toList());
    }

    @Test
    void givesEveryKeysEnvironmentVariableAndDefault() {
        List<String> documented = rows.values().stream()
                .map(row -> line(row.get(0), row.get(1), row.get(2).startsWith("none") ? "none" : row.get(2))).toList();

        assertThat(documented).as("name | environment variable | default, in %s", DOC).containsExactlyInAnyOrderElementsOf(
                Tasks.SETTINGS.stream().map(key -> line(key.name(), key.environmentVariable(),
                        key.defaultValue() == null ? "none" : documented(key.defaultValue()))).toList());
    }

    private static String line(String name, String environmentVariable, String defaultValue) {
        return name + " | " + environmentVariable + " | " + defaultValue;
    }

    /** A default under this machine's temporary directory is documented as {@code <java.io.tmpdir>/...}. */
    private static String documented(String defaultValue) {
        String tmp = Path.of(System.getProperty("java.io.tmpdir")).toString();
        return defaultValue.startsWith(tmp + File.separator)
                ? "<java.io.tmpdir>/" + defaultValue.substring(tmp.length() + 1).replace(File.separatorChar, '/')
                : defaultValue;
    }
}
