package io.lstmstreams.training;

import io.lstmstreams.model.Dl4jWeights;
import io.lstmstreams.model.Ensemble;
import io.lstmstreams.model.ModelSpec;
import io.lstmstreams.model.NetworkShape;
import io.lstmstreams.model.Networks;
import io.lstmstreams.model.RecurrentModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains a network for a {@link ModelSpec} with early stopping: each epoch fits length-bucketed mini-batches,
 * then scores the validation set; the parameters of the epoch with the lowest validation loss are kept and
 * restored at the end, and training stops after {@code patience} epochs without improvement.
 *
 * <p>Reproducible: with the same config, data and thread count, the same parameters come out (the seed fixes
 * weight init, dropout masks, the validation split and the batch order).
 */
public final class Trainer {

    /** How far apart the seeds of an ensemble's members are. */
    public static final long MEMBER_SEED_STRIDE = 1000;

    private final TrainingConfig config;
    private final ProgressListener listener;

    public Trainer(TrainingConfig config, ProgressListener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Trains a fresh network.
     *
     * @param validation held-out sequences, or null to hold out {@code validationFraction} of {@code sequences}
     */
    public TrainingResult train(ModelSpec spec, List<? extends TrainingSequence> sequences,
                                List<? extends TrainingSequence> validation) {
        return run(spec, Networks.create(spec, config.updater(), config.gradientClip(), config.seed()), sequences, validation,
                null);
    }

    /**
     * Trains {@code members} fresh networks as {@link #train} does, member k with seed
     * {@code seed + k * }{@value #MEMBER_SEED_STRIDE} (so ensembles of seeds 1 and 2 share no member), and merges them
     * into one wider network ({@link Ensemble}): a softmax head gives the geometric mean of their distributions. The
     * metrics are the merged network's on {@code validation}; epochs and seconds are the members' sums.
     */
    public TrainingResult trainEnsemble(ModelSpec spec, List<? extends TrainingSequence> sequences,
                                        List<? extends TrainingSequence> validation, int members) {
        if (members < 1) {
            throw new IllegalArgumentException("an ensemble needs at least one member, got " + members);
        }
        if (members == 1) {
            return train(spec, sequences, validation);
        }
        Objects.requireNonNull(validation, "an ensemble is scored on a validation set shared by its members");
        List<RecurrentModel> weights = new ArrayList<>();
        List<EpochReport> reports = new ArrayList<>();
        double seconds = 0;
        for (int member = 0; member < members; member++) {
            TrainingConfig memberConfig = config.withSeed(config.seed() + member * MEMBER_SEED_STRIDE);
            TrainingResult result = new Trainer(memberConfig, listener).train(spec, sequences, validation);
            weights.add(Dl4jWeights.extract(result.network(), spec));
            reports.addAll(result.reports());
            seconds += result.metrics().get(TrainingResult.SECONDS);
        }
        RecurrentModel merged = Ensemble.merge(weights);
        ComputationGraph network = Dl4jWeights.network(merged, config.updater(), config.gradientClip(), config.seed());
        ValidationScore score = evaluate(network, merged.spec(), validation);
        Map<String, Double> metrics = validationMetrics(score.loss(), score.accuracy());
        metrics.put(TrainingResult.MEMBERS, (double) members);
        metrics.put(TrainingResult.EPOCHS, (double) reports.size());
        metrics.put(TrainingResult.SECONDS, seconds);
        return new TrainingResult(network, reports.size(), reports, metrics);
    }

    /**
     * Trains further from an existing network's parameters. The given network is left untouched: its parameters
     * are copied into a network configured with this trainer's optimiser and clipping.
     */
    public TrainingResult continueTraining(ComputationGraph network, ModelSpec spec,
                                           List<? extends TrainingSequence> sequences,
                                           List<? extends TrainingSequence> validation) {
        return continueTraining(network, spec, sequences, validation, false);
    }

    /**
     * As {@link #continueTraining(ComputationGraph, ModelSpec, List, List)}; with {@code keepZeros}, every parameter
     * the network holds at exactly 0 is set back to 0 after each update (projected gradient descent), so that a
     * merged ensemble's off-diagonal blocks stay empty and periodic retraining keeps it an ensemble, which the step
     * engine runs at K times one member's cost (3 members of 2 x 64: 15.55 us a step; filled, 41.21 us).
     */
    public TrainingResult continueTraining(ComputationGraph network, ModelSpec spec,
                                           List<? extends TrainingSequence> sequences,
                                           List<? extends TrainingSequence> validation, boolean keepZeros) {
        NetworkShape.mismatch(spec, network).ifPresent(reason -> {
            throw new IllegalArgumentException("network does not match the spec: " + reason);
        });
        ComputationGraph warm = Networks.create(spec, config.updater(), config.gradientClip(), config.seed());
        warm.setParams(network.params());
        INDArray kept = keepZeros ? network.params().neq(0).castTo(DataType.FLOAT) : null;
        return run(spec, warm, sequences, validation, kept);
    }

    /** Scores a network on labelled steps of {@code sequences} (inference mode: no dropout). */
    public static ValidationScore evaluate(ComputationGraph network, ModelSpec spec,
                                           List<? extends TrainingSequence> sequences) {
        return score(network, spec, batches(spec, sequences, MiniBatches.plan(sequences, 64, new Random(0))));
    }

    /** @param kept 1 where a parameter may move, 0 where it stays 0; null: every one may */
    private TrainingResult run(ModelSpec spec, ComputationGraph network, List<? extends TrainingSequence> sequences,
                               List<? extends TrainingSequence> validation, INDArray kept) {
        Random random = new Random(config.seed());
        Nd4j.getRandom().setSeed(config.seed()); // dropout masks
        List<? extends TrainingSequence> training = sequences;
        if (validation == null) {
            int[][] split = split(sequences.size(), random);
            training = select(sequences, split[0]);
            validation = select(sequences, split[1]);
        }
        if (training.isEmpty() || validation.isEmpty()) {
            throw new IllegalArgumentException("need training and validation sequences, got " + training.size()
                    + " and " + validation.size());
        }
        List<MultiDataSet> validationBatches = batches(spec, validation,
                MiniBatches.plan(validation, config.batchSize(), random));

        List<EpochReport> reports = new ArrayList<>();
        INDArray bestParams = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        long started = System.nanoTime();
        for (int epoch = 1; epoch <= config.maxEpochs() && epoch - bestEpoch <= config.patience(); epoch++) {
            long epochStarted = System.nanoTime();
            double trainLoss = fitEpoch(spec, network, training, random, kept);
            ValidationScore score = score(network, spec, validationBatches);
            boolean improved = score.loss() < bestLoss;
            if (improved) {
                bestLoss = score.loss();
                bestEpoch = epoch;
                bestParams = network.params().dup();
            }
            EpochReport report = new EpochReport(epoch, trainLoss, score.loss(), score.accuracy(),
                    (System.nanoTime() - epochStarted) / 1e9, improved);
            reports.add(report);
            listener.onEpoch(report);
        }
        if (bestParams == null) {
            throw new IllegalStateException("training diverged: validation loss never finite, " + reports);
        }
        network.setParams(bestParams);

        EpochReport best = reports.get(bestEpoch - 1);
        Map<String, Double> metrics = validationMetrics(best.validationLoss(), best.validationAccuracy());
        metrics.put(TrainingResult.TRAIN_LOSS, best.trainLoss());
        metrics.put(TrainingResult.BEST_EPOCH, (double) bestEpoch);
        metrics.put(TrainingResult.EPOCHS, (double) reports.size());
        metrics.put(TrainingResult.SECONDS, (System.nanoTime() - started) / 1e9);
        return new TrainingResult(network, bestEpoch, reports, metrics);
    }

    /** A result's validation figures; accuracy and perplexity only for a classifier (accuracy not NaN). */
    private static Map<String, Double> validationMetrics(double loss, double accuracy) {
        Map<String, Double> metrics = new HashMap<>();
        metrics.put(TrainingResult.VALIDATION_LOSS, loss);
        if (!Double.isNaN(accuracy)) {
            metrics.put(TrainingResult.VALIDATION_ACCURACY, accuracy);
            metrics.put(TrainingResult.VALIDATION_PERPLEXITY, Math.exp(loss));
        }
        return metrics;
    }

    /** One pass over the training data; returns the mean loss per labelled step. */
    private double fitEpoch(ModelSpec spec, ComputationGraph network, List<? extends TrainingSequence> training,
                            Random random, INDArray kept) {
        double lossSum = 0;
        double labelledSteps = 0;
        for (int[] batch : MiniBatches.plan(training, config.batchSize(), random)) {
            MultiDataSet data = SequenceDataSets.of(spec, select(training, batch), random);
            network.fit(data);
            if (kept != null) {
                network.params().muli(kept);
            }
            // DL4J's score of a sequence batch is the summed loss of its labelled steps divided by the batch size.
            lossSum += network.score() * batch.length;
            labelledSteps += data.getLabelsMaskArray(0).sumNumber().doubleValue();
        }
        return lossSum / labelledSteps;
    }

    private int[][] split(int count, Random random) {
        if (config.validationFraction() == 0) {
            throw new IllegalArgumentException("no validation set given and validationFraction is 0");
        }
        List<Integer> order = new ArrayList<>(IntStream.range(0, count).boxed().toList());
        Collections.shuffle(order, random);
        int held = (int) Math.max(1, Math.round(count * config.validationFraction()));
        int[] shuffled = order.stream().mapToInt(Integer::intValue).toArray();
        return new int[][] {Arrays.copyOfRange(shuffled, held, count), Arrays.copyOfRange(shuffled, 0, held)};
    }

    private static List<MultiDataSet> batches(ModelSpec spec, List<? extends TrainingSequence> sequences,
                                              List<int[]> plan) {
        return plan.stream().map(batch -> SequenceDataSets.of(spec, select(sequences, batch))).toList();
    }

    private static List<? extends TrainingSequence> select(List<? extends TrainingSequence> sequences, int[] indices) {
        return Arrays.stream(indices).mapToObj(sequences::get).toList();
    }

    private static ValidationScore score(ComputationGraph network, ModelSpec spec, List<MultiDataSet> batches) {
        boolean softmax = spec.head().kind() == ModelSpec.HeadSpec.HeadKind.SOFTMAX;
        int outputs = spec.head().outputs();
        double lossSum = 0;
        long correct = 0;
        long scored = 0;
        for (MultiDataSet batch : batches) {
            INDArray output = network.output(false, batch.getFeatures(), batch.getFeaturesMaskArrays())[0];
            float[] predicted = output.dup('c').data().asFloat();
            float[] labels = batch.getLabels(0).dup('c').data().asFloat();
            float[] mask = batch.getLabelsMaskArray(0).dup('c').data().asFloat();
            int steps = (int) output.size(2);
            for (int b = 0; b < output.size(0); b++) {
                for (int t = 0; t < steps; t++) {
                    if (mask[b * steps + t] == 0) {
                        continue;
                    }
                    scored++;
                    int best = 0;
                    double stepLoss = 0;
                    for (int o = 0; o < outputs; o++) {
                        int at = (b * outputs + o) * steps + t;
                        if (predicted[at] > predicted[(b * outputs + best) * steps + t]) {
                            best = o;
                        }
                        if (softmax) {
                            stepLoss -= labels[at] * Math.log(Math.max(predicted[at], 1e-10));
                        } else {
                            stepLoss += (predicted[at] - labels[at]) * (predicted[at] - labels[at]) / outputs;
                        }
                    }
                    lossSum += stepLoss;
                    if (softmax && labels[(b * outputs + best) * steps + t] == 1) {
                        correct++;
                    }
                }
            }
        }
        return new ValidationScore(lossSum / scored, softmax ? (double) correct / scored : Double.NaN, scored);
    }
}
