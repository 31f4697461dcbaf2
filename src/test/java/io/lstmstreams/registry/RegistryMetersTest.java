package io.lstmstreams.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.model.ModelBundle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryMetersTest {

    private static final class Target implements ModelTarget {

        @Override
        public String task() {
            return "pos";
        }

        @Override
        public Optional<String> incompatibility(ModelBundle bundle) {
            return Optional.empty();
        }

        @Override
        public void swapTo(ModelBundle bundle) {
        }

        @Override
        public long runningVersion() {
            return 3;
        }
    }

    @Test
    void countsRejectionsAndSwapsTaggedByTask() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Target target = new Target();
        RegistryMeters meters = new RegistryMeters(target);
        meters.bindTo(registry);

        meters.rejected();
        meters.rejected();
        meters.swapped();

        assertThat(meters.rejectedCount()).isEqualTo(2);
        assertThat(registry.get("lstm.models.rejected").tag("task", "pos").counter().count()).isEqualTo(2);
        assertThat(registry.get("lstm.models.swaps").tag("task", "pos").counter().count()).isEqualTo(1);
    }
}
