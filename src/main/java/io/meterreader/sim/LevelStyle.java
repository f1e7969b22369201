package io.meterreader.sim;

import java.awt.Color;

/** Everything that varies between liquid-level sight gauges, drawn at random once per gauge. */
final class LevelStyle {

    enum Kind { TUBULAR, REFLEX, WINDOW, MAGNETIC }

    Kind kind = Kind.TUBULAR;
    ScaleRange range = new ScaleRange(0, 100, "%");
    /** Width over height of the whole gauge. */
    double aspect = 0.16;
    Color body = Colors.gray(150);
    boolean metalBody = true;
    Color liquid = new Color(90, 150, 200);
    double liquidOpacity = 0.5;
    Color empty = new Color(230, 232, 235);
    double emptyOpacity = 0.25;
    boolean meniscus = true;
    boolean floatBall;
    Color floatColor = new Color(220, 60, 30);
    boolean scale = true;
    boolean scaleLeft;
    int scaleDivisions = 10;
    int font;
    Color scaleColor = Colors.gray(20);
    Color plate = Colors.gray(235);
    boolean backing;
    boolean nozzles = true;
    boolean nozzleLeft;
    int highlights = 2;
    double dirt;
    long detailSeed;
    /*
     * Where the glass ends within the gauge, as shares of its height (a window's frame, of its
     * width), drawn for each gauge: a model that saw one offset between a cap and the glass's end
     * learns to find the glass as that offset from the cap, which no real gauge keeps to (the
     * learned-glass experiment of 2026-12-08 found every kind drawn at one set of proportions).
     * The values here are those every gauge had before; plain() keeps them.
     */
    /** TUBULAR: each end block's share of the height. */
    double endBlock = 0.11;
    /** TUBULAR: how far inside the tube's ends the glass (the liquid's room) ends. */
    double tubeInset = 0.012;
    /** TUBULAR: the tube's share of the body's width. */
    double tubeWidth = 0.46;
    /** REFLEX and MAGNETIC: how far from the body's ends the glass (or the flag column) ends. */
    double slotInset = 0.07;
    /** REFLEX and MAGNETIC: the glass's share of the body's width (the kind's own by default). */
    double slotWidth = Double.NaN;
    /** WINDOW: the frame's share of the body's width. */
    double frame = 0.13;

    private LevelStyle() {
    }

