package io.lstmstreams.kafka;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Every topic of the system. Each constant is bound to {@code topics/<kebab-name>.json} (FORECAST_ERRORS:
 * {@code topics/forecast-errors.json}), the single source of truth for its name, partitions and configs;
 * the app, the tests and {@code topics create} all read it from here.
 */
public enum Topics {
    TOKENS, EVENTS, SERIES, TAGS, ANOMALIES, FORECASTS, FORECAST_ERRORS, LABELS, MODELS, DEAD_LETTERS;

    private final TopicDefinition definition;

    Topics() {
        String kebab = name().toLowerCase(Locale.ROOT).replace('_', '-');
        definition = TopicDefinition.fromClasspath("topics/" + kebab + ".json");
        // A file copied for a new topic but not renamed inside would silently alias two constants.
        if (!definition.name().equals("lstm." + kebab)) {
            throw new TopicDefinitionException("topics/" + kebab + ".json: name must be 'lstm." + kebab
                    + "', was '" + definition.name() + "'");
        }
    }

    public String topicName() {
        return definition.name();
    }

    public TopicDefinition definition() {
        return definition;
    }

    /** All definitions, in declaration order. */
    public static List<TopicDefinition> definitions() {
        return Arrays.stream(values()).map(Topics::definition).toList();
    }
}
