package io.lstmstreams.cli;

import io.lstmstreams.data.Conllu;
import io.lstmstreams.data.Sentence;
import io.lstmstreams.model.CellType;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.pos.PosTask;
import io.lstmstreams.training.TrainingConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A small pos model and EWT input for tests that run {@code run} as a process, and the arguments they share. */
final class PosFixtures {

    static final Path EWT_DEV = Path.of("src/main/resources/data/ewt/en_ewt-ud-dev.conllu.gz");

    private PosFixtures() {
    }

    /** One epoch on 100 EWT sentences (seconds): tags are poor, but each depends on the sentence's state so far. */
    static ModelBundle tinyModel(Path file) throws IOException {
        TrainingConfig quick = new TrainingConfig(TrainingConfig.Optimizer.ADAM, 1e-2, 5.0, 32, 1, 1, 0.1, 1);
        ModelBundle bundle = PosTask.train(sentences(300, 400), new PosTask.Options(0, CellType.LSTM, 16, 1, 0.0, 8, 4,
                256, 1, 0, quick), null, 0, 1, report -> { });
        bundle.write(file);
        return bundle;
    }

    /** EWT dev sentences {@code from} (inclusive) to {@code to}. */
    static List<Sentence> sentences(int from, int to) throws IOException {
        return Conllu.read(EWT_DEV).subList(from, to);
    }

    /** {@code run} of the pos pipeline on this model, retraining off, named by {@code prefix}, then {@code more}. */
    static List<String> runPos(String bootstrapServers, Path bundle, String prefix, Path stateDir, String... more) {
        List<String> args = new ArrayList<>(List.of("run", "--bootstrap-servers", bootstrapServers, "--set", "pipelines=pos",
                "--set", "pos.model=" + bundle, "--set", "retrain.enabled=false", "--set", "application.id.prefix=" + prefix,
                "--set", "state.dir=" + stateDir));
        Stream.of(more).forEach(args::add);
        return args;
    }
}
