package io.lstmstreams.kafka;

import java.util.List;
import java.util.stream.Collectors;

/** How the topics on a broker differ from their definitions; empty when they match. */
public record TopicReport(int topicsChecked, List<Difference> differences) {

    public TopicReport {
        differences = List.copyOf(differences);
    }

    public boolean isClean() {
        return differences.isEmpty();
    }

    /** One line per difference, or a single line saying that all topics match. */
    public String render() {
        if (isClean()) {
            return "all " + topicsChecked + " topics match their definitions";
        }
        return differences.stream().map(Difference::render).collect(Collectors.joining(System.lineSeparator()));
    }

    /**
     * Refuses to go on with topics that differ from their definitions (run {@code topics create} first).
     *
     * @throws IllegalStateException with the rendered differences
     */
    public void requireClean() {
        if (!isClean()) {
            throw new IllegalStateException("topics differ from their definitions (run 'topics create'):"
                    + System.lineSeparator() + render());
        }
    }
}
