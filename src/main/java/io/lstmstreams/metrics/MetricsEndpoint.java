package io.lstmstreams.metrics;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The Prometheus scrape endpoint, {@code /metrics}: every meter registered on Micrometer's global registry (the
 * app's own, e.g. rejected model bundles, and the JVM's). The demo serves it beside its web page; {@code run}
 * serves it on {@code metrics.port}. Dashboards and the full set of pipeline metrics come with the observability
 * work.
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
            Metrics.addRegistry(registry);
        }
        return registry;
    }

    /** Adds {@code /metrics} to a server. */
    public static void addTo(HttpServer server) {
        PrometheusMeterRegistry prometheus = registry();
        server.createContext("/metrics", exchange -> {
            byte[] body = prometheus.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }

    /**
     * A server of its own for {@code /metrics} on all interfaces (Prometheus scrapes from elsewhere).
     *
     * @throws IllegalStateException the port is in use
     */
    public static HttpServer serve(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(port), 16);
            addTo(server);
            server.start();
            return server;
        } catch (BindException e) {
            throw new IllegalStateException("metrics port " + port + " is in use");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on port " + port, e);
        }
    }
}
