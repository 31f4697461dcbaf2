package io.lstmstreams.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The process's HTTP endpoint for operators: {@code /metrics}, the Prometheus scrape of every meter registered on
 * Micrometer's global registry (the pipelines', the retrainers', Kafka Streams' own, the JVM's and the process's),
 * and {@code /health}: 200 when every pipeline is ready, 503 otherwise, with a JSON {@link Health} saying why;
 * {@code /health/live} is 200 while the process can still make progress by itself (a liveness probe). {@code run}
 * serves it on {@code metrics.host:metrics.port}; the demo beside its web page.
 */
public final class MetricsEndpoint {

    private static PrometheusMeterRegistry registry;

    private MetricsEndpoint() {
    }

    /**
     * The process's Prometheus registry, added to the global one on first use. Call it before meters count:
     * Micrometer gives a registry added later the existing meters, but from zero.
     */
    public static synchronized PrometheusMeterRegistry registry() {
        if (registry == null) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new JvmMemoryMetrics().bindTo(registry);
            new JvmGcMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            new FileDescriptorMetrics().bindTo(registry);
            Metrics.addRegistry(registry);
        }
        return registry;
    }

    /** Adds {@code /metrics} and {@code /health} to a server. */
    public static void addTo(HttpServer server, Supplier<Health> health) {
        PrometheusMeterRegistry prometheus = registry();
        server.createContext("/metrics", exchange -> respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                prometheus.scrape().getBytes(StandardCharsets.UTF_8)));
        server.createContext("/health", exchange -> {
            Health now = health.get();
            boolean up = exchange.getRequestURI().getPath().equals("/health/live") ? now.live() : now.ready();
            respond(exchange, up ? 200 : 503, "application/json", now.toJson());
        });
    }

    /**
     * A server of its own for {@code /metrics} and {@code /health}.
     *
     * @param host 127.0.0.1 keeps it on this machine; 0.0.0.0 lets a Prometheus elsewhere scrape it
     * @throws IllegalStateException the port is in use
     */
    public static HttpServer serve(String host, int port, Supplier<Health> health) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
            addTo(server, health);
            server.start();
            return server;
        } catch (BindException e) {
            throw new IllegalStateException("metrics port " + port + " is in use on " + host);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on " + host + ":" + port, e);
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
