package io.meterreader.gauge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.meterreader.frame.Detection;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.ImageRegion;
import io.meterreader.frame.Mask;
import io.meterreader.frame.ReadingStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScaleEndsTest {

    private static final int SIZE = 320;
    private static final PointerReader READER = PointerReader.standard();

    /** A white face with the segments' masks painted black: what a camera sees of a Drawing dial. */
    private static byte[] face(List<Detection> segments) {
        byte[] bgr = new byte[SIZE * SIZE * 3];
        Arrays.fill(bgr, (byte) 235);
        for (Detection d : segments) {
            Mask m = d.mask();
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    if (m.get(x, y)) {
                        paint(bgr, x, y, 20, 20, 20);
                    }
                }
            }
        }
        return bgr;
    }

    private static void paint(byte[] bgr, int x, int y, int b, int g, int r) {
        int o = (y * SIZE + x) * 3;
        bgr[o] = (byte) b;
        bgr[o + 1] = (byte) g;
        bgr[o + 2] = (byte) r;
    }

    /** Paints the pixels whose angle about the centre lies in [from, to] degrees and radius in [r0, r1]. */
    private static void sector(byte[] bgr, double from, double to, double r0, double r1, int b, int g, int r) {
        double c = SIZE / 2.0;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double dx = x + 0.5 - c;
                double dy = y + 0.5 - c;
                double rho = Math.hypot(dx, dy);
                double a = Math.toDegrees(Math.atan2(dy, dx));
                double rel = ((a - from) % 360 + 360) % 360;
                if (rho >= r0 && rho <= r1 && rel <= to - from) {
                    paint(bgr, x, y, b, g, r);
                }
            }
        }
    }

    private static ImageRegion whole(byte[] bgr) {
        return ImageRegion.whole(bgr, SIZE, SIZE);
    }

    @Test
    void bareFaceBeyondBothEnds_costsNothing() {
        List<Detection> dial = Drawing.dial(SIZE, 135, 270, 50, 0.37);

        GaugeMeasurement m = READER.read(dial, whole(face(dial)));

        PointerDiagnostics d = (PointerDiagnostics) m.diagnostics();
        assertThat(d.evidence().open()).isEqualTo(1.0);
        assertThat(m.fraction()).isCloseTo(0.37, within(0.002));
    }

    @Test
    void colouredBandAlongTheScale_isFaceToo() {
        // A green band along the whole scale at the ticks' radius stops where the scale stops: the
        // bare face beyond is matched by the face inside the ring.
        List<Detection> dial = Drawing.dial(SIZE, 135, 270, 50, 0.37);
        byte[] bgr = face(List.of());
        sector(bgr, 135, 405, 0.36 * SIZE, 0.42 * SIZE, 60, 170, 60);
        for (Detection t : dial) {
            Mask m = t.mask();
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    if (m.get(x, y)) {
                        paint(bgr, x, y, 20, 20, 20);
                    }
                }
            }
        }

        GaugeMeasurement m = READER.read(dial, whole(bgr));

        assertThat(((PointerDiagnostics) m.diagnostics()).evidence().open()).isEqualTo(1.0);
    }

    @Test
    void pipeOverTheScalesLastTicks_holdsTheDialBack() {
        // A grey pipe across the ring hides the last ten of fifty intervals: the masks alone read a
        // scale of forty intervals, a quarter of the span off, and are sure of it.
        List<Detection> seen = new ArrayList<>(Drawing.ticks(SIZE, 135, 270, 50).subList(0, 41));
        seen.add(Drawing.needle(SIZE, SIZE / 2.0, SIZE / 2.0, 135 + 0.37 * 270, 0.35 * SIZE, 3, 0));
        byte[] bgr = face(seen);
        sector(bgr, 135 + 0.81 * 270, 135 + 1.2 * 270, 0.2 * SIZE, 0.5 * SIZE, 90, 95, 100);

        GaugeMeasurement blind = READER.read(seen, SIZE, SIZE);
        GaugeMeasurement looked = READER.read(seen, whole(bgr));

        assertThat(blind.status()).isEqualTo(ReadingStatus.OK);
        assertThat(blind.fraction()).isCloseTo(0.37 * 50 / 40, within(0.01));
        assertThat(blind.confidence()).isGreaterThan(ScaleMapping.DEFAULT_MIN_CONFIDENCE);
        assertThat(looked.type()).isEqualTo(GaugeType.POINTER);
        assertThat(looked.confidence()).isLessThan(ScaleMapping.DEFAULT_MIN_CONFIDENCE);
        assertThat(((PointerDiagnostics) looked.diagnostics()).evidence().open()).isZero();
    }
}
