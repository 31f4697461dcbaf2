package io.lstmstreams.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.lstmstreams.wire.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The Grafana dashboards in {@code grafana/dashboards/}, read as Grafana reads them, for the checks. */
record Dashboards(Path file, JsonNode json) {

    /** Grafana's {@code label_values(selector, label)}, which is not PromQL. */
    static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*(\\w+)\\)");

    static final Path DIRECTORY = Path.of("grafana/dashboards");
    static final Path MAIN = DIRECTORY.resolve("pipeline-overview.json");

    static List<Dashboards> all() {
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().map(Dashboards::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Dashboards read(Path file) {
        try {
            return new Dashboards(file, Json.MAPPER.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every panel, those inside collapsed rows too. */
    List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : json.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    /** Panels that show data: all but rows. */
    List<JsonNode> dataPanels() {
        return panels().stream().filter(panel -> !panel.path("type").asText().equals("row")).toList();
    }

    List<JsonNode> variables() {
        List<JsonNode> variables = new ArrayList<>();
        json.path("templating").path("list").forEach(variables::add);
        return variables;
    }

    List<JsonNode> annotations() {
        List<JsonNode> annotations = new ArrayList<>();
        json.path("annotations").path("list").forEach(annotation -> {
            if (annotation.has("expr")) {
                annotations.add(annotation);
            }
        });
        return annotations;
    }

    /**
     * Every panel target's PromQL, and every template variable's query as PromQL, with the template variables
     * replaced by {@code values} (names without the {@code $}), keyed by where it comes from: each must return data.
     */
    Map<String, String> queries(Map<String, String> values) {
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode panel : dataPanels()) {
            for (JsonNode target : panel.path("targets")) {
                queries.put(String.format("%s panel %d '%s' %s", file.getFileName(), panel.path("id").asInt(),
                        panel.path("title").asText(), target.path("refId").asText()), substitute(target.path("expr").asText(), values));
            }
        }
        for (JsonNode variable : variables()) {
            Matcher labelValues = LABEL_VALUES.matcher(variable.path("query").path("query").asText());
            if (labelValues.matches()) {
                queries.put(file.getFileName() + " variable " + variable.path("name").asText(), substitute(
                        "count by (" + labelValues.group(2) + ") (" + labelValues.group(1) + ")", values));
            }
        }
        return queries;
    }

    /** The annotations' PromQL, substituted likewise: each must evaluate, though there may be no event to mark. */
    Map<String, String> annotationQueries(Map<String, String> values) {
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode annotation : annotations()) {
            queries.put(file.getFileName() + " annotation '" + annotation.path("name").asText() + "'",
                    substitute(annotation.path("expr").asText(), values));
        }
        return queries;
    }

    /** Replaced longest name first, so {@code $__rate_interval} is not read as a {@code $__rate}. */
    private static String substitute(String expression, Map<String, String> values) {
        String result = expression;
        for (String name : values.keySet().stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            result = result.replace("${" + name + "}", values.get(name)).replace("$" + name, values.get(name));
        }
        return result;
    }
}
