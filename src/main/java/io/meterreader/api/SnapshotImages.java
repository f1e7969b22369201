package io.meterreader.api;

import io.meterreader.pipeline.CameraSnapshot;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The JPEGs drawn of cameras' latest snapshots, each drawn once a frame however many pages ask for
 * it: every open dashboard asks for each camera's picture every 3 s and every meter page for its
 * meter's, and drawing one costs 3 to 10 ms of a core (the many-clients audit: at 200 tabs, half of
 * a 2-core machine, and the SCADA's Modbus polls waited on it). A picture is kept against the
 * snapshot it was drawn of, weakly: a newer frame draws it anew, and an old frame is not kept
 * alive by its picture.
 */
final class SnapshotImages {

    /** Pictures kept at most (a camera's or a meter's, in each size asked for); all are dropped beyond. */
    static final int MAX_KEPT = 256;

    private record Drawn(WeakReference<CameraSnapshot> snapshot, byte[] jpeg) {
    }

    private final Map<String, Drawn> drawn = new ConcurrentHashMap<>();

    /**
     * The picture {@code key} names (what it shows and how: the camera or meter, its size) of
     * {@code snapshot}: the one drawn of this very snapshot, else {@code draw}'s, kept for the next.
     */
    byte[] jpeg(String key, CameraSnapshot snapshot, Supplier<byte[]> draw) {
        Drawn d = drawn.get(key);
        if (d != null && d.snapshot().get() == snapshot) {
            return d.jpeg();
        }
        byte[] jpeg = draw.get();
        if (drawn.size() >= MAX_KEPT) {
            // sizes typed by hand, one after another: those the pages ask for are drawn again next frame
            drawn.clear();
        }
        drawn.put(key, new Drawn(new WeakReference<>(snapshot), jpeg));
        return jpeg;
    }
}
