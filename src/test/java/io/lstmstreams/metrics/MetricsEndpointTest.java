package io.lstmstreams.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Metrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {

    @Test
    void servesTheGlobalRegistryInPrometheusFormat() throws Exception {
        HttpServer server = MetricsEndpoint.serve(0);
        Metrics.counter("lstm.test.events", "task", "pos").increment(3);
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("lstm_test_events_total{task=\"pos\"} 3.0").contains("jvm_memory_used_bytes");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aPortInUseIsNamed() {
        HttpServer taken = MetricsEndpoint.serve(0);
        try {
            int port = taken.getAddress().getPort();
            assertThatThrownBy(() -> MetricsEndpoint.serve(port)).hasMessageContaining("metrics port " + port + " is in use");
        } finally {
            taken.stop(0);
        }
    }
}
