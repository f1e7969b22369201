package io.meterreader.sim;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything that varies between pointer gauges, drawn at random once per gauge. Lengths are
 * fractions of the face radius (the dial inside the bezel) unless a field says otherwise.
 */
final class PointerStyle {

    enum Bezel { CHROME, BLACK, BRASS, STEEL, PAINTED }

    enum Needle { LANCE, ARROW, BLADE, COUNTERWEIGHT, THIN }

    enum TickAlign { OUTER, INNER, CENTER }

    /** A coloured arc under the ticks, such as a red zone near the end of the scale. */
    record Band(double from, double to, Color color, double inner, double outer) {
    }

    ScaleRange range;
    int majors;
    int subdivisions;
    int labelEvery = 1;
    int decimals;
    double arcSpan = 270;
    double arcStart = -135;

    Bezel bezel = Bezel.CHROME;
    Color bezelColor = Colors.gray(180);
    /** Bezel width as a fraction of the outer radius. */
    double bezelWidth = 0.08;
    boolean flange;
    Color flangeColor = Colors.gray(60);

    Color face = Color.WHITE;
    Color marks = Colors.gray(20);
    boolean faceGradient;

    double tickOuter = 0.86;
    double majorLength = 0.12;
    double minorLength = 0.07;
    double majorWidth = 0.022;
    double minorWidth = 0.012;
    TickAlign align = TickAlign.OUTER;
    boolean arcLine;
    boolean midTicks;
    List<Band> bands = new ArrayList<>();

    int font;
    double numeralSize = 0.12;
    boolean numeralsRotated;
    boolean numeralsOutside;
    boolean secondaryScale;
    Color secondaryColor = new Color(200, 30, 30);

    String unitText = "";
    boolean unitAbove;
    double unitSize = 0.11;
    String brand = "";
    String note = "";
    boolean logo;

    Needle needle = Needle.LANCE;
    Color needleColor = Colors.gray(15);
    double tip = 0.8;
    double needleWidth = 0.05;
    double tail;
    double capRadius = 0.07;
    /**
     * A second, thin pointer that is not the reading: a red maximum-drag pointer (left where the
     * needle last peaked) or a set point, at {@link #dragFraction} of the scale and painted on the
     * dial under the needle; null when the gauge has none. The truth leaves it out, so a
     * segmenter learns to tell the needle from it (17 of the 44 real dials in models/real have one).
     */
    Color dragColor;
    double dragFraction;
    Color capColor = Colors.gray(20);
    boolean capMetal;

    double shadow = 0.25;
    int glare;
    double glareStrength;
    double glareAngle;
    double fog;
    int dirt;
    boolean stem;
    Color stemColor = new Color(190, 150, 70);
    /** Seed for the small random details (dirt spots) that must look the same on every frame. */
    long detailSeed;

    private static final String[] BRANDS = {
        "MANOTHERM", "HYDRAMET", "PRESSCO", "KELVAR", "FLUXA", "DYNAGAUGE", "TERMOPRES", "NORDMESS", "INDUSTRA",
        "ZENIMET", "BARMAX", "OMNIFLOW", "VALTEC", "STEAMLINE", "AQUAMETRIC", "MESSTECHNIK", "TECNOFLUID", "ROBUSTA"};
    private static final String[] NOTES = {
        "CL 1.6", "Cl.1.0", "EN 837-1", "IP65", "1/2\" NPT", "G1/2", "DN100", "GLYCERINE FILLED", "Kl. 1,6",
        "OXYGEN USE NO OIL", "STAINLESS", "ATEX", "NO. 2317", "ACC. 2.5%", "1.6", "AMMONIA", "WATER", "STEAM"};

    private PointerStyle() {
    }

    /** A gauge as varied as the renderer can make it. */
    static PointerStyle random(Rng rng) {
        PointerStyle s = new PointerStyle();
        s.detailSeed = rng.nextLong();
        s.range = rng.pick(ScaleRange.POINTER);
        s.chooseScale(rng);
        // Most dials leave the gap at the bottom; some are turned, a few arbitrarily.
        int arc = rng.weighted(0.5, 0.3, 0.2);
        if (arc == 0) {
            s.arcSpan = rng.chance(0.6) ? 270 : rng.uniform(240, 300);
            s.arcStart = -s.arcSpan / 2;
        } else {
            s.arcSpan = rng.pick(180.0, 200.0, 220.0, 240.0, 260.0, 270.0, 280.0, 300.0) + rng.uniform(-5, 5);
            double mid = arc == 1 ? rng.uniform(-40, 40) : rng.uniform(0, 360);
            s.arcStart = mid - s.arcSpan / 2;
        }
        s.chooseLook(rng, false);
        return s;
    }

