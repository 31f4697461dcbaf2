package io.lstmstreams.cli;

import io.lstmstreams.model.CellType;
import io.lstmstreams.training.TrainingConfig;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options every {@code train} command shares; what is not given keeps the task's default. */
final class TrainingOptions {

    @Option(names = "--epochs", paramLabel = "N", description = "At most this many epochs (default: pos 12, logkeys 100, forecast 60, mnist 20).")
    Integer epochs;

    @Option(names = "--validation", paramLabel = "F", description = "Share of the training data kept apart, never trained on: early stopping, and for"
            + " logkeys calibration, for mnist validation_accuracy (default: forecast 0.2, others 0.1).")
    Double validation;

    @Option(names = "--seed", defaultValue = "42", description = "Initialisation and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--model-version", defaultValue = "1", description = "Version written into the bundle (default: ${DEFAULT-VALUE}).")
    long version;

    TrainingConfig apply(TrainingConfig defaults) {
        return new TrainingConfig(defaults.optimizer(), defaults.learningRate(), defaults.gradientClip(), defaults.batchSize(),
                epochs == null ? defaults.maxEpochs() : epochs, defaults.patience(),
                validation == null ? defaults.validationFraction() : validation, seed);
    }

    /** The recurrent network's cell and size; what is not given keeps the task's default. */
    static final class Size {

        @Option(names = "--cell", paramLabel = "CELL", converter = CellConverter.class,
                description = "Recurrent cell: lstm, gru, rnn (Elman, tanh) or rnn_relu (default: lstm).")
        CellType cell;

        @Option(names = "--hidden", paramLabel = "N", description = "Units per recurrent layer (default: pos 256, logkeys 64, forecast 32, mnist 128).")
        Integer hidden;

        @Option(names = "--layers", paramLabel = "N", description = "Stacked recurrent layers (default: pos 2, logkeys 2, forecast 1, mnist 1).")
        Integer layers;

        @Option(names = "--dropout", paramLabel = "P",
                description = "Dropout between layers, before the head and on embeddings (default: pos 0.5, others 0).")
        Double dropout;

        CellType cell(CellType taskDefault) {
            return cell == null ? taskDefault : cell;
        }

        int hidden(int taskDefault) {
            return hidden == null ? taskDefault : hidden;
        }

        int layers(int taskDefault) {
            return layers == null ? taskDefault : layers;
        }

        double dropout(double taskDefault) {
            return dropout == null ? taskDefault : dropout;
        }
    }

    /** {@code --cell} by its label, as bundles and docs name it. */
    static final class CellConverter implements CommandLine.ITypeConverter<CellType> {
        @Override
        public CellType convert(String value) {
            return CellType.ofLabel(value);
        }
    }
}
