package io.lstmstreams.config;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** A settings file in Java properties format, each setting tagged with its file and line for messages. */
public final class ConfigFile {

    private ConfigFile() {
    }

    public static List<Setting> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file not found: " + file);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        List<Setting> settings = new ArrayList<>();
        int first = 0;
        // Properties itself parses each logical line (escapes, separators, comments); we only keep line numbers.
        while (first < lines.size()) {
            int last = first;
            while (last < lines.size() - 1 && continues(lines.get(last))) {
                last++;
            }
            String origin = file + ":" + (first + 1);
            Properties entry = parse(String.join("\n", lines.subList(first, last + 1)), origin);
            entry.stringPropertyNames().forEach(key -> settings.add(new Setting(key, entry.getProperty(key), origin)));
            first = last + 1;
        }
        return settings;
    }

    /** A line ending in an odd number of backslashes goes on on the next line. */
    private static boolean continues(String line) {
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1 && !line.stripLeading().startsWith("#") && !line.stripLeading().startsWith("!");
    }

    private static Properties parse(String logicalLine, String origin) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(logicalLine));
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string cannot fail", e);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(origin + ": " + e.getMessage());
        }
        return properties;
    }
}