    /** A clean, upright gauge for the demo scenes, with the given scale. */
    static PointerStyle plain(Rng rng, ScaleRange range, int majors) {
        PointerStyle s = new PointerStyle();
        s.detailSeed = rng.nextLong();
        s.range = range;
        s.majors = majors;
        s.subdivisions = 5;
        s.decimals = range.decimals(majors);
        s.arcSpan = 270;
        s.arcStart = -135;
        s.chooseLook(rng, true);
        return s;
    }

    private void chooseScale(Rng rng) {
        List<Integer> counts = range.majorCounts();
        majors = rng.pick(counts);
        int[] subs = {2, 3, 4, 5, 6};
        subdivisions = subs[rng.weighted(0.2, 0.08, 0.27, 0.37, 0.08)];
        decimals = range.decimals(majors);
        labelEvery = majors >= 8 && rng.chance(0.35) ? 2 : 1;
    }

    private void chooseLook(Rng rng, boolean plain) {
        // Case and bezel.
        bezel = plain ? rng.pick(Bezel.CHROME, Bezel.STEEL, Bezel.BLACK)
                : Bezel.values()[rng.weighted(0.38, 0.2, 0.1, 0.2, 0.12)];
        bezelWidth = switch (bezel) {
            case STEEL -> rng.uniform(0.03, 0.06);
            case PAINTED -> rng.uniform(0.07, 0.15);
            default -> rng.uniform(0.05, 0.12);
        };
        bezelColor = switch (bezel) {
            case CHROME -> Colors.gray(rng.integer(170, 215));
            case BLACK -> Colors.gray(rng.integer(20, 50));
            case BRASS -> Colors.jitter(rng, new Color(196, 156, 72), 18);
            case STEEL -> Colors.gray(rng.integer(140, 190));
            case PAINTED -> rng.pick(new Color(30, 60, 120), new Color(40, 90, 50), new Color(150, 30, 30),
                    new Color(35, 35, 40), new Color(90, 100, 110), new Color(200, 160, 30));
        };
        flange = !plain && rng.chance(0.12);
        flangeColor = rng.chance(0.5) ? Colors.gray(rng.integer(30, 70)) : Colors.gray(rng.integer(140, 190));
        stem = rng.chance(plain ? 0.9 : 0.55);
        stemColor = rng.chance(0.6) ? Colors.jitter(rng, new Color(190, 150, 70), 15) : Colors.gray(rng.integer(150, 200));

        // Dial face and print colour.
        int faceKind = plain ? 0 : rng.weighted(0.55, 0.14, 0.12, 0.15, 0.04);
        switch (faceKind) {
            case 0 -> face = Colors.gray(rng.integer(238, 255));
            case 1 -> face = Colors.jitter(rng, new Color(240, 232, 205), 8);
            case 2 -> face = Colors.gray(rng.integer(200, 228));
            case 3 -> face = Colors.gray(rng.integer(12, 40));
            default -> face = rng.pick(new Color(250, 240, 170), new Color(215, 230, 245), new Color(225, 240, 225));
        }
        boolean dark = Colors.luminance(face) < 100;
        marks = dark ? Colors.gray(rng.integer(225, 250))
                : rng.chance(0.85) ? Colors.gray(rng.integer(5, 45)) : new Color(20, 35, 90);
        faceGradient = rng.chance(0.4);

        // Ticks.
        align = plain ? TickAlign.OUTER : TickAlign.values()[rng.weighted(0.65, 0.2, 0.15)];
        tickOuter = rng.uniform(0.8, 0.93);
        majorLength = rng.uniform(0.08, 0.17);
        minorLength = majorLength * rng.uniform(0.4, 0.7);
        majorWidth = rng.uniform(0.014, 0.032);
        minorWidth = majorWidth * rng.uniform(0.45, 0.8);
        arcLine = rng.chance(0.4);
        midTicks = subdivisions % 2 == 0 && subdivisions > 2 && rng.chance(0.4);
        if (!plain && rng.chance(0.3)) {
            addBands(rng);
        }

        // Numerals and text.
        font = rng.integer(0, Fonts.count() - 1);
        numeralSize = rng.uniform(0.09, 0.16);
        numeralsRotated = !plain && rng.chance(0.12);
        numeralsOutside = !plain && align == TickAlign.INNER && rng.chance(0.5);
        if (numeralsOutside) {
            // Numbers outside the ticks need the ticks pulled in to leave them room on the dial.
            tickOuter = rng.uniform(0.6, 0.7);
            majorLength = rng.uniform(0.07, 0.12);
            minorLength = majorLength * rng.uniform(0.4, 0.7);
            numeralSize = Math.min(numeralSize, 0.12);
        }
        // Dual-scale dials (psi beside bar or kPa) are common on pressure gauges.
        secondaryScale = !plain && !numeralsOutside && rng.chance(0.3);
        secondaryColor = dark ? new Color(255, 90, 70) : rng.pick(new Color(200, 30, 30), new Color(30, 60, 160));
        unitText = range.unit();
        unitAbove = rng.chance(0.5);
        unitSize = rng.uniform(0.08, 0.14);
        brand = rng.chance(0.6) ? rng.pick(BRANDS) : "";
        note = rng.chance(0.5) ? rng.pick(NOTES) : "";
        logo = rng.chance(0.25);

        // Pointer.
        needle = plain ? rng.pick(Needle.LANCE, Needle.ARROW) : Needle.values()[rng.weighted(0.4, 0.17, 0.15, 0.1, 0.18)];
        if (dark) {
            needleColor = rng.pick(Colors.gray(rng.integer(225, 250)), new Color(230, 60, 30), new Color(240, 200, 40),
                    new Color(245, 120, 20));
        } else {
            int kind = rng.weighted(0.5, 0.35, 0.07, 0.08);
            needleColor = switch (kind) {
                case 0 -> Colors.gray(rng.integer(5, 40));
                case 1 -> Colors.jitter(rng, new Color(200, 25, 25), 20);
                case 2 -> new Color(20, 40, 110);
                default -> new Color(235, 110, 20);
            };
        }
        double tickInnerMajor = tickOuter - majorLength;
        tip = align == TickAlign.INNER
                ? rng.uniform(tickInnerMajor + 0.3 * majorLength, tickOuter + 0.01)
                : rng.uniform(tickInnerMajor + 0.2 * majorLength, tickOuter + 0.01);
        needleWidth = switch (needle) {
            case LANCE -> rng.uniform(0.035, 0.075);
            case ARROW -> rng.uniform(0.015, 0.03);
            case BLADE -> rng.uniform(0.06, 0.1);
            case COUNTERWEIGHT -> rng.uniform(0.025, 0.045);
            case THIN -> rng.uniform(0.016, 0.028);
        };
        tail = switch (needle) {
            case COUNTERWEIGHT -> rng.uniform(0.18, 0.3);
            case LANCE, THIN, BLADE -> rng.chance(0.55) ? rng.uniform(0.12, 0.28) : 0;
            case ARROW -> rng.chance(0.4) ? rng.uniform(0.1, 0.2) : 0;
        };
        capRadius = Math.max(needleWidth * 0.75, rng.uniform(0.045, 0.11));
        capMetal = rng.chance(0.3);
        capColor = capMetal ? Colors.gray(rng.integer(150, 210)) : rng.chance(0.6) ? needleColor : Colors.gray(rng.integer(10, 50));
        if (!plain) {
            chooseDragPointer(new Rng(detailSeed ^ DRAG_SEED), dark);
        }

        // Glass, light and wear.
        shadow = rng.uniform(0.12, 0.4);
        glare = plain ? rng.pick(0, 1) : rng.weighted(0.35, 0.3, 0.2, 0.15);
        glareStrength = rng.uniform(0.12, plain ? 0.3 : 0.55);
        glareAngle = rng.uniform(0, 360);
        fog = !plain && rng.chance(0.15) ? rng.uniform(0.04, 0.22) : 0;
        dirt = !plain && rng.chance(0.2) ? rng.integer(1, 6) : 0;
    }

