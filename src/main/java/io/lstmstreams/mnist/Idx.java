package io.lstmstreams.mnist;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** MNIST's IDX files (big-endian; plain or gzip): images as rows of pixels in [0, 1], labels as digits. */
final class Idx {

    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    private Idx() {
    }

    /** {@code [image][row][column]}, pixels scaled from 0-255 to [0, 1]. */
    static float[][][] images(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            requireMagic(file, in.readInt(), IMAGES_MAGIC);
            int count = in.readInt();
            int rows = in.readInt();
            int columns = in.readInt();
            byte[] pixels = new byte[rows * columns];
            float[][][] images = new float[count][rows][columns];
            for (float[][] image : images) {
                in.readFully(pixels);
                for (int row = 0; row < rows; row++) {
                    for (int column = 0; column < columns; column++) {
                        image[row][column] = (pixels[row * columns + column] & 0xff) / 255f;
                    }
                }
            }
            return images;
        }
    }

    static int[] labels(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            requireMagic(file, in.readInt(), LABELS_MAGIC);
            byte[] labels = new byte[in.readInt()];
            in.readFully(labels);
            int[] digits = new int[labels.length];
            for (int i = 0; i < labels.length; i++) {
                digits[i] = labels[i] & 0xff;
            }
            return digits;
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
        raw.reset();
        return new DataInputStream(gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16)) : raw);
    }

    private static void requireMagic(Path file, int magic, int expected) {
        if (magic != expected) {
            throw new IllegalArgumentException(file + " is not an IDX " + (expected == IMAGES_MAGIC ? "image" : "label")
                    + " file: magic " + String.format("0x%08x", magic) + ", expected " + String.format("0x%08x", expected));
        }
    }
}
