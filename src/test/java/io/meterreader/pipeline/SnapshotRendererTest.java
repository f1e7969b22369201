package io.meterreader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.Frame;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.ReadingStatus;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class SnapshotRendererTest {

    /** A grey 200x100 frame with a dial read OK near its right edge, its label wider than the room right of its box. */
    private static CameraSnapshot dialAtTheRightEdge() {
        byte[] grey = new byte[200 * 100 * 3];
        Arrays.fill(grey, (byte) 128);
        Frame frame = new Frame("cam1", 1, Instant.parse("2026-12-06T23:00:00Z"), 200, 100, grey);
        Annotation dial = new Annotation(GaugeType.POINTER, new BoundingBox(150, 40, 40, 40), "boiler-pressure",
                ReadingStatus.OK, "boiler-pressure 1.234 MPa", null);
        return new CameraSnapshot(frame, List.of(dial));
    }

    /** Whether column x of the picture has a pixel of the OK colour (green) in rows 0 to 40. */
    private static boolean greenIn(BufferedImage image, int x) {
        for (int y = 0; y <= 40; y++) {
            int rgb = image.getRGB(x, y);
            if (((rgb >> 8) & 0xff) > 150 && ((rgb >> 16) & 0xff) < 120 && (rgb & 0xff) < 130) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aLabelThatWouldRunOffTheRightEdge_isMovedLeftIntoThePicture() throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(
                SnapshotRenderer.jpeg(dialAtTheRightEdge(), 0.95f)));
        assertThat(image.getWidth()).isEqualTo(200);
        // the box starts at x = 150: its label, above it, now begins left of that
        assertThat(greenIn(image, 120)).isTrue();
        assertThat(greenIn(image, 198)).as("and still reaches the edge").isTrue();
    }

    @Test
    void aPart_isTheCropClippedToTheFrame_withItsLabelInside() throws Exception {
        BufferedImage part = ImageIO.read(new ByteArrayInputStream(SnapshotRenderer.jpeg(dialAtTheRightEdge(), 0.95f,
                new BoundingBox(100, -20, 150, 140))));
        assertThat(part.getWidth()).isEqualTo(100);
        assertThat(part.getHeight()).isEqualTo(100);
        assertThat(greenIn(part, 20)).isTrue();
        // a part beside the dial, holding its box's edge but not its middle, shows neither box nor label
        BufferedImage beside = ImageIO.read(new ByteArrayInputStream(SnapshotRenderer.jpeg(dialAtTheRightEdge(), 0.95f,
                new BoundingBox(60, 0, 100, 100))));
        for (int x = 0; x < beside.getWidth(); x++) {
            assertThat(greenIn(beside, x)).as("column %d", x).isFalse();
        }
        assertThatThrownBy(() -> SnapshotRenderer.jpeg(dialAtTheRightEdge(), 0.95f, new BoundingBox(300, 0, 50, 50)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the 200x100 frame");
    }

    @Test
    void aPart_holdsTheFramesOwnPixelsFromItsCorner() throws Exception {
        // blue grows with x, green with y
        int w = 200;
        int h = 100;
        byte[] bgr = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                bgr[(y * w + x) * 3] = (byte) x;
                bgr[(y * w + x) * 3 + 1] = (byte) (2 * y);
            }
        }
        CameraSnapshot snapshot = new CameraSnapshot(new Frame("cam1", 1, Instant.parse("2026-12-07T01:00:00Z"), w,
                h, bgr), List.of());
        BufferedImage part = ImageIO.read(new ByteArrayInputStream(SnapshotRenderer.jpeg(snapshot, 1f,
                new BoundingBox(120, 30, 60, 40))));
        assertThat(part.getWidth()).isEqualTo(60);
        assertThat(part.getHeight()).isEqualTo(40);
        for (int[] p : new int[][] {{0, 0}, {59, 0}, {0, 39}, {30, 20}, {59, 39}}) {
            int rgb = part.getRGB(p[0], p[1]);
            assertThat(rgb & 0xff).as("blue at %d,%d", p[0], p[1])
                    .isCloseTo(120 + p[0], org.assertj.core.data.Offset.offset(4));
            assertThat((rgb >> 8) & 0xff).as("green at %d,%d", p[0], p[1])
                    .isCloseTo(2 * (30 + p[1]), org.assertj.core.data.Offset.offset(4));
        }
    }
}
