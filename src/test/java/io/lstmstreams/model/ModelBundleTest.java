package io.lstmstreams.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

class ModelBundleTest {

    private static final ModelSpec TWO_SLOT_TAGGER = new ModelSpec(
            ModelSpec.InputSpec.tokens(List.of(
                    new ModelSpec.TokenSlot("word", 6, 4), new ModelSpec.TokenSlot("suffix", 3, 2))),
            CellType.LSTM, 8, 2, 0.1, ModelSpec.HeadSpec.softmax(3));

    @TempDir
    Path directory;

    @Test
    void roundTripsMetadataAndNetworkOutputsBitForBit() throws Exception {
        BundleMetadata metadata = new BundleMetadata("pos", 7, 6L, TWO_SLOT_TAGGER,
                Map.of("word", List.of("<unk>", "the", "cat", "sat", "on", "mat"), "suffix", List.of("", "e", "t")),
                List.of("DET", "NOUN", "VERB"), new BundleMetadata.Normalisation(new double[] {1.5}, new double[] {0.5}),
                Map.of("validationLoss", 0.25, "validationAccuracy", 0.9), Instant.parse("2025-01-02T03:04:05.123Z"),
                Map.of("lookAhead", "2"));
        ComputationGraph network = Networks.create(TWO_SLOT_TAGGER, new Adam(1e-3), 1.0, 3);
        ModelBundle bundle = ModelBundle.of(metadata, network);
        Path file = directory.resolve("pos-7.bundle");

        bundle.write(file);
        ModelBundle fromFile = ModelBundle.read(file);
        ModelBundle fromBytes = ModelBundle.fromBytes(bundle.toBytes());

        INDArray words = Nd4j.createFromArray(new float[][] {{1, 2, 3, 4, 5}, {5, 4, 3, 2, 0}});
        INDArray suffixes = Nd4j.createFromArray(new float[][] {{0, 1, 2, 1, 0}, {2, 2, 1, 1, 0}});
        float[] expected = network.outputSingle(words, suffixes).data().asFloat();
        for (ModelBundle loaded : List.of(fromFile, fromBytes)) {
            assertThat(loaded.metadata()).isEqualTo(metadata);
            assertThat(loaded.checksum()).isEqualTo(bundle.checksum()).hasSize(64);
            assertThat(loaded.network().outputSingle(words, suffixes).data().asFloat()).containsExactly(expected);
        }
    }

    @Test
    void roundTripsRegressionNetworkOnRandomFeatures() throws Exception {
        ModelSpec spec = new ModelSpec(ModelSpec.InputSpec.features(3), CellType.LSTM, 5, 1, 0, ModelSpec.HeadSpec.regression(2));
        ComputationGraph network = Networks.create(spec, new Adam(1e-3), 0, 11);
        ModelBundle loaded = ModelBundle.fromBytes(ModelBundle.of(BundleMetadata.of("forecast", 1, spec), network).toBytes());

        INDArray features = Nd4j.rand(DataType.FLOAT, 4, 3, 9);
        assertThat(loaded.network().outputSingle(features).data().asFloat())
                .containsExactly(network.outputSingle(features).data().asFloat());
        assertThat(loaded.metadata().parentVersion()).isNull();
        assertThat(loaded.metadata().normalisation()).isNull();
    }

    @Test
    void rejectsAFlippedByteByChecksum() {
        byte[] bytes = smallBundle().toBytes();
        bytes[bytes.length / 2] ^= 0x01;

        assertThatThrownBy(() -> ModelBundle.fromBytes(bytes))
                .isInstanceOf(InvalidBundleException.class).hasMessageStartingWith("checksum mismatch");
    }

