package io.lstmstreams.cli;

import io.lstmstreams.training.TrainingConfig;
import picocli.CommandLine.Option;

/** The options every {@code train} command shares; what is not given keeps the task's default. */
final class TrainingOptions {

    @Option(names = "--epochs", paramLabel = "N", description = "At most this many epochs (default: pos 12, logkeys 30, forecast 60).")
    Integer epochs;

    @Option(names = "--seed", defaultValue = "42", description = "Initialisation and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--model-version", defaultValue = "1", description = "Version written into the bundle (default: ${DEFAULT-VALUE}).")
    long version;

    TrainingConfig apply(TrainingConfig defaults) {
        return new TrainingConfig(defaults.optimizer(), defaults.learningRate(), defaults.gradientClip(), defaults.batchSize(),
                epochs == null ? defaults.maxEpochs() : epochs, defaults.patience(), defaults.validationFraction(), seed);
    }

    /** The recurrent network's size, for the tagging tasks. */
    static final class Size {

        @Option(names = "--hidden", paramLabel = "N", description = "LSTM units (default: pos 256, logkeys 64).")
        Integer hidden;

        @Option(names = "--layers", paramLabel = "N", description = "Stacked LSTM layers (default: pos 2, logkeys 2).")
        Integer layers;

        int hidden(int taskDefault) {
            return hidden == null ? taskDefault : hidden;
        }

        int layers(int taskDefault) {
            return layers == null ? taskDefault : layers;
        }
    }
}
