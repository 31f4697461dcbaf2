package io.lstmstreams.metrics;

import io.lstmstreams.wire.Json;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@code /health} answers: live (every pipeline can still make progress by itself: restart the process if
 * not) and ready (every pipeline is processing: route work or wait), with the reason when not ready.
 *
 * @param reason null when ready; else what keeps it from being ready, one clause per pipeline that is not
 */
public record Health(boolean live, boolean ready, String reason, List<Pipeline> pipelines) {

    /** One pipeline: its Kafka Streams state and, when it is not ready, why. */
    public record Pipeline(String task, String state, boolean live, boolean ready, String reason) {
    }

    /** Before any pipeline started: alive, not ready. */
    public static final Health STARTING = new Health(true, false, "starting", List.of());

    public Health {
        pipelines = List.copyOf(pipelines);
    }

    public static Health of(List<Pipeline> pipelines) {
        boolean live = pipelines.stream().allMatch(Pipeline::live);
        boolean ready = pipelines.stream().allMatch(Pipeline::ready);
        String reason = ready ? null : pipelines.stream().filter(pipeline -> !pipeline.ready())
                .map(pipeline -> pipeline.task() + ": " + pipeline.reason()).collect(Collectors.joining("; "));
        return new Health(live, ready, reason, pipelines);
    }

    public byte[] toJson() {
        return Json.write(this);
    }
}
