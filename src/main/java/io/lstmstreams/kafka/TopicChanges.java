package io.lstmstreams.kafka;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link TopicAdmin#create} did.
 *
 * @param applied    differences it fixed: topics created, partitions added, configs set
 * @param unresolved differences Kafka cannot fix in place (fewer partitions, another replication factor)
 */
public record TopicChanges(List<Difference> applied, TopicReport unresolved) {

    public TopicChanges {
        applied = List.copyOf(applied);
    }

    /** Every topic now matches its definition. */
    public boolean isComplete() {
        return unresolved.isClean();
    }

    /** One line per change, then one per difference it could not fix. */
    public String render() {
        List<String> lines = new ArrayList<>();
        applied.forEach(difference -> lines.add(difference.renderFixed()));
        if (applied.isEmpty()) {
            lines.add("nothing to change");
        }
        unresolved.differences().forEach(difference -> lines.add("cannot fix " + difference.render()));
        if (isComplete()) {
            lines.add(unresolved.render());
        }
        return String.join(System.lineSeparator(), lines);
    }
}
