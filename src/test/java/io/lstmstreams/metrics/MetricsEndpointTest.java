package io.lstmstreams.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.lstmstreams.config.ConfigKey;
import io.lstmstreams.wire.Json;
import io.micrometer.core.instrument.Metrics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {

    private static final Health READY = Health.of(List.of(new Health.Pipeline("pos", "RUNNING", true, true, null)));

    private static HttpResponse<String> get(HttpServer server, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheGlobalRegistryInPrometheusFormat() throws Exception {
        HttpServer server = MetricsEndpoint.serve("127.0.0.1", 0, () -> READY);
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
    void healthIs200WhenEveryPipelineIsReadyAnd503WithTheReasonWhenOneIsNot() throws Exception {
        Health.Pipeline running = new Health.Pipeline("pos", "RUNNING", true, true, null);
        Health.Pipeline rebalancing = new Health.Pipeline("logkeys", "REBALANCING", true, false, "rebalancing");
        AtomicReference<Health> health = new AtomicReference<>(Health.of(List.of(running)));
        HttpServer server = MetricsEndpoint.serve("127.0.0.1", 0, health::get);
        try {
            assertThat(get(server, "/health").statusCode()).isEqualTo(200);

            health.set(Health.of(List.of(running, rebalancing)));
            HttpResponse<String> notReady = get(server, "/health");
            HttpResponse<String> live = get(server, "/health/live");

            assertThat(notReady.statusCode()).isEqualTo(503);
            JsonNode body = Json.MAPPER.readTree(notReady.body());
            assertThat(body.get("ready").asBoolean()).isFalse();
            assertThat(body.get("live").asBoolean()).isTrue();
            assertThat(body.get("reason").asText()).isEqualTo("logkeys: rebalancing");
            assertThat(body.get("pipelines").get(1).get("state").asText()).isEqualTo("REBALANCING");
            assertThat(live.statusCode()).isEqualTo(200);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aFailedPipelineIsNotLive() {
        Health health = Health.of(List.of(new Health.Pipeline("pos", "ERROR", false, false, "failed")));

        assertThat(health.live()).isFalse();
        assertThat(health.reason()).isEqualTo("pos: failed");
    }

    @Test
    void aPortInUseIsNamed() {
        HttpServer taken = MetricsEndpoint.serve("127.0.0.1", 0, () -> READY);
        try {
            int port = taken.getAddress().getPort();
            assertThatThrownBy(() -> MetricsEndpoint.serve("127.0.0.1", port, () -> READY)).hasMessageContaining("metrics port " + port + " is in use");
        } finally {
            taken.stop(0);
        }
    }

    @Test
    void byDefaultItListensOnTheLoopbackAddressOnlySoNoOtherInterfaceReachesIt() throws Exception {
        HttpServer server = MetricsEndpoint.serve(ConfigKey.METRICS_HOST.defaultValue(), 0, () -> READY);
        try {
            int port = server.getAddress().getPort();
            assertThat(server.getAddress().getAddress().isLoopbackAddress()).isTrue();
            assertThat(get(server, "/health").statusCode()).isEqualTo(200);
            List<InetAddress> others = NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses)
                    .filter(address -> !address.isLoopbackAddress() && !address.isLinkLocalAddress()).toList();
            for (InetAddress other : others) {
                try (Socket socket = new Socket()) {
                    assertThatThrownBy(() -> socket.connect(new InetSocketAddress(other, port), 2_000))
                            .as("connect to %s:%d", other, port).isInstanceOf(IOException.class);
                }
            }
        } finally {
            server.stop(0);
        }
    }
}
