package io.meterreader.sim;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The two scenes the embedded default configuration watches, laid out by hand so that the
 * shipped calibration files (calibration/demo-*.yaml) match them: demo-1 has two pressure
 * gauges, demo-2 a tank level gauge and a thermometer. Gentle angles, good light.
 */
final class DemoScenes {

    static final int WIDTH = 1280;
    static final int HEIGHT = 720;

    /** One gauge of a demo scene: where its anchor sits, how big and how turned. */
    private record Spot(String meterId, Gauge gauge, double x, double y, double yaw, double pitch, double roll) {
    }

    private DemoScenes() {
    }

    static Optional<SceneLayout> layout(String name) {
        return switch (name) {
            case "demo-1" -> Optional.of(demo1());
            case "demo-2" -> Optional.of(demo2());
            default -> Optional.empty();
        };
    }

    private static SceneLayout demo1() {
        Rng rng = new Rng(0xD3A0_0001L);
        Rng style = rng.fork();
        List<Spot> spots = List.of(
                new Spot("demo-1-boiler-pressure",
                        new PointerGauge(PointerStyle.plain(style.fork(), new ScaleRange(0, 1.6, "MPa"), 8), 300),
                        340, 330, 9, -5, 2),
                new Spot("demo-1-steam-pressure",
                        new PointerGauge(PointerStyle.plain(style.fork(), new ScaleRange(0, 10, "bar"), 10), 260),
                        900, 320, -11, 4, -3));
        return build(rng, spots);
    }

    private static SceneLayout demo2() {
        Rng rng = new Rng(0xD3A0_0002L);
        Rng style = rng.fork();
        List<Spot> spots = List.of(
                new Spot("demo-2-tank-level", new LevelGauge(LevelStyle.plain(style.fork(), new ScaleRange(0, 100, "%")), 520),
                        330, 360, 6, 0, 0),
                new Spot("demo-2-water-temperature",
                        new PointerGauge(PointerStyle.plain(style.fork(), new ScaleRange(-20, 120, "°C"), 7), 280),
                        860, 330, -8, -4, 1));
        return build(rng, spots);
    }

    private static SceneLayout build(Rng rng, List<Spot> spots) {
        BufferedImage back = Backdrop.paint(rng.fork(), WIDTH, HEIGHT);
        Graphics2D g = back.createGraphics();
        Painting.smooth(g);
        List<Placement> placements = new ArrayList<>();
        for (Spot s : spots) {
            Gauge gauge = s.gauge();
            double distance = Math.max(gauge.canvasWidth(), gauge.canvasHeight()) * 4;
            Placement.Pose pose = new Placement.Pose(s.yaw(), s.pitch(), s.roll(), distance, s.x(), s.y());
            double size = gauge.nominalSize();
            Placement p = new Placement(s.meterId(), gauge, pose, 0.35, size * 0.02, size * 0.03, size * 0.02);
            Scenes.mount(g, rng.fork(), p, WIDTH, HEIGHT);
            placements.add(p);
        }
        g.dispose();
        byte[] bgr = ((DataBufferByte) back.getRaster().getDataBuffer()).getData();
        return new SceneLayout(WIDTH, HEIGHT, bgr, placements, List.of(), CameraLook.mild(rng.fork(), WIDTH, HEIGHT));
    }
}