    /** Drawn apart from the style's other choices, so that gauges without one render as before. */
    private static final long DRAG_SEED = 0x5EEDD4A6L;

    private void chooseDragPointer(Rng rng, boolean dark) {
        if (!rng.chance(0.15)) {
            return;
        }
        dragFraction = rng.uniform(0.03, 0.97);
        Color red = dark ? new Color(235, 50, 40) : Colors.jitter(rng, new Color(205, 30, 30), 15);
        Color[] choices = {red, new Color(240, 150, 20), dark ? Colors.gray(235) : new Color(20, 60, 170)};
        dragColor = rng.chance(0.8) ? choices[0] : choices[1];
        if (Colors.distance(dragColor, needleColor) < 80) {
            // A drag pointer is there to be told from the needle: never its colour.
            for (Color c : choices) {
                if (Colors.distance(c, needleColor) > Colors.distance(dragColor, needleColor)) {
                    dragColor = c;
                }
            }
        }
    }

    private void addBands(Rng rng) {
        double inner = align == TickAlign.INNER ? tickOuter - majorLength : tickOuter - majorLength * rng.uniform(0.35, 0.7);
        double outer = align == TickAlign.INNER ? inner + majorLength * rng.uniform(0.35, 0.7) : tickOuter;
        int kind = rng.integer(0, 2);
        if (kind == 0) {
            bands.add(new Band(rng.uniform(0.7, 0.9), 1, new Color(210, 30, 30), inner, outer));
        } else if (kind == 1) {
            double a = rng.uniform(0.2, 0.5);
            bands.add(new Band(a, a + rng.uniform(0.2, 0.4), new Color(40, 160, 60), inner, outer));
            bands.add(new Band(0.8, 1, new Color(210, 30, 30), inner, outer));
        } else {
            bands.add(new Band(0, rng.uniform(0.1, 0.25), new Color(230, 190, 30), inner, outer));
            bands.add(new Band(rng.uniform(0.75, 0.9), 1, new Color(210, 30, 30), inner, outer));
        }
    }
}
