package io.lstmstreams.forecast;

import io.lstmstreams.retrain.LabelAssembler;
import io.lstmstreams.retrain.LabelBuffer;
import io.lstmstreams.wire.ForecastMessage;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts each series' realized windows (from the labels topic) into consecutive stretches of {@code length} windows,
 * the examples forecasting retrains from. A stretch restarts when a window is skipped (the series started over);
 * empty windows stay in as missing values, but a stretch that is more than half empty (a series gone quiet) is
 * dropped: it would teach the model little but gaps. At most {@code maxOpen} series are being collected; the one silent the
 * longest is dropped beyond that. Not thread-safe.
 */
final class WindowAssembler implements LabelAssembler<ForecastTraining.Input> {

    private static final Logger LOG = LoggerFactory.getLogger(WindowAssembler.class);

    /** The stretch of one series being collected. */
    private static final class Stretch {
        final long firstStep;
        final double[] values;
        int size;

        Stretch(long firstStep, int length) {
            this.firstStep = firstStep;
            this.values = new double[length];
        }
    }

    private final int length;
    private final Map<String, Stretch> open;

    /** @param length windows per example: a few seasons, so that Holt-Winters can be fitted on one */
    public WindowAssembler(int length, int maxOpen) {
        if (length < 2 || maxOpen < 1) {
            throw new IllegalArgumentException("length must be at least 2 and maxOpen positive, got " + length + ", " + maxOpen);
        }
        this.length = length;
        this.open = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Stretch> eldest) {
                return size() > maxOpen;
            }
        };
    }

    @Override
    public Optional<LabelBuffer.Example<ForecastTraining.Input>> add(byte[] value) {
        ForecastMessage.Realized window;
        try {
            window = ForecastMessage.parse(value, ForecastMessage.Realized.class);
        } catch (RuntimeException e) {
            LOG.debug("not a realized window, skipped: {}", e.getMessage());
            return Optional.empty();
        }
        if (!ForecastTask.NAME.equals(window.task()) || window.series() == null || window.season() < 1) {
            return Optional.empty();
        }
        Stretch stretch = open.get(window.series());
        if (stretch == null || window.step() != stretch.firstStep + stretch.size) {
            stretch = new Stretch(window.step(), length);
            open.put(window.series(), stretch);
        }
        stretch.values[stretch.size++] = window.value();
        if (stretch.size < length) {
            return Optional.empty();
        }
        open.remove(window.series());
        long present = Arrays.stream(stretch.values).filter(Double::isFinite).count();
        if (2 * present < length) {
            return Optional.empty();
        }
        return Optional.of(new LabelBuffer.Example<>(window.series() + "@" + stretch.firstStep,
                new ForecastTraining.Input(stretch.values, window.season()), window.windowEnd()));
    }
}
