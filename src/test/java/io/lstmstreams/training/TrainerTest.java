package io.lstmstreams.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.lstmstreams.model.CellType;
import io.lstmstreams.model.ModelSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TrainerTest {

    /** Relative agreement two float32 reductions of the same values in different orders keep. */
    static final double FLOAT32_SUM_TOLERANCE = 1e-5;


    private static TrainingConfig config(double learningRate, int maxEpochs, int patience) {
        return new TrainingConfig(TrainingConfig.Optimizer.ADAM, learningRate, 1.0, 16, maxEpochs, patience, 0.2, 7);
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void learnsATwoSlotTokenTaskToHighAccuracy(CellType cell) {
        List<EpochReport> progress = new ArrayList<>();
        Trainer trainer = new Trainer(config(0.02, 8, 5), progress::add);

        TrainingResult result = trainer.train(ToyTasks.switchedCopySpec(cell, 0), ToyTasks.switchedCopy(300, 1), null);
        ValidationScore unseen = Trainer.evaluate(result.network(), ToyTasks.switchedCopySpec(cell, 0), ToyTasks.switchedCopy(100, 2));

        assertThat(progress).isEqualTo(result.reports());
        assertThat(result.best().validationAccuracy()).isGreaterThan(0.97);
        assertThat(unseen.accuracy()).isGreaterThan(0.97);
        assertThat(result.metrics()).containsKeys(TrainingResult.VALIDATION_LOSS, TrainingResult.VALIDATION_ACCURACY);
    }

    @Test
    void learnsSineNextValueRegression() {
        TrainingResult result = new Trainer(config(0.01, 8, 5), ProgressListener.none())
                .train(ToyTasks.sineSpec(), ToyTasks.sineNextValue(150, 1), ToyTasks.sineNextValue(50, 2));

        // A sine's variance is 0.5: the network explains 98% of it (the first steps can't know the frequency).
        assertThat(result.best().validationLoss()).isLessThan(0.01);
        assertThat(result.best().validationAccuracy()).isNaN();
        assertThat(result.metrics()).doesNotContainKey(TrainingResult.VALIDATION_ACCURACY);
    }

    @Test
    void stopsAfterPatienceWithoutImprovementAndReturnsTheBestEpochsParameters() {
        ModelSpec spec = ToyTasks.switchedCopySpec(0);
        List<TrainingSequence> validation = ToyTasks.noise(40, 2);

        TrainingResult result = new Trainer(config(0.05, 50, 2), ProgressListener.none())
                .train(spec, ToyTasks.noise(40, 1), validation);

        List<EpochReport> reports = result.reports();
        assertThat(reports).hasSizeLessThan(50).hasSize(result.bestEpoch() + 2);
        assertThat(result.best().best()).isTrue();
        assertThat(reports.subList(result.bestEpoch(), reports.size()))
                .allSatisfy(later -> assertThat(later.validationLoss()).isGreaterThanOrEqualTo(result.best().validationLoss()));
        // The loss is a float32 sum over every validation step, recomputed in another order by another call: float32
        // promises about 7 significant digits, so equal means within a relative 1e-5, not to the last double bit.
        double bestLoss = result.best().validationLoss();
        assertThat(Trainer.evaluate(result.network(), spec, validation).loss())
                .isCloseTo(bestLoss, within(FLOAT32_SUM_TOLERANCE * Math.abs(bestLoss)));
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void sameSeedAndDataGiveIdenticalParameters(CellType cell) {
        ModelSpec spec = ToyTasks.switchedCopySpec(cell, 0.2); // dropout too must be seeded
        List<TrainingSequence> data = ToyTasks.switchedCopy(60, 3);

        float[] first = trainParameters(spec, data, 7);
        float[] second = trainParameters(spec, data, 7);
        float[] otherSeed = trainParameters(spec, data, 8);

        assertThat(second).containsExactly(first);
        assertThat(Arrays.equals(otherSeed, first)).isFalse();
    }

    private static float[] trainParameters(ModelSpec spec, List<TrainingSequence> data, long seed) {
        TrainingConfig config = new TrainingConfig(TrainingConfig.Optimizer.SGD, 0.1, 1.0, 8, 3, 3, 0.25, seed);
        return new Trainer(config, ProgressListener.none()).train(spec, data, null).network().params().dup().data().asFloat();
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void stepsWithoutTargetAddNothingToTraining(CellType cell) {
        ModelSpec spec = ToyTasks.switchedCopySpec(cell, 0);
        List<TrainingSequence> training = ToyTasks.switchedCopy(40, 4);
        List<TrainingSequence> validation = ToyTasks.switchedCopy(20, 5);
        TrainingConfig config = config(0.02, 3, 3);

        TrainingResult plain = new Trainer(config, ProgressListener.none()).train(spec, training, validation);
        TrainingResult withUnlabelledTails = new Trainer(config, ProgressListener.none())
                .train(spec, withUnlabelledTail(training), withUnlabelledTail(validation));

        // Every cell is causal, so steps appended after the last target change no loss and no gradient.
        assertThat(withUnlabelledTails.network().params().dup().data().asFloat())
                .containsExactly(plain.network().params().dup().data().asFloat(), within(1e-5f));
        for (int epoch = 0; epoch < plain.reports().size(); epoch++) {
            assertThat(withUnlabelledTails.reports().get(epoch).trainLoss())
                    .isCloseTo(plain.reports().get(epoch).trainLoss(), within(1e-5));
            assertThat(withUnlabelledTails.reports().get(epoch).validationAccuracy())
                    .isEqualTo(plain.reports().get(epoch).validationAccuracy());
        }
    }

    private static List<TrainingSequence> withUnlabelledTail(List<TrainingSequence> sequences) {
        Random random = new Random(9);
        return sequences.stream().map(sequence -> {
            TokenSequence tokens = (TokenSequence) sequence;
            int length = tokens.length() + 5;
            int[][] ids = Arrays.stream(tokens.ids()).map(slot -> Arrays.copyOf(slot, length)).toArray(int[][]::new);
            int[] targets = Arrays.copyOf(tokens.targets(), length);
            for (int t = tokens.length(); t < length; t++) {
                ids[0][t] = random.nextInt(ToyTasks.SYMBOLS);
                targets[t] = TokenSequence.NO_TARGET;
            }
            return (TrainingSequence) new TokenSequence(ids, targets);
        }).toList();
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void continuesTrainingFromAnExistingNetworkWithoutChangingIt(CellType cell) {
        ModelSpec spec = ToyTasks.switchedCopySpec(cell, 0);
        List<TrainingSequence> data = ToyTasks.switchedCopy(200, 6);
        List<TrainingSequence> validation = ToyTasks.switchedCopy(60, 7);
        TrainingResult first = new Trainer(config(0.02, 8, 3), ProgressListener.none()).train(spec, data, validation);
        float[] before = first.network().params().dup().data().asFloat();

        TrainingResult warm = new Trainer(config(0.005, 1, 1), ProgressListener.none())
                .continueTraining(first.network(), spec, data, validation);
        TrainingResult cold = new Trainer(config(0.005, 1, 1), ProgressListener.none()).train(spec, data, validation);

        assertThat(first.network().params().dup().data().asFloat()).containsExactly(before);
        assertThat(warm.best().validationLoss()).isLessThan(cold.best().validationLoss());
        assertThat(warm.best().validationAccuracy()).isGreaterThanOrEqualTo(first.best().validationAccuracy() - 0.05);
    }

    @Test
    void rejectsInvalidConfiguration() {
        assertThatThrownBy(() -> new TrainingConfig(TrainingConfig.Optimizer.ADAM, 0, 1, 16, 10, 2, 0.1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("learningRate");
        assertThatThrownBy(() -> new TrainingConfig(TrainingConfig.Optimizer.ADAM, 1e-3, -1, 16, 10, 2, 0.1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gradientClip");
        assertThatThrownBy(() -> new TrainingConfig(TrainingConfig.Optimizer.SGD, 1e-3, 1, 0, 10, 2, 0.1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize");
        assertThatThrownBy(() -> new TrainingConfig(TrainingConfig.Optimizer.SGD, 1e-3, 1, 16, 10, 0, 0.1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("patience");
        assertThatThrownBy(() -> new TrainingConfig(TrainingConfig.Optimizer.SGD, 1e-3, 1, 16, 10, 2, 1.0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("validationFraction");
        assertThat(TrainingConfig.defaults().optimizer()).isEqualTo(TrainingConfig.Optimizer.ADAM);
    }

    @Test
    void rejectsDataThatDoesNotFitTheSpec() {
        Trainer trainer = new Trainer(TrainingConfig.defaults(), ProgressListener.none());

        assertThatThrownBy(() -> trainer.train(ToyTasks.switchedCopySpec(0), ToyTasks.sineNextValue(10, 1), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TokenSequences");
        TrainingConfig noSplit = new TrainingConfig(TrainingConfig.Optimizer.ADAM, 1e-3, 1, 16, 10, 2, 0, 1);
        assertThatThrownBy(() -> new Trainer(noSplit, ProgressListener.none())
                .train(ToyTasks.sineSpec(), ToyTasks.sineNextValue(10, 1), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("validationFraction is 0");
    }
}
