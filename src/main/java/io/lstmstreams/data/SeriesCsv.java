package io.lstmstreams.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a series from CSV (plain or gzip). Understood layouts, all with a header row, names optionally quoted:
 * {@code year,period,VALUE...} (R's monthly and quarterly series: the season is the largest period, 12 or 4),
 * {@code time,VALUE...} (R's other series), {@code timestamp,value} (NAB). Every column that is not a time
 * column is a variable; {@code NA} or an empty field is a missing value.
 */
public final class SeriesCsv {

    private static final Set<String> TIME_COLUMNS = Set.of("time", "timestamp", "year", "period", "date");

    private SeriesCsv() {
    }

    public static Series read(Path file) {
        try (BufferedReader reader = DataFiles.open(file)) {
            String header = reader.readLine();
            if (header == null || header.isBlank()) {
                throw new DataFormatException(file, 1, "empty file: expected a header row");
            }
            List<String> columns = Arrays.stream(header.split(",", -1)).map(SeriesCsv::unquote).toList();
            List<Integer> variableColumns = new ArrayList<>();
            for (int c = 0; c < columns.size(); c++) {
                if (!TIME_COLUMNS.contains(columns.get(c).toLowerCase())) {
                    variableColumns.add(c);
                }
            }
            if (variableColumns.isEmpty()) {
                throw new DataFormatException(file, 1, "no value column in header " + columns);
            }
            int period = columns.indexOf("period");
            int maxPeriod = 0;
            List<double[]> rows = new ArrayList<>();
            String line;
            int lineNumber = 1;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",", -1);
                if (fields.length != columns.size()) {
                    throw new DataFormatException(file, lineNumber, "expected " + columns.size() + " fields, got " + fields.length);
                }
                double[] row = new double[variableColumns.size()];
                for (int v = 0; v < row.length; v++) {
                    row[v] = number(fields[variableColumns.get(v)], file, lineNumber);
                }
                if (period >= 0) {
                    maxPeriod = Math.max(maxPeriod, (int) number(fields[period], file, lineNumber));
                }
                rows.add(row);
            }
            if (rows.isEmpty()) {
                throw new DataFormatException(file, lineNumber, "no data rows");
            }
            Optional<Integer> season = maxPeriod == 12 || maxPeriod == 4 ? Optional.of(maxPeriod) : Optional.empty();
            return new Series(name(file), variableColumns.stream().map(columns::get).toList(),
                    rows.toArray(double[][]::new), season);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static double number(String field, Path file, int line) {
        String text = unquote(field);
        if (text.isEmpty() || text.equals("NA") || text.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new DataFormatException(file, line, "not a number: '" + text + "'");
        }
    }

    private static String unquote(String field) {
        String text = field.strip();
        return text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"") ? text.substring(1, text.length() - 1) : text;
    }

    private static String name(Path file) {
        return file.getFileName().toString().replaceFirst("\\.gz$", "").replaceFirst("\\.csv$", "");
    }
}
