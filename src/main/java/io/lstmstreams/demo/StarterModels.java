package io.lstmstreams.demo;

import io.lstmstreams.data.Conllu;
import io.lstmstreams.data.LogSessions;
import io.lstmstreams.data.Sentence;
import io.lstmstreams.data.Series;
import io.lstmstreams.data.SeriesCsv;
import io.lstmstreams.forecast.ForecastTask;
import io.lstmstreams.logkeys.LogKeysTask;
import io.lstmstreams.model.CellType;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.pos.PosTask;
import io.lstmstreams.training.EpochReport;
import io.lstmstreams.training.ProgressListener;
import io.lstmstreams.training.TrainingConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Small models trained at start on the data that ships in the jar, and the data held apart from their training
 * for the demo to replay: the last EWT dev sentences, the last 20% of the HDFS sessions. Small and few epochs, so
 * both train side by side in seconds; accuracy is below what {@code train} reaches (see the README's figures).
 */
record StarterModels(Path posModel, Path logkeysModel, Path forecastModel, List<Sentence> heldApartSentences,
                     List<int[]> heldApartSessions, List<Series> series) {

    static final String EWT_DEV = "data/ewt/en_ewt-ud-dev.conllu.gz";
    static final String HDFS_SESSIONS = "data/hdfs/hdfs_train";
    static final int POS_TRAINING_SENTENCES = 1_500;
    static final double LOGKEYS_TRAINING_SHARE = 0.8;
    /**
     * Series of different scales and kinds: hundreds of passengers, thousands of deaths, gas use (classic monthly and
     * quarterly series) and a road sensor's occupancy every 5 minutes (NAB realTraffic).
     */
    static final List<String> SERIES = List.of("data/series/AirPassengers.csv", "data/series/USAccDeaths.csv",
            "data/series/UKgas.csv", "data/series/occupancy_6005.csv");
    static final int SEASON = 12;

    /** Large batches and a high step size: two quick epochs get most of the way. */
    private static final TrainingConfig QUICK = new TrainingConfig(TrainingConfig.Optimizer.ADAM, 1e-2, 5.0, 64, 2, 1,
            0.1, 42);
    private static final PosTask.Options POS = new PosTask.Options(0, CellType.LSTM, 64, 1, 0.25, 50, 16, 4096, 2, 0, QUICK);
    private static final LogKeysTask.Options LOGKEYS = new LogKeysTask.Options(CellType.LSTM, 32, 1, 0.0, 16, QUICK);
    /** Horizon 6, an LSTM of 8: trains in a few seconds; Holt-Winters carries the forecasts until it helps. */
    private static final ForecastTask.Options FORECAST = new ForecastTask.Options(6, CellType.LSTM, 8, 1, 0.0, QUICK);

    /** Copies the shipped data from the classpath into {@code dir} (so it runs from the jar), then trains both models. */
    static StarterModels train(Path dir, PrintWriter out) {
        List<Sentence> sentences = Conllu.read(extract(EWT_DEV, dir));
        List<int[]> sessions = LogSessions.read(extract(HDFS_SESSIONS, dir));
        int sentenceCut = Math.min(POS_TRAINING_SENTENCES, sentences.size() - 1);
        int sessionCut = (int) Math.round(sessions.size() * LOGKEYS_TRAINING_SHARE);
        List<Series> series = SERIES.stream().map(resource -> SeriesCsv.read(extract(resource, dir))).toList();
        out.printf("demo: training starter models side by side: pos on the first %d EWT dev sentences (LSTM %d, %d epochs),"
                        + " logkeys on the first %d HDFS sessions (LSTM %d, %d epochs)%n", sentenceCut, POS.hiddenSize(),
                QUICK.maxEpochs(), sessionCut, LOGKEYS.hiddenSize(), QUICK.maxEpochs());
        ExecutorService trainers = Executors.newFixedThreadPool(2, runnable -> new Thread(runnable, "demo-training"));
        try {
            CompletableFuture<Path> pos = CompletableFuture.supplyAsync(() -> trained("pos", dir, out,
                    listener -> PosTask.train(sentences.subList(0, sentenceCut), POS, null, 0, 1, listener)), trainers);
            CompletableFuture<Path> logkeys = CompletableFuture.supplyAsync(() -> trained("logkeys", dir, out,
                    listener -> LogKeysTask.train(sessions.subList(0, sessionCut), LOGKEYS, 1, listener)), trainers);
            // Trained on the series the feed replays: the demo shows the pipeline, not generalisation.
            CompletableFuture<Path> forecast = CompletableFuture.supplyAsync(() -> trained("forecast", dir, out,
                    listener -> ForecastTask.train(series, SEASON, FORECAST, 1, listener)), trainers);
            return new StarterModels(pos.join(), logkeys.join(), forecast.join(),
                    sentences.subList(sentenceCut, sentences.size()), sessions.subList(sessionCut, sessions.size()), series);
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        } finally {
            trainers.shutdownNow();
        }
    }

    private interface Training {
        ModelBundle run(ProgressListener listener);
    }

    private static Path trained(String name, Path dir, PrintWriter out, Training training) {
        long begin = System.nanoTime();
        AtomicReference<EpochReport> last = new AtomicReference<>();
        ModelBundle bundle = training.run(last::set);
        Path file = dir.resolve(name + ".bundle");
        try {
            bundle.write(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        double accuracy = last.get().validationAccuracy();
        out.printf(Locale.ROOT, "demo: %s model trained in %.1f s, validation loss %.3f%s after %d epochs: %s%n",
                name, (System.nanoTime() - begin) / 1e9, last.get().validationLoss(),
                Double.isNaN(accuracy) ? "" : String.format(Locale.ROOT, " (accuracy %.3f)", accuracy), // regression: none
                last.get().epoch(), file);
        return file;
    }

    private static Path extract(String resource, Path dir) {
        Path file = dir.resolve(Path.of(resource).getFileName().toString());
        try (InputStream in = StarterModels.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("shipped data " + resource + " is missing from the classpath");
            }
            Files.copy(in, file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + resource + " to " + dir, e);
        }
    }
}