    static LevelStyle random(Rng rng) {
        LevelStyle s = new LevelStyle();
        s.detailSeed = rng.nextLong();
        s.kind = Kind.values()[rng.weighted(0.4, 0.25, 0.2, 0.15)];
        s.range = rng.pick(ScaleRange.LEVEL);
        s.aspect = switch (s.kind) {
            case TUBULAR -> rng.uniform(0.11, 0.2);
            case REFLEX -> rng.uniform(0.12, 0.2);
            case WINDOW -> rng.uniform(0.3, 0.7);
            case MAGNETIC -> rng.uniform(0.08, 0.14);
        };
        s.metalBody = rng.chance(0.6);
        s.body = s.metalBody ? Colors.gray(rng.integer(120, 200))
                : rng.pick(new Color(40, 70, 130), new Color(50, 100, 60), new Color(150, 40, 35), new Color(40, 40, 45),
                        new Color(200, 160, 40), new Color(110, 115, 120));
        int liquid = rng.integer(0, 8);
        s.liquid = switch (liquid) {
            case 0, 1 -> Colors.jitter(rng, new Color(110, 160, 205), 20);
            case 2 -> Colors.jitter(rng, new Color(60, 140, 90), 20);
            case 3 -> Colors.jitter(rng, new Color(195, 135, 40), 20);
            case 4 -> Colors.jitter(rng, new Color(70, 45, 25), 12);
            case 5 -> Colors.jitter(rng, new Color(180, 40, 40), 20);
            case 6 -> Colors.jitter(rng, new Color(35, 80, 190), 20);
            case 7 -> Colors.jitter(rng, new Color(225, 225, 215), 10);
            default -> Colors.gray(rng.integer(15, 35));
        };
        s.liquidOpacity = liquid <= 1 ? rng.uniform(0.35, 0.65) : rng.uniform(0.65, 0.95);
        switch (s.kind) {
            case REFLEX -> {
                // Reflex glass shows liquid dark and vapour silvery.
                s.liquid = rng.chance(0.7) ? Colors.gray(rng.integer(10, 40)) : Colors.jitter(rng, new Color(30, 50, 70), 10);
                s.liquidOpacity = 1;
                s.empty = Colors.gray(rng.integer(190, 235));
                s.emptyOpacity = 1;
            }
            case WINDOW -> {
                s.empty = Colors.gray(rng.integer(25, 70));
                s.emptyOpacity = rng.uniform(0.85, 1);
            }
            case MAGNETIC -> {
                s.liquid = rng.chance(0.8) ? new Color(210, 35, 30) : new Color(240, 150, 20);
                s.liquidOpacity = 1;
                s.empty = rng.chance(0.8) ? Colors.gray(240) : Colors.gray(30);
                s.emptyOpacity = 1;
            }
            default -> {
                s.empty = Colors.gray(rng.integer(200, 245));
                s.emptyOpacity = rng.uniform(0.15, 0.6);
            }
        }
        s.meniscus = s.kind != Kind.MAGNETIC && rng.chance(0.8);
        s.floatBall = (s.kind == Kind.TUBULAR || s.kind == Kind.WINDOW) && rng.chance(0.2);
        s.floatColor = rng.pick(new Color(220, 60, 30), new Color(240, 150, 20), new Color(235, 235, 235), Colors.gray(30));
        s.scale = rng.chance(0.75);
        s.scaleLeft = rng.chance(0.5);
        s.scaleDivisions = rng.pick(5, 10, 10, 20);
        s.font = rng.integer(0, Fonts.count() - 1);
        s.plate = rng.chance(0.6) ? Colors.gray(rng.integer(220, 250)) : Colors.jitter(rng, new Color(235, 215, 60), 10);
        s.scaleColor = Colors.gray(rng.integer(5, 40));
        s.backing = s.kind == Kind.TUBULAR && rng.chance(0.35);
        s.nozzles = s.kind != Kind.WINDOW && rng.chance(0.7);
        s.nozzleLeft = rng.chance(0.5);
        s.highlights = rng.integer(0, 3);
        s.dirt = rng.chance(0.25) ? rng.uniform(0.05, 0.3) : 0;
        // drawn apart from the scene's random numbers, so that every scene but its glasses' ends
        // renders as it did before they varied
        Rng ends = new Rng(s.detailSeed ^ 0x51_6E7A_55E5L);
        s.endBlock = ends.uniform(0.06, 0.16);
        s.tubeInset = ends.uniform(0.003, 0.03);
        s.tubeWidth = ends.uniform(0.36, 0.56);
        s.slotInset = ends.uniform(0.035, 0.11);
        s.slotWidth = s.kind == Kind.MAGNETIC ? ends.uniform(0.45, 0.65) : ends.uniform(0.22, 0.38);
        s.frame = ends.uniform(0.08, 0.19);
        return s;
    }

    /** A tidy tubular gauge for the demo scenes. */
    static LevelStyle plain(Rng rng, ScaleRange range) {
        LevelStyle s = random(rng);
        s.kind = Kind.TUBULAR;
        s.range = range;
        s.aspect = 0.16;
        s.liquid = new Color(60, 130, 200);
        s.liquidOpacity = 0.7;
        s.empty = Colors.gray(235);
        s.emptyOpacity = 0.5;
        s.floatBall = false;
        s.scale = true;
        s.scaleDivisions = 10;
        s.dirt = 0;
        s.highlights = 1;
        // the demo's and the live tests' glass as it always was: their calibrations' level marks were read off it
        s.endBlock = 0.11;
        s.tubeInset = 0.012;
        s.tubeWidth = 0.46;
        s.slotInset = 0.07;
        s.slotWidth = Double.NaN;
        s.frame = 0.13;
        return s;
    }
}
