package io.meterreader.camera.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.camera.ColourVideo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The native client's decoder and its conversion to BGR, at the widths cameras send. */
class H26xDecoderTest {

    private static final int[] COLOUR = {40, 180, 220};
    private static final byte CANARY = 0x5A;

    @TempDir
    Path dir;

    /** The clip's first key frame decoded, the decoder left open on it. */
    private H26xDecoder decoded(int width, int height) throws IOException {
        Path file = dir.resolve(width + "x" + height + ".h264");
        ColourVideo.write(file, "h264", width, height, 2, new int[][] {COLOUR});
        H26xDecoder decoder = new H26xDecoder(VideoCodec.H264, /* lowDelay= */ true);
        assertThat(decoder.decode(firstAccessUnit(Files.readAllBytes(file)), 0)).isTrue();
        return decoder;
    }

    /**
     * The stream's parameter sets and the slices of its first picture, as Annex-B: up to the next
     * slice whose first macroblock is 0 (its header's first bit set), a second picture's.
     */
    private static byte[] firstAccessUnit(byte[] stream) {
        java.io.ByteArrayOutputStream unit = new java.io.ByteArrayOutputStream();
        boolean slices = false;
        for (byte[] nal : FakeCamera.splitAnnexB(stream)) {
            int type = nal[0] & 0x1F;
            boolean slice = type == 1 || type == 5;
            if (slice && slices && (nal[1] & 0x80) != 0) {
                break;
            }
            slices |= slice;
            unit.write(new byte[] {0, 0, 0, 1}, 0, 4);
            unit.write(nal, 0, nal.length);
        }
        return unit.toByteArray();
    }

    @ParameterizedTest
    @CsvSource({"360, 64", "1080, 48", "1366, 32", "1920, 16", "160, 120"})
    void aPicture_ofAWidthNoMultipleOf16_isConverted_withoutWritingPastItsBuffer(int width, int height)
            throws IOException {
        try (H26xDecoder decoder = decoded(width, height)) {
            long size = H26xDecoder.bgrBufferSize(width, height);
            int stride = H26xDecoder.bgrStride(width);
            try (BytePointer dst = new BytePointer(size + 4096)) {
                byte[] canary = new byte[(int) size + 4096];
                java.util.Arrays.fill(canary, CANARY);
                dst.position(0).put(canary);
                decoder.convert(dst, stride);
                byte[] after = new byte[(int) size + 4096];
                dst.position(0).get(after);
                int past = 0;
                for (int i = (int) size; i < after.length; i++) {
                    past += after[i] != CANARY ? 1 : 0;
                }
                // into a buffer of exactly width x height x 3, rows width x 3 apart, FFmpeg wrote 24 bytes
                // past its end at widths 360 and 1080 (measured with this test, 2026-12-07)
                assertThat(past).as("bytes written past the buffer").isZero();
            }
            byte[] bgr = decoder.bgr();
            assertThat(bgr).hasSize(width * height * 3);
            // every pixel in its place, the clip's colour (but for a few of the encoder's own), every
            // row's last pixels too; not the picture's last two rows, whose end the test's own encoder
            // (JavaCV's conversion of the clip's pictures, at 1366) fills with pixels of its own
            int rows = height - 2;
            int off = 0;
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < width; x++) {
                    int p = y * width + x;
                    for (int c = 0; c < 3; c++) {
                        if (Math.abs((bgr[3 * p + c] & 0xFF) - COLOUR[c]) > 16) {
                            off++;
                            break;
                        }
                    }
                }
            }
            assertThat(off).as("pixels not of the clip's colour").isLessThanOrEqualTo(width * rows / 1000);
        }
    }
}
