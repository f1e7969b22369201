import io.meterreader.frame.ImageRegion;
import io.meterreader.inference.yolo.Letterbox;
import io.meterreader.inference.yolo.LetterboxPreprocessor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * The CPU side of the CUDA letterbox check (see letterbox_gpu_check.py): the Java pre-processor's
 * letterbox of a few images of {@code java.util.Random} bytes. Writes OUT_DIR/cases.txt (one line
 * per case: seed, source width and height, input width and height, resized width and height,
 * pad left and top, step x and y as float bits) for the GPU side, which regenerates the same bytes,
 * and OUT_DIR/caseN.f32, the expected CHW floats (little-endian), to compare its output with.
 *
 * <pre>java -cp target/classes tools/gpucheck/LetterboxReference.java OUT_DIR</pre>
 */
public final class LetterboxReference {

    private static final int[][] CASES = {
        {1920, 1080, 640, 640}, {1280, 720, 640, 640}, {137, 77, 64, 48}, {23, 41, 96, 64}, {101, 99, 80, 80},
        {331, 517, 320, 320},
    };

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        StringBuilder cases = new StringBuilder();
        for (int k = 0; k < CASES.length; k++) {
            int w = CASES[k][0], h = CASES[k][1], iw = CASES[k][2], ih = CASES[k][3];
            byte[] bgr = new byte[w * h * 3];
            new Random(k + 1).nextBytes(bgr);
            FloatBuffer expected = ByteBuffer.allocateDirect(3 * iw * ih * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
            Letterbox lb = new LetterboxPreprocessor(iw, ih).write(ImageRegion.whole(bgr, w, h), expected, 0);
            cases.append(String.format("%d %d %d %d %d %d %d %d %d %d %d%n", k + 1, w, h, iw, ih,
                    lb.resizedWidth(), lb.resizedHeight(), lb.padLeft(), lb.padTop(),
                    Float.floatToRawIntBits(lb.stepX()), Float.floatToRawIntBits(lb.stepY())));
            ByteBuffer floats = ByteBuffer.allocate(3 * iw * ih * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 3 * iw * ih; i++) {
                floats.putFloat(expected.get(i));
            }
            Files.write(out.resolve("case" + k + ".f32"), floats.array());
            System.out.printf("case%d %dx%d -> %dx%d%n", k, w, h, iw, ih);
        }
        Files.writeString(out.resolve("cases.txt"), cases);
    }
}
