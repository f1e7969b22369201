package io.meterreader.gauge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.Detection;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.ImageRegion;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.gauge.SyntheticSightGlass.Glass;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

class LevelReaderTest {

    private final LevelReader standard = LevelReader.standard();
    private final LevelReader original = LevelReader.original();

    /** A 60x300 glass at (20, 50) in a grey image: dark liquid below y = 50 + 300 * (1 - fraction). */
    private static ImageRegion glass(double fraction) {
        double surface = 50 + 300 * (1 - fraction);
        return glassShaded(y -> (int) Math.round(200 - 150 * Geometry.clamp(y + 1 - surface, 0, 1)));
    }

    /**
     * A 100x400 image, 120 grey, with the {@link #GLASS} glass at (20, 50), 60x300, whose pixels in
     * row y are {@code shade.applyAsInt(y)} grey.
     */
    private static ImageRegion glassShaded(IntUnaryOperator shade) {
        int w = 100;
        int h = 400;
        byte[] bgr = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = x >= 20 && x < 80 && y >= 50 && y < 350 ? shade.applyAsInt(y) : 120;
                for (int ch = 0; ch < 3; ch++) {
                    bgr[3 * (y * w + x) + ch] = (byte) v;
                }
            }
        }
        return ImageRegion.whole(bgr, w, h);
    }

    private static Detection level(double centreY, double confidence) {
        return new Detection(2, "level", confidence, BoundingBox.ofCenter(50, centreY, 60, 16));
    }

    private static final BoundingBox GLASS = new BoundingBox(20, 50, 60, 300);

    @Test
    void boxOffByFivePixels_isPulledOntoTheSurfaceByTheProfile() {
        // Surface at fraction 0.4: y = 50 + 180 = 230; the box says 235.
        GaugeMeasurement m = standard.read(GLASS, List.of(level(235, 0.9)), glass(0.4));
        assertEquals(ReadingStatus.OK, m.status());
        assertEquals(GaugeType.LEVEL, m.type());
        assertEquals(0.4, m.fraction(), 0.002);
        LevelDiagnostics d = (LevelDiagnostics) m.diagnostics();
        assertEquals(235, d.boxSurfaceY(), 1e-9);
        assertEquals(230, d.surfaceY(), 0.3);
        assertEquals(150, d.edgeContrast(), 5);
        assertEquals(0.4 - 5.0 / 300, original.read(GLASS, List.of(level(235, 0.9)), glass(0.4)).fraction(), 0.006);
    }

    @Test
    void aGlassBoxReachingIntoTheCap_isReadBetweenTheGlassesOwnEnds() {
        // the glass is 50..350; the detector's box starts 10 px above it, in what holds it
        BoundingBox tall = new BoundingBox(20, 40, 60, 310);
        GaugeMeasurement m = standard.read(tall, List.of(level(230, 0.9)), glass(0.4));
        assertEquals(ReadingStatus.OK, m.status());
        assertEquals(0.4, m.fraction(), 0.002, "not (350 - 230) / 310 = 0.387");
        BoundingBox between = ((LevelDiagnostics) m.diagnostics()).readBetween();
        assertEquals(50, between.y(), 0.5, "the glass's own top");
        assertEquals(350, between.y2(), 1e-9, "the bottom, where the box is right, stays");
        assertEquals((350 - 230) / 310.0, standard.read(tall, List.of(level(230, 0.9)), null).fraction(), 0.002,
                "without pixels the box's ends stand");
    }

    @Test
    void aSurfaceNearTheGlassesEnd_isNotTakenForTheEnd() {
        // surface at 0.97 of the glass: y = 59, 9 px under the glass's top and sharper than it
        GaugeMeasurement m = standard.read(GLASS, List.of(level(59, 0.9)), glass(0.97));
        assertEquals(0.97, m.fraction(), 0.003);
        GaugeMeasurement low = standard.read(GLASS, List.of(level(341, 0.9)), glass(0.03));
        assertEquals(0.03, low.fraction(), 0.003);
    }

    @Test
    void withoutPixels_theBoxCentreStands() {
        GaugeMeasurement m = standard.read(GLASS, List.of(level(235, 0.9)), null);
        assertEquals((350 - 235) / 300.0, m.fraction(), 1e-12);
    }

    @Test
    void noLevelBox_isReadFromTheProfileAloneAtALowerConfidence() {
        GaugeMeasurement m = standard.read(GLASS, List.of(), glass(0.3));
        assertEquals(ReadingStatus.OK, m.status());
        assertEquals(0.3, m.fraction(), 0.002);
        assertTrue(m.confidence() <= ProfileLevelReader.PROFILE_ONLY_CONFIDENCE, "confidence " + m.confidence());
        // Surface at y = 50 + 300 * 0.7 = 260: a box there is surer than the profile alone.
        assertTrue(m.confidence() < standard.read(GLASS, List.of(level(262, 0.9)), glass(0.3)).confidence());
        assertEquals(ReadingStatus.POINTER_NOT_FOUND, original.read(GLASS, List.of(), glass(0.5)).status());
    }

    /**
     * The glass of {@link #glass} at the fraction, with a ball of the given grey (radius 0.42 of
     * the glass's width) floating with its centre on the surface.
     */
    private static ImageRegion glassWithFloat(double fraction, int ball) {
        double surface = 50 + 300 * (1 - fraction);
        ImageRegion image = glass(fraction);
        double r = 0.42 * 60;
        for (int y = 50; y < 350; y++) {
            for (int x = 20; x < 80; x++) {
                double dx = x + 0.5 - 50;
                double dy = y + 0.5 - surface;
                if (dx * dx + dy * dy <= r * r) {
                    int o = image.offset(x, y);
                    for (int ch = 0; ch < 3; ch++) {
                        image.bgr()[o + ch] = (byte) ball;
                    }
                }
            }
        }
        return image;
    }

    @Test
    void floatBall_isReadAtItsMiddleNotAtItsEdge() {
        // Surface at fraction 0.5: y = 200, hidden behind the ball (y 175 to 225). The box, as tall
        // as the glass is wide, is 8 px high: its reach takes in the ball's top edge, which the
        // sharpest step alone would take for the surface, 25 px (8% of the glass) off.
        Detection box = new Detection(2, "level", 0.9, BoundingBox.ofCenter(50, 192, 60, 60));
        for (int ball : new int[] {100, 140}) {
            ImageRegion image = glassWithFloat(0.5, ball);
            GaugeMeasurement m = standard.read(GLASS, List.of(box), image);
            assertEquals(ReadingStatus.OK, m.status());
            assertEquals(0.5, m.fraction(), 0.004, "ball " + ball);
            double[] found = ProfileLevelReader.floatBall(GLASS, box.box(), image);
            assertEquals(200, found[0], 1.0, "ball " + ball);
        }
        // The same glass without a ball has no float: the surface's single step is no pair.
        assertNull(ProfileLevelReader.floatBall(GLASS, box.box(), glass(0.5)));
    }

    @Test
    void levelBoxFarFromTheGlassSplit_isHalfAsSure() {
        // Surface at y = 260; one box on it, one 100 px above where the glass shows no step.
        GaugeMeasurement onSurface = standard.read(GLASS, List.of(level(262, 0.9)), glass(0.3));
        GaugeMeasurement elsewhere = standard.read(GLASS, List.of(level(160, 0.9)), glass(0.3));
        assertEquals(0.3, onSurface.fraction(), 0.002);
        assertTrue(onSurface.confidence() > 0.85, "confidence " + onSurface.confidence());
        // The box's 0.9, times 0.8 for finding no step near it, halved for lying far from the split.
        assertEquals(0.9 * 0.8 * 0.5, elsewhere.confidence(), 1e-9);
    }

    @Test
    void colouredLiquidAsBrightAsTheGlass_isFoundByItsColour() {
        // Blue liquid (B 200, G 120, R 60: luma about 113) under grey empty glass of luma 113.
        int w = 100;
        int h = 400;
        byte[] bgr = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean inGlass = x >= 20 && x < 80 && y >= 50 && y < 350;
                int[] c = inGlass && y >= 230 ? new int[] {200, 120, 60} : new int[] {113, 113, 113};
                for (int ch = 0; ch < 3; ch++) {
                    bgr[3 * (y * w + x) + ch] = (byte) c[ch];
                }
            }
        }
        GaugeMeasurement m = standard.read(GLASS, List.of(), ImageRegion.whole(bgr, w, h));
        assertEquals(ReadingStatus.OK, m.status());
        assertEquals(0.4, m.fraction(), 0.004);
    }

    @Test
    void noLevelBox_aGradualShadeWithNoSharpStep_isNotTrusted() {
        // 200 grey at the top fading to 60 at the bottom: the glass splits in two, but no surface.
        GaugeMeasurement m = standard.read(GLASS, List.of(), glassShaded(y -> 200 - (y - 50) * 140 / 300));
        assertTrue(m.confidence() < 0.5, "confidence " + m.confidence());
    }

    @Test
    void noLevelBox_aSurfaceNearTheEndOfAStripedGlass_isNotTrusted() {
        // Liquid (40) in the bottom 5% (y >= 335); above it clear glass showing a wall's courses:
        // 150 grey with a 90-grey mortar line 4 px in every 12, as a brick wall behind the glass.
        IntUnaryOperator wall = y -> y % 12 < 4 ? 90 : 150;
        GaugeMeasurement striped = standard.read(GLASS, List.of(), glassShaded(y -> y >= 335 ? 40 : wall.applyAsInt(y)));
        GaugeMeasurement plain = standard.read(GLASS, List.of(), glassShaded(y -> y >= 335 ? 40 : 150));
        GaugeMeasurement stripedMid = standard.read(GLASS, List.of(), glassShaded(y -> y >= 200 ? 40 : wall.applyAsInt(y)));
        assertEquals(0.05, striped.fraction(), 0.01);
        assertTrue(striped.confidence() < 0.5, "confidence " + striped.confidence());
        // The striped glass filled to half is trusted.
        assertEquals(0.5, stripedMid.fraction(), 0.01);
        assertTrue(stripedMid.confidence() >= 0.5, "confidence " + stripedMid.confidence());
        // The same surface in a plain glass is found, but near an end a surface found without a
        // level box stays under the gate (a cap taken for the surface read empty glasses as full)...
        assertEquals(0.05, plain.fraction(), 0.004);
        assertEquals(ProfileLevelReader.PROFILE_ONLY_END_CONFIDENCE, plain.confidence(), 1e-9);
        // ...and a level box on it makes it sure (the surface at y = 50 + 300 * 0.95 = 335)
        GaugeMeasurement boxed = standard.read(GLASS, List.of(level(335, 0.8)), glassShaded(y -> y >= 335 ? 40 : 150));
        assertEquals(0.05, boxed.fraction(), 0.004);
        assertTrue(boxed.confidence() >= 0.5, "confidence " + boxed.confidence());
    }

    @Test
    void wideGlass_aStrongStepWellAboveTheBoxIsNotTakenForTheSurface() {
        // A window 60x300 at (20, 50) whose level box, as tall as the window is wide (60 px), is
        // on the surface at y = 260 (fraction 0.3); a dark frame band ends 26 px above it, a
        // sharper step than the surface's: the box's centre is far surer than that.
        ImageRegion window = glassShaded(y -> y < 234 ? 20 : y < 260 ? 150 : 100);
        GaugeMeasurement m = standard.read(GLASS, List.of(new Detection(2, "level", 0.9,
                BoundingBox.ofCenter(50, 261, 60, 60))), window);
        assertEquals(0.3, m.fraction(), 0.005);
    }

    @Test
    void noLevelBoxAndNoSurface_isPointerNotFound() {
        ImageRegion empty = glass(0);
        Arrays.fill(empty.bgr(), (byte) 160);
        GaugeMeasurement m = standard.read(GLASS, List.of(), empty);
        assertEquals(ReadingStatus.POINTER_NOT_FOUND, m.status());
        assertNull(m.fraction());
        assertEquals(ReadingStatus.POINTER_NOT_FOUND, standard.read(GLASS, List.of(), null).status());
    }

    @Test
    void syntheticGlassesWithoutLevelBoxes_areMostlyReadFromTheProfile() {
        int count = 80;
        int middle = 0;
        int read = 0;
        double sum = 0;
        for (int i = 0; i < count; i++) {
            Glass g = SyntheticSightGlass.generate(200_000 + i, 0);
            GaugeMeasurement m = standard.read(g.glass(), List.of(), g.pixels());
            double at = m.isOk() ? m.fraction() : g.fraction();
            if (at < 0.15 || at > 0.85) {
                // without a level box, a surface near an end stays under the gate
                assertTrue(!m.isOk() || m.confidence() < 0.5, "glass " + i + ": confidence " + m.confidence());
                continue;
            }
            middle++;
            if (m.isOk() && m.confidence() >= 0.5) {
                read++;
                sum += 100 * Math.abs(m.fraction() - g.fraction());
            }
        }
        System.out.printf("profile alone: %d of %d glasses away from the ends read, mean error %.3f%% of height%n",
                read, middle, sum / read);
        assertTrue(middle >= count / 2, "glasses away from the ends: " + middle);
        assertTrue(read >= 0.8 * middle, "read " + read + " of " + middle);
        assertTrue(sum / read < 1.0, "mean " + sum / read + "% of height");
    }

    @Test
    void levelBoxBesideTheGlass_isNotItsSurface() {
        Detection elsewhere = new Detection(2, "level", 0.9, BoundingBox.ofCenter(300, 200, 60, 16));
        assertEquals(ReadingStatus.POINTER_NOT_FOUND, standard.read(GLASS, List.of(elsewhere), null).status());
    }

    @Test
    void surfaceWellAboveTheGlass_isOutOfRange() {
        GaugeMeasurement m = standard.read(GLASS, List.of(level(40, 0.9)), null);
        assertEquals(ReadingStatus.OUT_OF_RANGE, m.status());
        assertEquals((350 - 40) / 300.0, ((LevelDiagnostics) m.diagnostics()).rawFraction(), 1e-12);
    }

    @Test
    void secondConfidentBoxElsewhereInTheGlass_lowersTheConfidence() {
        double alone = standard.read(GLASS, List.of(level(230, 0.9)), glass(0.4)).confidence();
        double doubled = standard.read(GLASS, List.of(level(230, 0.9), level(120, 0.8)), glass(0.4)).confidence();
        assertTrue(doubled < 0.6 * alone, alone + " against " + doubled);
    }

    @Test
    void original_roundsToTheWholePercent() {
        double f = original.read(GLASS, List.of(level(231.7, 0.9)), null).fraction();
        assertEquals(Math.round(f * 100) / 100.0, f, 1e-12);
    }

    @Test
    void syntheticGlassesWithBoxErrorsOfTwoPercent_readWithinAThirdOfAPercentOnAverage() {
        LevelAccuracy.Result standardResult = LevelAccuracy.measure(standard, 0.02, 100_000, 80);
        LevelAccuracy.Result originalResult = LevelAccuracy.measure(original, 0.02, 100_000, 80);
        // A surface within two pixels of the glass's end cannot be told from the frame's edge.
        assertTrue(standardResult.read() >= 78, "read " + standardResult.read() + " of 80");
        assertTrue(standardResult.mean() < 0.35, "mean " + standardResult.mean() + "% of height");
        assertTrue(standardResult.mean() * 3 < originalResult.mean(),
                standardResult.mean() + "% against the original's " + originalResult.mean() + "%");
    }

    @Test
    void syntheticFixture_isDeterministicBySeed() {
        Glass a = SyntheticSightGlass.generate(5, 0.01);
        Glass b = SyntheticSightGlass.generate(5, 0.01);
        assertEquals(a.fraction(), b.fraction());
        assertEquals(a.levels().get(0).box(), b.levels().get(0).box());
        assertTrue(Arrays.equals(a.pixels().bgr(), b.pixels().bgr()));
    }

    /**
     * A 300x400 image whose background is 180 grey above {@code edgeY} and 60 below it (a wall's
     * edge), with the 60x300 glass at (120, 50) seen through: inside it the background at 60%
     * plus 40, and liquid of grey 30 below {@code surfaceY} (none when it is past the glass).
     * A black mark 10 px tall across the 75 columns left of the glass, from {@code markY}, when that is
     * in the image (a ruler's line on one side only).
     */
    private static ImageRegion throughGlass(int edgeY, int surfaceY, int markY) {
        int w = 300;
        int h = 400;
        byte[] bgr = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int background = y < edgeY ? 180 : 60;
                int v = background;
                if (x >= 40 && x < 115 && y >= markY && y < markY + 10) {
                    v = 0;
                }
                if (x >= 120 && x < 180 && y >= 50 && y < 350) {
                    v = y >= surfaceY ? 30 : (int) Math.round(0.6 * background + 40);
                }
                for (int ch = 0; ch < 3; ch++) {
                    bgr[3 * (y * w + x) + ch] = (byte) v;
                }
            }
        }
        return ImageRegion.whole(bgr, w, h);
    }

    private static final BoundingBox CLEAR_GLASS = new BoundingBox(120, 50, 60, 300);

    @Test
    void wallEdgeSeenThroughAnEmptyGlass_isNotShownAsItsSurface() {
        ImageRegion empty = throughGlass(200, 1000, -100);

        assertTrue(ProfileLevelReader.behind(CLEAR_GLASS, 200, empty));
        GaugeMeasurement fromProfile = standard.read(CLEAR_GLASS, List.of(), empty);
        GaugeMeasurement fromBox = standard.read(CLEAR_GLASS,
                List.of(new Detection(2, "level", 0.9, BoundingBox.ofCenter(150, 200, 60, 16))), empty);
        for (GaugeMeasurement m : List.of(fromProfile, fromBox)) {
            // Read at the edge (fraction 0.5), and held back: under the service's gate.
            assertEquals(0.5, m.fraction(), 0.01);
            assertTrue(m.confidence() < ScaleMapping.DEFAULT_MIN_CONFIDENCE, "confidence " + m.confidence());
        }
    }

    @Test
    void surfaceInsideOnly_orBesideAOneSidedMark_isTrusted() {
        // A wall's edge above the glass, and a surface at y = 260 that nothing beside the glass shares.
        ImageRegion liquid = throughGlass(30, 260, -100);
        assertFalse(ProfileLevelReader.behind(CLEAR_GLASS, 260, liquid));
        GaugeMeasurement m = standard.read(CLEAR_GLASS,
                List.of(new Detection(2, "level", 0.9, BoundingBox.ofCenter(150, 258, 60, 16))), liquid);
        assertEquals(0.3, m.fraction(), 0.005);
        assertTrue(m.confidence() > ScaleMapping.DEFAULT_MIN_CONFIDENCE, "confidence " + m.confidence());
        // A ruler's line beside the glass at the surface, on one side only.
        ImageRegion marked = throughGlass(30, 260, 260);
        assertFalse(ProfileLevelReader.behind(CLEAR_GLASS, 260, marked));
        assertEquals(m.confidence(), standard.read(CLEAR_GLASS,
                List.of(new Detection(2, "level", 0.9, BoundingBox.ofCenter(150, 258, 60, 16))), marked).confidence(),
                1e-9);
    }
}
