package io.lstmstreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One short demo on its own embedded broker: while it runs, headless Chromium loads the web page; when it ends, its
 * summary line is checked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoCommandIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOT = Path.of("target/demo-page.png");
    private static final Pattern PAGE_URL = Pattern.compile("web page on (http://127\\.0\\.0\\.1:\\d+/)");
    private static final Duration START_LIMIT = Duration.ofMinutes(3);

    private final CapturedCli cli = new CapturedCli();
    private final Thread demo = new Thread(() -> cli.execute("demo", "--duration", "25", "--rate", "20", "--port", "0"),
            "demo-under-test");
    private String pageUrl;

    @BeforeAll
    void startDemoAndWaitForTagsAndForecasts() throws Exception {
        demo.start();
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        HttpClient http = HttpClient.newHttpClient();
        while (System.nanoTime() < deadline && demo.isAlive()) {
            Matcher url = PAGE_URL.matcher(cli.out());
            if (url.find()) {
                pageUrl = url.group(1);
                String state = http.send(HttpRequest.newBuilder(URI.create(pageUrl + "api/state")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                // tags, and at least one scored forecast (what the forecast chart draws)
                if (!state.contains("\"tags\":0,") && !state.contains("\"series\":[]")) {
                    return;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the demo produced no tags or no forecasts within " + START_LIMIT + "; out:\n" + cli.out() + "\nerr:\n" + cli.err());
    }

    @AfterAll
    void awaitDemo() throws InterruptedException {
        demo.join(Duration.ofMinutes(2).toMillis());
    }

    @Test
    @Order(1)
    void webPageShowsTaggedSentencesAndCountersInHeadlessChromium() throws Exception {
        assertThat(CHROMIUM).as("Debian's chromium drives this test; install it with: apt-get install -y chromium")
                .isExecutable();

        String dom = chromium("--dump-dom", pageUrl);
        chromium("--screenshot=" + SCREENSHOT.toAbsolutePath(), "--window-size=1400,1100", pageUrl);

        assertThat(dom).contains("class=\"sentence\"").contains("class=\"tok");
        assertThat(counter(dom, "tags")).isPositive();
        assertThat(counter(dom, "events")).isPositive();
        assertThat(dom).contains("id=\"forecast\"").contains("the forecast made one window");
        assertThat(chartPoints(dom, "forecast")).as("points in the forecast chart").isPositive();
        assertThat(chartPoints(dom, "throughput")).as("points in the throughput chart").isPositive();
        assertThat(SCREENSHOT).isNotEmptyFile();
    }

    @Test
    @Order(2)
    void endsWithASummaryLineOfTagsAnomaliesForecastsAndDeadLetters() throws InterruptedException {
        demo.join(Duration.ofMinutes(2).toMillis());

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        List<String> lines = cli.out().lines().toList();
        String summary = lines.get(lines.size() - 1);
        assertThat(summary).matches("events=\\d+ tags=\\d+ anomalies=\\d+ forecasts=\\d+ promotions=0 dead_letters=\\d+"
                + " upos_accuracy=\\d\\.\\d{4} mase=\\d+\\.\\d{4} p99_ms=\\d+");
        assertThat(field(summary, "forecasts")).isPositive();
        assertThat(field(summary, "tags")).isPositive();
        assertThat(field(summary, "anomalies")).isPositive();
        assertThat(field(summary, "dead_letters")).isPositive();
    }

    /** Runs headless Chromium on the page with a few seconds of virtual time for its polling script. */
    private static String chromium(String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--disable-gpu",
                "--no-sandbox", "--disable-dev-shm-usage", "--virtual-time-budget=5000"));
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile("chromium-", ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(false).redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish within 90 s: " + command);
        }
        String out = Files.readString(output);
        Files.delete(output);
        assertThat(process.exitValue()).as("chromium exit code for " + command).isZero();
        return out;
    }

    /** The value shown in the page's counter box with that label. */
    private static double counter(String dom, String label) {
        Matcher matcher = Pattern.compile("data-counter=\"" + label + "\"><b>([0-9.]+)</b>").matcher(dom);
        assertThat(matcher.find()).as("counter '" + label + "' with a number in the page").isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    private static long field(String summary, String name) {
        Matcher matcher = Pattern.compile("\\b" + name + "=(\\d+)").matcher(summary);
        assertThat(matcher.find()).as(name + " in " + summary).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    /** The number of points a chart drew, which the page writes into its canvas as {@code data-points}. */
    private static int chartPoints(String dom, String canvasId) {
        Matcher matcher = Pattern.compile("<canvas id=\"" + canvasId + "\"[^>]*data-points=\"(\\d+)\"").matcher(dom);
        assertThat(matcher.find()).as("canvas '" + canvasId + "' with data-points in " + dom.length() + " characters of DOM").isTrue();
        return Integer.parseInt(matcher.group(1));
    }
}
