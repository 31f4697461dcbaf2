package io.lstmstreams.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Arrays;

/**
 * One observation of a series, the value of a record on {@code lstm.series} (key: the series id). Wire format,
 * version 1: {@code {"v":1,"time":1700000000000,"value":12.5}}, or {@code "values":[12.5,3.0]} for a
 * multivariate series (the forecast variable first). {@code time} is the event time in epoch milliseconds.
 *
 * @param values at least one, all finite
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SeriesPoint(int v, long time, double[] values) {

    public static final int FORMAT_VERSION = 1;
    /** Variables per point at most: a window keeps 16 bytes per variable, so width must not grow with the input. */
    public static final int MAX_VARIABLES = 100;

    public SeriesPoint {
        values = values.clone();
    }

    public static SeriesPoint of(long time, double... values) {
        return new SeriesPoint(FORMAT_VERSION, time, values);
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    public double value(int variable) {
        return values[variable];
    }

    public int width() {
        return values.length;
    }

    public byte[] toJson() {
        return Json.write(this);
    }

    /** Parses and validates a record value; every way it can be wrong gets its own reason. */
    public static SeriesPoint parse(byte[] value) {
        SeriesPoint point = parseWellFormed(value);
        return point != null ? point : parseTree(value);
    }

    /**
     * The point of a value whose fields all have the expected kinds, read with Jackson's streaming parser (no JSON
     * tree: this is once per point); null for anything else, which {@link #parseTree} then explains.
     */
    private static SeriesPoint parseWellFormed(byte[] value) {
        Fields fields = new Fields();
        return JsonInput.readFields(value, FORMAT_VERSION, fields) && fields.time >= 0 && fields.given == 1
                && fields.values.length > 0 ? new SeriesPoint(FORMAT_VERSION, fields.time, fields.values) : null;
    }

    /** The fields of one point as they stream by; {@code given} counts {@code value} and {@code values}, one allowed. */
    private static final class Fields implements JsonInput.FieldReader {
        long time = -1;
        double[] values;
        int given;

        @Override
        public boolean read(String field, JsonToken kind, JsonParser parser) throws IOException {
            switch (field) {
                case "time" -> {
                    time = JsonInput.epochMillis(parser, kind);
                    return time >= 0;
                }
                case "value" -> {
                    given++;
                    values = new double[] {kind.isNumeric() ? parser.getDoubleValue() : Double.NaN};
                    return Double.isFinite(values[0]);
                }
                case "values" -> {
                    given++;
                    return kind == JsonToken.START_ARRAY && readValues(parser);
                }
                default -> {
                    parser.skipChildren();
                    return true;
                }
            }
        }

        private boolean readValues(JsonParser parser) throws IOException {
            double[] read = new double[MAX_VARIABLES];
            int count = 0;
            for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
                if (!item.isNumeric() || count == MAX_VARIABLES || !Double.isFinite(parser.getDoubleValue())) {
                    return false;
                }
                read[count++] = parser.getDoubleValue();
            }
            values = Arrays.copyOf(read, count);
            return true;
        }
    }

    /** Through a JSON tree, with a reason for whatever is wrong: the slow path, for values that are not well formed. */
    private static SeriesPoint parseTree(byte[] value) {
        JsonNode node = JsonInput.object(value, FORMAT_VERSION);
        JsonNode time = node.get("time");
        if (time == null || time.isNull()) {
            throw new InvalidRecordException("missing field 'time'");
        }
        return new SeriesPoint(FORMAT_VERSION, JsonInput.epochMillis(time, "time"), values(node));
    }

    private static double[] values(JsonNode node) {
        JsonNode single = node.get("value");
        JsonNode several = node.get("values");
        if ((single == null || single.isNull()) == (several == null || several.isNull())) {
            throw new InvalidRecordException("exactly one of 'value' and 'values' is required");
        }
        if (single != null && !single.isNull()) {
            return new double[] {number(single, "value")};
        }
        if (!several.isArray() || several.isEmpty()) {
            throw new InvalidRecordException("field 'values' must be a non-empty array of numbers");
        }
        if (several.size() > MAX_VARIABLES) {
            throw new InvalidRecordException("field 'values' has " + several.size() + " numbers, more than the limit of " + MAX_VARIABLES);
        }
        double[] values = new double[several.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = number(several.get(i), "values[" + i + "]");
        }
        return values;
    }

    /** NaN and infinities arrive as strings ("NaN") or Jackson's non-standard tokens: neither is a measurement. */
    private static double number(JsonNode node, String field) {
        if (!node.isNumber()) {
            throw new InvalidRecordException("field '" + field + "' must be a finite number, got " + JsonInput.quote(node));
        }
        double value = node.doubleValue();
        if (!Double.isFinite(value)) {
            throw new InvalidRecordException("field '" + field + "' must be a finite number, got " + value);
        }
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SeriesPoint that && v == that.v && time == that.time && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(time) * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "SeriesPoint[" + time + ", " + Arrays.toString(values) + "]";
    }
}
