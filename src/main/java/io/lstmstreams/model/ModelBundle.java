package io.lstmstreams.model;

import io.lstmstreams.wire.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A trained network and its {@link BundleMetadata} in one versioned, checksummed file.
 *
 * <p>Layout (big-endian): magic {@code LSTMBNDL}, int format version, int metadata length, int network length,
 * metadata JSON (UTF-8), network (DL4J {@code ModelSerializer} zip, no updater state), SHA-256 of all the
 * preceding bytes. Loading checks magic, version, size, lengths, checksum and that the network has the shape
 * of the metadata's spec, and throws {@link InvalidBundleException} naming the check that failed. The network zip
 * may hold only the entries {@code ModelSerializer} writes for a network without updater: DL4J reads an optional
 * {@code preprocessor.bin} entry with Java deserialization, and bundles come from a Kafka topic (the checksum
 * guards against corruption, not against a forger).
 *
 * <p>A bundle is a snapshot: the network is serialised when the bundle is made, so {@link #toBytes()} and
 * {@link #checksum()} are stable even if the network object is trained further afterwards.
 */
public final class ModelBundle {

    public static final int FORMAT_VERSION = 1;
    public static final long DEFAULT_MAX_BYTES = 64L << 20;

    private static final byte[] MAGIC = "LSTMBNDL".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER_BYTES = MAGIC.length + 3 * Integer.BYTES;
    private static final int CHECKSUM_BYTES = 32;
    /** What {@code ModelSerializer.writeModel(network, out, false)} writes; anything else is refused unread. */
    private static final Set<String> NETWORK_ENTRIES = Set.of("configuration.json", "coefficients.bin");

    private final BundleMetadata metadata;
    private final ComputationGraph network;
    private final byte[] encoded;

    private ModelBundle(BundleMetadata metadata, ComputationGraph network, byte[] encoded) {
        this.metadata = metadata;
        this.network = network;
        this.encoded = encoded;
    }

    /** Bundles a network with its metadata; fails if the network is not the shape of the metadata's spec. */
    public static ModelBundle of(BundleMetadata metadata, ComputationGraph network) {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(network, "network");
        NetworkShape.mismatch(metadata.spec(), network).ifPresent(reason -> {
            throw new IllegalArgumentException("network does not match the spec: " + reason);
        });
        return new ModelBundle(metadata, network, encode(metadata, network));
    }

    /**
     * This bundle's network under other metadata of the same spec (a successor's version, lineage and metrics),
     * without serialising the network again: the bytes of the network are this bundle's.
     */
    public ModelBundle withMetadata(BundleMetadata other) {
        Objects.requireNonNull(other, "other");
        if (!other.spec().equals(metadata.spec())) {
            throw new IllegalArgumentException("spec " + other.spec() + " is not the network's " + metadata.spec());
        }
        int networkOffset = HEADER_BYTES + ByteBuffer.wrap(encoded).getInt(MAGIC.length + Integer.BYTES);
        return new ModelBundle(other, network, frame(other,
                Arrays.copyOfRange(encoded, networkOffset, encoded.length - CHECKSUM_BYTES)));
    }

    public BundleMetadata metadata() {
        return metadata;
    }

    public ComputationGraph network() {
        return network;
    }

    /** SHA-256 of the bundle's content, lower-case hex: identifies exactly which weights a prediction came from. */
    public String checksum() {
        return HexFormat.of().formatHex(encoded, encoded.length - CHECKSUM_BYTES, encoded.length);
    }

    /** Size of the serialised bundle in bytes. */
    public int sizeBytes() {
        return encoded.length;
    }

    public byte[] toBytes() {
        return encoded.clone();
    }

    /** Writes to a temporary file beside {@code file} and renames it, so readers never see half a bundle. */
    public void write(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path temporary = Files.createTempFile(absolute.getParent(), absolute.getFileName() + ".", ".tmp");
        try {
            Files.write(temporary, encoded);
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    public static ModelBundle read(Path file) throws IOException {
        return read(file, DEFAULT_MAX_BYTES);
    }

    /** Reads a bundle, refusing files over {@code maxBytes} before reading them; a refusal names the file. */
    public static ModelBundle read(Path file, long maxBytes) throws IOException {
        try {
            checkSize(Files.size(file), maxBytes);
            return decode(Files.readAllBytes(file), maxBytes);
        } catch (InvalidBundleException e) {
            throw new InvalidBundleException(file + ": " + e.getMessage());
        }
    }

    public static ModelBundle fromBytes(byte[] bytes) throws InvalidBundleException {
        return fromBytes(bytes, DEFAULT_MAX_BYTES);
    }

    public static ModelBundle fromBytes(byte[] bytes, long maxBytes) throws InvalidBundleException {
        return decode(bytes.clone(), maxBytes);
    }

    /**
     * A bundle's metadata without building its network, for readers that list versions: checks what
     * {@link #fromBytes(byte[], long)} checks (size, magic, format version, lengths, checksum) except the network's
     * shape, which needs the network.
     */
    public static BundleMetadata readMetadata(byte[] bytes, long maxBytes) throws InvalidBundleException {
        return checked(bytes, maxBytes).metadata();
    }

    private static byte[] encode(BundleMetadata metadata, ComputationGraph network) {
        try {
            ByteArrayOutputStream model = new ByteArrayOutputStream();
            ModelSerializer.writeModel(network, model, false);
            return frame(metadata, model.toByteArray());
        } catch (IOException e) {
            // Only in-memory streams are involved: an IOException here is a bug, not an environment problem.
            throw new IllegalStateException("could not serialise the network", e);
        }
    }

    /** Header, metadata, the serialised network and the checksum. */
    private static byte[] frame(BundleMetadata metadata, byte[] weights) {
        byte[] json;
        try {
            json = Json.MAPPER.writeValueAsBytes(metadata);
        } catch (IOException e) {
            // a record of plain values: failing to write it is a bug too
            throw new IllegalStateException("could not serialise the metadata", e);
        }
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + json.length + weights.length + CHECKSUM_BYTES);
        buffer.put(MAGIC).putInt(FORMAT_VERSION).putInt(json.length).putInt(weights.length).put(json).put(weights);
        buffer.put(sha256(buffer.array(), buffer.position()));
        return buffer.array();
    }

    /** A bundle that passed every check short of building its network: its metadata and where the network lies. */
    private record Checked(BundleMetadata metadata, int networkOffset, int networkLength) {
    }

    private static Checked checked(byte[] bytes, long maxBytes) throws InvalidBundleException {
        checkSize(bytes.length, maxBytes);
        if (bytes.length < HEADER_BYTES + CHECKSUM_BYTES) {
            throw new InvalidBundleException("truncated: " + bytes.length + " bytes, a bundle has at least "
                    + (HEADER_BYTES + CHECKSUM_BYTES));
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        byte[] magic = new byte[MAGIC.length];
        buffer.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new InvalidBundleException("bad magic: expected " + HexFormat.of().formatHex(MAGIC) + " (LSTMBNDL), got "
                    + HexFormat.of().formatHex(magic));
        }
        int version = buffer.getInt();
        if (version != FORMAT_VERSION) {
            throw new InvalidBundleException("unsupported format version: expected " + FORMAT_VERSION + ", got " + version);
        }
        int jsonLength = buffer.getInt();
        int weightsLength = buffer.getInt();
        long expectedLength = (long) HEADER_BYTES + jsonLength + weightsLength + CHECKSUM_BYTES;
        if (jsonLength < 0 || weightsLength < 0 || expectedLength != bytes.length) {
            throw new InvalidBundleException("length mismatch (truncated or padded): header declares metadata "
                    + jsonLength + " + network " + weightsLength + " bytes, so " + expectedLength
                    + " bytes in all, got " + bytes.length);
        }
        int contentLength = bytes.length - CHECKSUM_BYTES;
        byte[] actualChecksum = sha256(bytes, contentLength);
        byte[] storedChecksum = Arrays.copyOfRange(bytes, contentLength, bytes.length);
        if (!MessageDigest.isEqual(actualChecksum, storedChecksum)) {
            throw new InvalidBundleException("checksum mismatch: stored " + HexFormat.of().formatHex(storedChecksum)
                    + ", content hashes to " + HexFormat.of().formatHex(actualChecksum));
        }

        BundleMetadata metadata;
        try {
            metadata = Json.MAPPER.readValue(bytes, HEADER_BYTES, jsonLength, BundleMetadata.class);
        } catch (IOException | RuntimeException e) {
            throw new InvalidBundleException("unreadable metadata: " + e.getMessage(), e);
        }
        return new Checked(metadata, HEADER_BYTES + jsonLength, weightsLength);
    }

    private static ModelBundle decode(byte[] bytes, long maxBytes) throws InvalidBundleException {
        Checked checked = checked(bytes, maxBytes);
        BundleMetadata metadata = checked.metadata();
        requireOnlyNetworkEntries(bytes, checked);
        ComputationGraph network;
        try (InputStream weights = new ByteArrayInputStream(bytes, checked.networkOffset(), checked.networkLength())) {
            network = ModelSerializer.restoreComputationGraph(weights, false);
        } catch (IOException | RuntimeException e) {
            throw new InvalidBundleException("unreadable network: " + e.getMessage(), e);
        }
        String reason = NetworkShape.mismatch(metadata.spec(), network).orElse(null);
        if (reason != null) {
            throw new InvalidBundleException("network does not match the spec in the metadata: " + reason);
        }
        return new ModelBundle(metadata, network, bytes);
    }

    /** Reads the zip's entry names the way DL4J does (a {@link ZipInputStream} over the same bytes), no content. */
    private static void requireOnlyNetworkEntries(byte[] bytes, Checked checked) throws InvalidBundleException {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes, checked.networkOffset(),
                checked.networkLength()))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (!NETWORK_ENTRIES.contains(entry.getName())) {
                    throw new InvalidBundleException("network zip has an entry '" + entry.getName()
                            + "' (only " + String.join(" and ", NETWORK_ENTRIES.stream().sorted().toList())
                            + " are read)");
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidBundleException("unreadable network: " + e.getMessage(), e);
        }
    }

    private static void checkSize(long size, long maxBytes) throws InvalidBundleException {
        if (size > maxBytes) {
            throw new InvalidBundleException("too large: " + size + " bytes, limit " + maxBytes);
        }
    }

    private static byte[] sha256(byte[] bytes, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(bytes, 0, length);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
