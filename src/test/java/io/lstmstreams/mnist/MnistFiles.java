package io.lstmstreams.mnist;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** IDX files for tests (gzip when the name ends in .gz), in MNIST's format. */
public final class MnistFiles {

    private MnistFiles() {
    }

    /**
     * 28x28 images of three classes told apart only by where a bright band lies (rows 2-7, 11-16 or 20-25), on noise:
     * a recurrent classifier must remember what it saw rows ago.
     */
    public static void writeBands(Path images, Path labels, int count, long seed) throws IOException {
        Random random = new Random(seed);
        try (DataOutputStream pixels = idx(images, Idx.IMAGES_MAGIC); DataOutputStream digits = idx(labels, Idx.LABELS_MAGIC)) {
            pixels.writeInt(count);
            pixels.writeInt(28);
            pixels.writeInt(28);
            digits.writeInt(count);
            for (int image = 0; image < count; image++) {
                int digit = random.nextInt(3);
                for (int row = 0; row < 28; row++) {
                    boolean band = row >= 2 + 9 * digit && row < 8 + 9 * digit;
                    for (int column = 0; column < 28; column++) {
                        pixels.writeByte(band ? 200 + random.nextInt(56) : random.nextInt(60));
                    }
                }
                digits.writeByte(digit);
            }
        }
    }

    private static DataOutputStream idx(Path file, int magic) throws IOException {
        OutputStream out = Files.newOutputStream(file);
        DataOutputStream data = new DataOutputStream(file.toString().endsWith(".gz") ? new GZIPOutputStream(out) : out);
        data.writeInt(magic);
        return data;
    }
}
