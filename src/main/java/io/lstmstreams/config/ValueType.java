package io.lstmstreams.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.Utils;

/**
 * How a setting's text becomes its value.
 *
 * @param description completes "'text' is not ...", and documents the key
 * @param parser      throws {@link IllegalArgumentException} for text that is not a valid value
 */
public record ValueType<T>(String description, Function<String, T> parser) {

    public static final ValueType<String> ADDRESSES = new ValueType<>("a comma-separated list of HOST:PORT", text -> {
        for (String address : text.split(",", -1)) {
            if (Utils.getHost(address.strip()) == null || Utils.getPort(address.strip()) == null) {
                throw new IllegalArgumentException();
            }
        }
        return text;
    });

    public static final ValueType<String> NAME = new ValueType<>("a name of letters, digits, '.', '_' and '-'", text -> {
        if (!text.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException();
        }
        return text;
    });

    /** A host name or an IPv4/IPv6 address to listen on; {@code 0.0.0.0}: every interface. */
    public static final ValueType<String> HOST = new ValueType<>("a host name or IP address", text -> {
        if (!text.strip().matches("[A-Za-z0-9.:_-]+")) {
            throw new IllegalArgumentException();
        }
        return text.strip();
    });

    public static final ValueType<Path> PATH = new ValueType<>("a path", text -> {
        if (text.isBlank()) {
            throw new IllegalArgumentException();
        }
        return Path.of(text);
    });

    public static final ValueType<Integer> POSITIVE = new ValueType<>("a whole number >= 1", text -> {
        int value = Integer.parseInt(text.strip());
        if (value < 1) {
            throw new IllegalArgumentException();
        }
        return value;
    });

    public static final ValueType<Integer> COUNT = new ValueType<>("a whole number >= 0", text -> {
        int value = Integer.parseInt(text.strip());
        if (value < 0) {
            throw new IllegalArgumentException();
        }
        return value;
    });

    public static final ValueType<Integer> PORT = new ValueType<>("a port number from 1 to 65535", text -> {
        int value = Integer.parseInt(text.strip());
        if (value < 1 || value > 65535) {
            throw new IllegalArgumentException();
        }
        return value;
    });

    public static final ValueType<Double> FRACTION = new ValueType<>("a fraction from 0 to 1 such as 0.005", text -> {
        double value = Double.parseDouble(text.strip());
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException();
        }
        return value;
    });

    /** Levels of prediction intervals: each strictly between 0 and 1, at least one, none twice. */
    public static final ValueType<List<Double>> LEVELS = new ValueType<>("a comma-separated list of levels between 0 and 1"
            + " (exclusive) such as 0.8,0.95", text -> {
                List<Double> levels = Arrays.stream(text.split(",", -1)).map(String::strip).map(Double::parseDouble).toList();
                if (levels.stream().anyMatch(level -> !(level > 0 && level < 1)) || levels.stream().distinct().count() != levels.size()) {
                    throw new IllegalArgumentException();
                }
                return levels;
            });

    public static final ValueType<Boolean> BOOLEAN = new ValueType<>("true or false", text -> switch (text.strip()) {
        case "true" -> true;
        case "false" -> false;
        default -> throw new IllegalArgumentException();
    });

    private static final Pattern DURATION_TEXT = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Map<String, Function<Long, Duration>> DURATION_UNITS = Map.of(
            "ms", Duration::ofMillis, "s", Duration::ofSeconds, "m", Duration::ofMinutes, "h", Duration::ofHours,
            "d", Duration::ofDays);

    /** One number and one unit: short to write, impossible to misread (ISO-8601's PT30M vs P30M is not). */
    public static final ValueType<Duration> DURATION = new ValueType<>("a duration > 0 such as 30m (units ms, s, m, h, d)",
            text -> {
                Matcher matcher = DURATION_TEXT.matcher(text.strip());
                if (!matcher.matches()) {
                    throw new IllegalArgumentException();
                }
                Duration duration = DURATION_UNITS.get(matcher.group(2)).apply(Long.parseLong(matcher.group(1)));
                if (duration.isZero()) {
                    throw new IllegalArgumentException();
                }
                return duration;
            });

    /** A comma-separated list of some of {@code names}, each at most once. */
    public static ValueType<List<String>> someOf(List<String> names) {
        return new ValueType<>("a comma-separated list of " + String.join(", ", names) + ", each once", text -> {
            List<String> chosen = Arrays.stream(text.split(",", -1)).map(String::strip).toList();
            if (!names.containsAll(chosen) || chosen.stream().distinct().count() != chosen.size()) {
                throw new IllegalArgumentException();
            }
            return chosen;
        });
    }

    public static ValueType<String> oneOf(String... values) {
        List<String> allowed = List.of(values);
        return new ValueType<>("one of " + String.join(", ", allowed), text -> {
            if (!allowed.contains(text.strip())) {
                throw new IllegalArgumentException();
            }
            return text.strip();
        });
    }

    public T parse(Setting setting) {
        try {
            return parser.apply(setting.value());
        } catch (IllegalArgumentException e) {
            throw setting.error("'" + setting.value() + "' is not " + description);
        }
    }
}
