package io.meterreader.sim;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A synthetic camera behind a {@code sim://NAME} URL: renders its scene in-process at any moment,
 * with gauge values drifting slowly and smoothly, and says what each gauge really shows.
 *
 * <p>{@code sim://demo-1} and {@code sim://demo-2} are the fixed scenes of the embedded default
 * configuration. Any other name makes a scene of its own, the same every time for the same name.
 * Query parameters for those: {@code width} and {@code height} (default 1280x720),
 * {@code meters} (1 to 6, default 2) and {@code seed} (default: from the name). The meter ids are
 * {@code NAME-pressure-N} and {@code NAME-level-N}.
 *
 * <p>Rendering a frame is deterministic in {@code seconds} and safe from several threads; the
 * static background is drawn once when the camera opens.
 */
public final class SimCamera {

    /** The slowest drift period of the gauges' values, in seconds. */
    static final double DRIFT_PERIOD = 180;

    private final String name;
    private final CameraScene scene;

    private SimCamera(String name, CameraScene scene) {
        this.name = name;
        this.scene = scene;
    }

    /**
     * Opens {@code sim://NAME[?width=W&height=H&meters=M&seed=S]}.
     *
     * @throws IllegalArgumentException when the URL is not a sim URL or a parameter is bad
     */
    public static SimCamera open(String url) {
        if (url == null || !url.startsWith("sim://") || url.length() <= "sim://".length()) {
            throw new IllegalArgumentException("not a sim camera URL (expected sim://NAME): " + url);
        }
        String rest = url.substring("sim://".length());
        int q = rest.indexOf('?');
        String name = q < 0 ? rest : rest.substring(0, q);
        if (name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("sim camera URL names no scene: " + url);
        }
        Map<String, String> params = query(q < 0 ? "" : rest.substring(q + 1));
        for (String key : params.keySet()) {
            if (!List.of("width", "height", "meters", "seed").contains(key)) {
                throw new IllegalArgumentException("unknown sim camera parameter '" + key + "' (known: width, height, meters, seed)");
            }
        }
        if (params.isEmpty()) {
            var demo = DemoScenes.layout(name);
            if (demo.isPresent()) {
                return new SimCamera(name, new CameraScene(demo.get(), new Rng(Rng.seedOf(name)), DRIFT_PERIOD));
            }
        }
        int width = intParam(params, "width", 1280, 160, 3840);
        int height = intParam(params, "height", 720, 120, 2160);
        int meters = intParam(params, "meters", 2, 1, 6);
        long seed = params.containsKey("seed") ? longParam(params, "seed") : Rng.seedOf(name);
        Rng rng = new Rng(seed);
        SceneLayout layout = Scenes.camera(rng.fork(), width, height, meters, name);
        return new SimCamera(name, new CameraScene(layout, rng.fork(), DRIFT_PERIOD));
    }

    public String name() {
        return name;
    }

    public int width() {
        return scene.width();
    }

    public int height() {
        return scene.height();
    }

    /** The frame at {@code seconds} since the camera started: 8-bit BGR, row-major, width*height*3 bytes. */
    public byte[] renderBgr(double seconds) {
        return scene.render(seconds).bgr();
    }

    /** What every gauge shows at {@code seconds}, in scene order. */
    public List<GaugeTruth> truth(double seconds) {
        return scene.truth(seconds);
    }

    /** The gauges as placed in the scene (for checking calibrations against them). */
    List<Placement> placements() {
        return scene.placements();
    }

    private static Map<String, String> query(String q) {
        Map<String, String> out = new HashMap<>();
        if (q.isEmpty()) {
            return out;
        }
        for (String pair : q.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(key, value);
        }
        return out;
    }

    private static int intParam(Map<String, String> params, String key, int fallback, int min, int max) {
        String v = params.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new IllegalArgumentException("sim camera parameter " + key + " must be " + min + " to " + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("sim camera parameter " + key + " must be a whole number, got '" + v + "'");
        }
    }

    private static long longParam(Map<String, String> params, String key) {
        try {
            return Long.parseLong(params.get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("sim camera parameter " + key + " must be a whole number, got '" + params.get(key) + "'");
        }
    }
}
