package io.lstmstreams.config;

/**
 * One {@code key=value} as given, before it is checked.
 *
 * @param origin where it was given, for messages: {@code --set}, {@code environment variable LSTM_POS_MODEL},
 *               {@code app.properties:12}
 */
public record Setting(String key, String value, String origin) {

    public ConfigException error(String problem) {
        return new ConfigException(key + " (" + origin + "): " + problem);
    }
}