    @Test
    void rejectsATruncatedFile() throws Exception {
        byte[] bytes = smallBundle().toBytes();
        Path file = directory.resolve("truncated.bundle");
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 100));

        assertThatThrownBy(() -> ModelBundle.read(file))
                .isInstanceOf(InvalidBundleException.class).hasMessageStartingWith(file + ": length mismatch");
        assertThatThrownBy(() -> ModelBundle.fromBytes(Arrays.copyOf(bytes, 10)))
                .isInstanceOf(InvalidBundleException.class).hasMessageStartingWith("truncated");
    }

    @Test
    void rejectsWrongMagic() {
        byte[] bytes = smallBundle().toBytes();
        bytes[0] = 'X';

        assertThatThrownBy(() -> ModelBundle.fromBytes(bytes))
                .isInstanceOf(InvalidBundleException.class).hasMessageStartingWith("bad magic");
    }

    @Test
    void aFileThatIsNoBundleIsRefusedByName(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("report.json"), "{\"format\": 2, \"machine\": {\"cpu\": \"AMD EPYC\"}, \"rows\": []}\n");

        assertThatThrownBy(() -> ModelBundle.read(file))
                .isInstanceOf(InvalidBundleException.class).hasMessageStartingWith(file + ": bad magic");
    }

    @Test
    void rejectsAnotherFormatVersion() {
        byte[] bytes = smallBundle().toBytes();
        ByteBuffer.wrap(bytes).putInt(8, ModelBundle.FORMAT_VERSION + 1);

        assertThatThrownBy(() -> ModelBundle.fromBytes(bytes))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessage("unsupported format version: expected 1, got 2");
    }

    @Test
    void rejectsABundleOverTheSizeLimitBeforeReadingIt() throws Exception {
        ModelBundle bundle = smallBundle();
        Path file = directory.resolve("big.bundle");
        bundle.write(file);

        assertThatThrownBy(() -> ModelBundle.read(file, bundle.sizeBytes() - 1))
                .isInstanceOf(InvalidBundleException.class).hasMessageStartingWith(file + ": too large");
        assertThatThrownBy(() -> ModelBundle.fromBytes(bundle.toBytes(), 1024))
                .isInstanceOf(InvalidBundleException.class).hasMessageStartingWith("too large");
    }

    @Test
    void rejectsANetworkWhoseShapeDoesNotMatchTheSpec() {
        ModelSpec wider = new ModelSpec(TWO_SLOT_TAGGER.input(), CellType.LSTM, 9, 2, 0.1, TWO_SLOT_TAGGER.head());
        ComputationGraph network = Networks.create(wider, new Adam(1e-3), 0, 1);

        assertThat(NetworkShape.mismatch(TWO_SLOT_TAGGER, network)).hasValueSatisfying(reason ->
                assertThat(reason).startsWith("parameter shapes").contains("lstm0_RW"));
        assertThatThrownBy(() -> ModelBundle.of(BundleMetadata.of("pos", 1, TWO_SLOT_TAGGER), network))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match the spec");
    }

    @Test
    void refusesABidirectionalNetworkBecauseItCannotStream() {
        ModelSpec spec = new ModelSpec(ModelSpec.InputSpec.features(3), CellType.LSTM, 4, 1, 0.0, ModelSpec.HeadSpec.softmax(2));
        ComputationGraph network = new ComputationGraph(new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs(Networks.FEATURES_INPUT)
                .addLayer(Networks.recurrentLayer(CellType.LSTM, 0), new Bidirectional(Bidirectional.Mode.ADD,
                        new LSTM.Builder().nIn(3).nOut(4).dataFormat(RNNFormat.NCW).build()), Networks.FEATURES_INPUT)
                .addLayer(Networks.HEAD, new RnnOutputLayer.Builder().activation(Activation.SOFTMAX).nIn(4).nOut(2)
                        .dataFormat(RNNFormat.NCW).build(), Networks.recurrentLayer(CellType.LSTM, 0))
                .setOutputs(Networks.HEAD).build());
        network.init();

        assertThatThrownBy(() -> ModelBundle.of(BundleMetadata.of("pos", 1, spec), network))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lstm0 is bidirectional").hasMessageContaining("a streaming model must be causal");
    }

    @ParameterizedTest
    @EnumSource(value = CellType.class, names = {"GRU", "RNN", "RNN_RELU"})
    void aBundleOfAnotherCellRoundTripsAndIsNotTakenForAnLstm(CellType cell) throws Exception {
        ModelSpec spec = new ModelSpec(TWO_SLOT_TAGGER.input(), cell, 8, 2, 0.1, TWO_SLOT_TAGGER.head());
        ComputationGraph network = Dl4jReference.randomNetwork(spec, 3);
        ModelBundle bundle = ModelBundle.of(BundleMetadata.of("pos", 1, spec), network);

        ModelBundle read = ModelBundle.fromBytes(bundle.toBytes());

        assertThat(read.metadata().spec().cell()).isEqualTo(cell);
        assertThat(read.network().params().toFloatVector()).containsExactly(network.params().toFloatVector());
        ModelSpec asLstm = new ModelSpec(spec.input(), CellType.LSTM, 8, 2, 0.1, spec.head());
        assertThat(NetworkShape.mismatch(asLstm, read.network())).hasValueSatisfying(reason -> assertThat(reason).startsWith("layers"));
    }

    @Test
    void rejectsABundleWhoseMetadataSpecDisagreesWithItsNetwork() throws Exception {
        ModelSpec regression = new ModelSpec(TWO_SLOT_TAGGER.input(), CellType.LSTM, 8, 2, 0.1,
                ModelSpec.HeadSpec.regression(3));
        byte[] tampered = rewriteMetadata(smallBundle().toBytes(), BundleMetadata.of("pos", 1, regression));

        assertThatThrownBy(() -> ModelBundle.fromBytes(tampered))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("network does not match the spec")
                .hasMessageContaining("head activation");
    }

    @Test
    void putsTheSameNetworkUnderASuccessorsMetadata() throws Exception {
        ModelBundle parent = smallBundle();
        BundleMetadata successor = parent.metadata().successor(Instant.parse("2025-01-02T03:04:05Z"));

        ModelBundle child = ModelBundle.fromBytes(parent.withMetadata(successor).toBytes());

        INDArray words = Nd4j.createFromArray(new float[][] {{1, 2, 3, 4, 5}});
        INDArray suffixes = Nd4j.createFromArray(new float[][] {{0, 1, 2, 1, 0}});
        assertThat(child.metadata()).isEqualTo(successor);
        assertThat(child.checksum()).isNotEqualTo(parent.checksum());
        assertThat(child.network().outputSingle(words, suffixes).data().asFloat())
                .containsExactly(parent.network().outputSingle(words, suffixes).data().asFloat());
        ModelSpec wider = new ModelSpec(TWO_SLOT_TAGGER.input(), CellType.LSTM, 9, 2, 0.1, TWO_SLOT_TAGGER.head());
        assertThatThrownBy(() -> parent.withMetadata(BundleMetadata.of("pos", 2, wider)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not the network's");
    }

    @Test
    void readsTheMetadataWithoutBuildingTheNetwork() throws Exception {
        ModelBundle bundle = smallBundle();
        byte[] unbuildable = rewrite(bundle.toBytes(), bundle.metadata(), "not a DL4J zip".getBytes());

        assertThat(ModelBundle.readMetadata(bundle.toBytes(), ModelBundle.DEFAULT_MAX_BYTES)).isEqualTo(bundle.metadata());
        assertThat(ModelBundle.readMetadata(unbuildable, ModelBundle.DEFAULT_MAX_BYTES)).isEqualTo(bundle.metadata());
        assertThatThrownBy(() -> ModelBundle.fromBytes(unbuildable))
                .isInstanceOf(InvalidBundleException.class).hasMessageStartingWith("unreadable network");
    }

    @Test
    void readingTheMetadataAloneRejectsWhatTheFullReadRejectsBeforeTheNetwork() {
        byte[] good = smallBundle().toBytes();
        byte[] flipped = good.clone();
        flipped[flipped.length / 2] ^= 0x01;
        byte[] badMagic = good.clone();
        badMagic[0] = 'X';
        for (byte[] bad : List.of(flipped, badMagic, Arrays.copyOf(good, good.length - 100), Arrays.copyOf(good, 10))) {
            String fullRead = catchThrowable(() -> ModelBundle.fromBytes(bad)).getMessage();
            assertThatThrownBy(() -> ModelBundle.readMetadata(bad, ModelBundle.DEFAULT_MAX_BYTES))
                    .isInstanceOf(InvalidBundleException.class).hasMessage(fullRead);
        }
        assertThatThrownBy(() -> ModelBundle.readMetadata(good, good.length - 1))
                .isInstanceOf(InvalidBundleException.class).hasMessageStartingWith("too large");
    }

    @Test
    void refusesANetworkZipWithAnEntryThatDl4jWouldJavaDeserialize() throws Exception {
        ModelBundle bundle = smallBundle();
        byte[] network = withEntry(networkOf(bundle.toBytes()), "preprocessor.bin", Tripwire.serialized());
        Tripwire.deserialized = false;
        // DL4J deserializes the entry, and only then finds it is not a preprocessor: a gadget's code would have run.
        catchThrowable(() -> ModelSerializer.restoreComputationGraph(new java.io.ByteArrayInputStream(network), false));
        assertThat(Tripwire.deserialized).as("DL4J itself deserializes the entry").isTrue();
        Tripwire.deserialized = false;

        byte[] forged = rewrite(bundle.toBytes(), bundle.metadata(), network);

        assertThatThrownBy(() -> ModelBundle.fromBytes(forged)).isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("entry 'preprocessor.bin'");
        assertThat(Tripwire.deserialized).isFalse();
    }

    /** Records that Java deserialization ran, as a gadget would. */
    static final class Tripwire implements java.io.Serializable {
        static volatile boolean deserialized;

        static byte[] serialized() throws java.io.IOException {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
                out.writeObject(new Tripwire());
            }
            return bytes.toByteArray();
        }

        private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
            in.defaultReadObject();
            deserialized = true;
        }
    }

    private static byte[] networkOf(byte[] bundle) {
        ByteBuffer header = ByteBuffer.wrap(bundle);
        int jsonLength = header.getInt(12);
        return Arrays.copyOfRange(bundle, 20 + jsonLength, 20 + jsonLength + header.getInt(16));
    }

    /** The zip with one more entry. */
    private static byte[] withEntry(byte[] zip, String name, byte[] content) throws java.io.IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip));
             java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(bytes)) {
            for (java.util.zip.ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                out.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
                in.transferTo(out);
            }
            out.putNextEntry(new java.util.zip.ZipEntry(name));
            out.write(content);
        }
        return bytes.toByteArray();
    }

    private static ModelBundle smallBundle() {
        return ModelBundle.of(BundleMetadata.of("pos", 1, TWO_SLOT_TAGGER), Networks.create(TWO_SLOT_TAGGER, new Adam(1e-3), 0, 5));
    }

    /** A well-formed bundle (valid lengths and checksum) whose metadata was replaced: only the shape check can catch it. */
    private static byte[] rewriteMetadata(byte[] bundle, BundleMetadata metadata) throws Exception {
        return rewrite(bundle, metadata, networkOf(bundle));
    }

    /** A well-formed bundle (valid lengths and checksum) of {@code bundle}'s header with this metadata and network. */
    private static byte[] rewrite(byte[] bundle, BundleMetadata metadata, byte[] network) throws Exception {
        byte[] json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(metadata);
        ByteBuffer out = ByteBuffer.allocate(20 + json.length + network.length + 32);
        out.put(bundle, 0, 12).putInt(json.length).putInt(network.length).put(json).put(network);
        out.put(java.security.MessageDigest.getInstance("SHA-256").digest(Arrays.copyOf(out.array(), out.position())));
        return out.array();
    }
}
