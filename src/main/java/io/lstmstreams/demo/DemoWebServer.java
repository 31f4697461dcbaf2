package io.lstmstreams.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lstmstreams.metrics.Health;
import io.lstmstreams.metrics.MetricsEndpoint;
import io.lstmstreams.wire.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The demo's web page on 127.0.0.1: {@code /} the page (one static HTML file with inline script, no build step),
 * {@code /api/state} the current {@link DemoSnapshot} as JSON, which the page polls every second, and
 * {@code /metrics} and {@code /health} as {@code run} serves them ({@link MetricsEndpoint}).
 */
public final class DemoWebServer implements AutoCloseable {

    static final String PAGE = "demo/index.html";

    private final HttpServer server;
    private final ExecutorService executor;

    private DemoWebServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * @param port   0 picks a free one
     * @param health the pipelines' health ({@link Health#STARTING} before they start)
     * @throws IllegalStateException the port is in use
     */
    public static DemoWebServer start(int port, Supplier<DemoSnapshot> state, Supplier<Health> health) {
        byte[] page = page();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        } catch (BindException e) {
            throw new IllegalStateException("port " + port + " on 127.0.0.1 is in use: give another with --port, or"
                    + " --port 0 for any free one");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the web page on port " + port, e);
        }
        server.createContext("/", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/")) {
                respond(exchange, 200, "text/html; charset=utf-8", page);
            } else {
                respond(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
            }
        });
        MetricsEndpoint.addTo(server, health);
        server.createContext("/api/state", exchange ->
                respond(exchange, 200, "application/json", Json.MAPPER.writeValueAsBytes(state.get())));
        ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "demo-web");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
        return new DemoWebServer(server, executor);
    }

    /** {@code http://127.0.0.1:PORT/} */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] page() {
        try (InputStream in = DemoWebServer.class.getClassLoader().getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException(PAGE + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PAGE, e);
        }
    }
}
