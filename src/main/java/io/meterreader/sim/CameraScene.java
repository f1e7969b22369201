package io.meterreader.sim;

import io.meterreader.frame.GaugeType;
import java.util.ArrayList;
import java.util.List;

/**
 * A scene as a fixed camera sees it over time: one layout, one {@link Drift} per gauge, fresh
 * sensor noise each frame. Shared by the {@code sim://} cameras and the scene videos.
 */
final class CameraScene {

    private final SceneLayout layout;
    private final List<Drift> drifts;
    private final long noiseSeed;

    CameraScene(SceneLayout layout, Rng rng, double slowestPeriod) {
        this.layout = layout;
        List<Drift> d = new ArrayList<>();
        for (int i = 0; i < layout.placements.size(); i++) {
            d.add(new Drift(rng.fork(), slowestPeriod));
        }
        this.drifts = List.copyOf(d);
        this.noiseSeed = rng.nextLong();
    }

    int width() {
        return layout.width;
    }

    int height() {
        return layout.height;
    }

    List<Placement> placements() {
        return layout.placements;
    }

    double[] fractions(double seconds) {
        double[] f = new double[drifts.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = drifts.get(i).at(seconds);
        }
        return f;
    }

    SceneFrame render(double seconds) {
        long tick = Math.round(seconds * 1000);
        return layout.render(fractions(seconds), Rng.forItem(noiseSeed, tick));
    }

    List<GaugeTruth> truth(double seconds) {
        double[] f = fractions(seconds);
        List<GaugeTruth> out = new ArrayList<>(f.length);
        for (int i = 0; i < f.length; i++) {
            Placement p = layout.placements.get(i);
            GaugeGeometry g = p.geometry(f[i]);
            ScaleRange range = p.gauge().range();
            out.add(new GaugeTruth(i, p.meterId(), g.type(), f[i], range.valueAt(f[i]), range.unit(), g.box(),
                    g.type() == GaugeType.LEVEL ? g.levelBox() : null));
        }
        return out;
    }
}
