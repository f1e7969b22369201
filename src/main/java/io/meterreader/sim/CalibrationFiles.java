package io.meterreader.sim;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.GaugeType;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Calibration files (the DESIGN.md format, one YAML file per meter) for the gauges of a
 * synthetic scene, so the service reads a scene video or a sim camera with the right ids,
 * regions, ranges and units. A sight glass also gets its level marks: the rows where the centre
 * of its liquid surface lies when the glass is empty and when it is full, as an engineer would
 * read them off a snapshot; a dial its scale marks (the pivot and the end ticks), commented out.
 */
final class CalibrationFiles {

    /** How far a meter's region reaches beyond its gauge's box, as a share of the box size. */
    static final double REGION_MARGIN = 0.06;

    private CalibrationFiles() {
    }

    /** Writes {@code DIR/<meter-id>.yaml} for every gauge of the scene. */
    static List<Path> write(Path dir, String camera, String comment, CameraScene scene) throws IOException {
        return write(dir, camera, comment, scene, false);
    }

    /** As above; with {@code activeMarks} a dial's scale marks are in force, not commented out. */
    static List<Path> write(Path dir, String camera, String comment, CameraScene scene, boolean activeMarks)
            throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        for (Placement p : scene.placements()) {
            BoundingBox box = p.geometry(0.5).box();
            Path file = dir.resolve(p.meterId() + ".yaml");
            BoundingBox region = region(p.gauge().type(), box, scene.width(), scene.height());
            String text = yaml(p.meterId(), camera, p.gauge().type(), region, p.gauge().range(), comment);
            if (p.gauge().type() == GaugeType.LEVEL) {
                text += levelMarks(surfaceRow(p.geometry(0)), surfaceRow(p.geometry(1)), region);
            } else {
                String marks = scaleMarks(p.geometry(0.5).scaleMarks(), region);
                text += activeMarks ? marks.replace("# scale-marks:", "scale-marks:") : marks;
            }
            Files.writeString(file, text);
            written.add(file);
        }
        return written;
    }

    static String yaml(String id, String camera, GaugeType type, BoundingBox region, ScaleRange range, String comment) {
        return "# " + comment + "\n"
                + "id: " + id + "\n"
                + "camera: " + camera + "\n"
                + "type: " + type.name().toLowerCase(Locale.ROOT) + "\n"
                + String.format(Locale.ROOT, "region: {x: %d, y: %d, width: %d, height: %d}%n", (int) region.x(),
                        (int) region.y(), (int) region.width(), (int) region.height())
                + "range: {min: " + number(range.min()) + ", max: " + number(range.max()) + ", unit: \""
                + range.unit().replace("\\", "\\\\").replace("\"", "\\\"") + "\"}\n";
    }

    /** The row of the liquid surface's centre. */
    static double surfaceRow(GaugeGeometry g) {
        double[] s = g.surface();
        return (s[1] + s[3]) / 2;
    }

    /** The level-marks line, or nothing when a mark falls outside the region (a glass cut off by the frame's edge). */
    static String levelMarks(double empty, double full, BoundingBox region) {
        if (Math.max(empty, full) > region.y2() || Math.min(empty, full) < region.y()) {
            return "";
        }
        return String.format(Locale.ROOT, "level-marks: {empty: %.1f, full: %.1f}%n", empty, full);
    }

    /**
     * The scale-marks line, commented out (a dial is read from its ticks unless its calibration
     * says otherwise; uncomment it to read it from its pointer against these marks), or nothing
     * when a mark falls outside the region.
     */
    static String scaleMarks(double[] m, BoundingBox region) {
        for (int k = 0; k < m.length; k += 2) {
            if (!region.contains(m[k], m[k + 1])) {
                return "";
            }
        }
        return String.format(Locale.ROOT, "# To read the dial from its pointer alone, against its pivot and end ticks:%n"
                + "# scale-marks: {pivot: {x: %.1f, y: %.1f}, min: {x: %.1f, y: %.1f}, max: {x: %.1f, y: %.1f}}%n",
                m[0], m[1], m[2], m[3], m[4], m[5]);
    }

    /**
     * The gauge's box grown by {@link #REGION_MARGIN} on each side (a narrow sight glass by half
     * its width), in whole pixels inside the frame.
     */
    static BoundingBox region(GaugeType type, BoundingBox box, int width, int height) {
        double mx = box.width() * (type == GaugeType.LEVEL ? 0.5 : REGION_MARGIN);
        double my = box.height() * REGION_MARGIN;
        int x1 = (int) Math.max(0, Math.floor(box.x() - mx));
        int y1 = (int) Math.max(0, Math.floor(box.y() - my));
        int x2 = (int) Math.min(width, Math.ceil(box.x2() + mx));
        int y2 = (int) Math.min(height, Math.ceil(box.y2() + my));
        return new BoundingBox(x1, y1, x2 - x1, y2 - y1);
    }

    static String number(double v) {
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
