package io.meterreader.config;

import io.meterreader.frame.AlarmPriority;
import io.meterreader.frame.GaugeType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.convert.DurationStyle;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads and checks the calibration folder: one YAML file per meter. The first mistake found
 * stops start-up with a {@link ConfigurationException} naming the file, the field and the fault.
 *
 * <p>The YAML is read as a tree and checked field by field (rather than bound straight to the
 * records) so every message can say exactly which field is wrong, in the file's own words.
 */
public final class CalibrationLoader {

    private static final Set<String> TOP_FIELDS = Set.of(
            "id", "camera", "type", "region", "range", "scale", "alarms", "smoothing", "max-rate",
            "min-confidence", "level-marks", "direction", "scale-marks", "stuck-after", "stuck-band");
    private static final Set<String> REGION_FIELDS = Set.of("x", "y", "width", "height");
    private static final Set<String> RANGE_FIELDS = Set.of("min", "max", "unit");
    /** The longest unit: the reading history's column. */
    static final int MAX_UNIT = 32;
    private static final Set<String> SCALE_FIELDS = Set.of("fraction", "value");
    private static final Set<String> ALARM_FIELDS = Set.of("low", "high", "deadband", "on-delay", "off-delay",
            "priority");
    /** The longest alarm on- or off-delay: longer is a typing slip, not an alarm that should wait that long. */
    static final Duration MAX_ALARM_DELAY = Duration.ofHours(1);
    /** The shortest and longest a value may stay put before its meter is said to be stuck. */
    static final Duration MIN_STUCK_AFTER = Duration.ofMinutes(1);
    static final Duration MAX_STUCK_AFTER = Duration.ofDays(30);
    private static final Set<String> MARK_FIELDS = Set.of("empty", "full");
    private static final Set<String> SCALE_MARK_FIELDS = Set.of("pivot", "min", "max");
    private static final Set<String> POINT_FIELDS = Set.of("x", "y");
    /** Scale marks this close to each other (pixels) cannot give an angle worth reading. */
    static final double MIN_MARK_DISTANCE = 5;

    private static final Logger log = LoggerFactory.getLogger(CalibrationLoader.class);

    /** Two meters' regions this alike (intersection over union) on one camera are one gauge's. */
    static final double SAME_GAUGE = 0.5;

    private final ObjectMapper yaml = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    /**
     * Loads every {@code *.yaml} and {@code *.yml} file in {@code dir}, sorted by name.
     *
     * @param cameraIds the configured cameras; a meter on another camera is an error
     */
    public List<MeterCalibration> load(Path dir, Collection<String> cameraIds) {
        if (!Files.isDirectory(dir)) {
            // relative to the folder the service was started in: the demo's is the repository's calibration/
            throw new ConfigurationException("meter-reader.calibration-dir",
                    "'" + dir + "' is not a readable folder" + (dir.isAbsolute() ? "" : " (" + dir.toAbsolutePath()
                            + ", from the folder the service was started in; the demo meters' files are the "
                            + "repository's calibration folder: start the service there, or set "
                            + "--meter-reader.calibration-dir)"));
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(CalibrationLoader::isCalibrationFile).sorted().toList();
        } catch (IOException e) {
            throw new ConfigurationException("meter-reader.calibration-dir",
                    "'" + dir + "' cannot be listed: " + whyUnreadable(e));
        }
        List<MeterCalibration> meters = new ArrayList<>();
        Map<String, String> fileById = new HashMap<>();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                // a file that became a folder, or a link whose target went (a share unmounted): not
                // a meter removed, which would stop its readings without a word
                throw new ConfigurationException(file.toString(), "(file)", "is not a file that can be read: "
                        + (Files.isDirectory(file) ? "a folder" : Files.isSymbolicLink(file)
                        ? "a link to " + linkTarget(file) + ", which is not there" : "not a regular file"));
            }
            MeterCalibration meter = loadFile(file, cameraIds);
            String previous = fileById.putIfAbsent(meter.id(), file.toString());
            if (previous != null) {
                throw new ConfigurationException(file.toString(), "id",
                        "'" + meter.id() + "' is already used by " + previous);
            }
            meters.add(meter);
        }
        warnings(meters, dir).forEach(log::warn);
        return List.copyOf(meters);
    }

    /**
     * What is wrong with a calibration set in force without keeping it from loading: meters that
     * share one gauge's region ({@link #sharedRegions}) and calibration files in subfolders, which
     * are not read ({@link #unreadSubfolders}). The log has them at each load; the API and the
     * dashboard, from this, for as long as they hold.
     */
    public static List<String> warnings(List<MeterCalibration> meters, Path dir) {
        List<String> warnings = new ArrayList<>(sharedRegions(meters));
        warnings.addAll(unreadSubfolders(dir));
        return List.copyOf(warnings);
    }

    /**
     * A warning for each subfolder of {@code dir} that holds calibration files: only the folder's
     * own files are read, and a plant that sorted its meters into folders by building saw them
     * missing without a word (the live-edit audit). Hidden folders (a checkout's {@code .git})
     * are passed over.
     */
    static List<String> unreadSubfolders(Path dir) {
        List<String> warnings = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path sub : list.filter(Files::isDirectory).sorted().toList()) {
                if (sub.getFileName().toString().startsWith(".")) {
                    continue;
                }
                long held;
                try (Stream<Path> inside = Files.walk(sub, 4)) {
                    held = inside.filter(CalibrationLoader::isCalibrationFile).filter(Files::isRegularFile).count();
                }
                if (held > 0) {
                    warnings.add("Calibration folder " + dir + ": its subfolder " + sub.getFileName() + " holds " + held
                            + " calibration file(s), which are not read: only the files in " + dir
                            + " itself are meters (move them up to be read)");
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // the folder's own files were read; an unreadable subfolder is not worth refusing them for
            log.debug("Subfolders of {} not looked into: {}", dir, e.toString());
        }
        return warnings;
    }

    /**
     * Whether a folder entry is a calibration file: one named {@code *.yaml} or {@code *.yml},
     * whatever it is (one that is no regular file is an error, not a meter gone), but for an
     * editor's lock (Emacs's {@code .#boiler.yaml}: a link, or a regular file where the folder takes
     * no links, as on an SMB share) and a hidden entry that is not a regular file.
     */
    static boolean isCalibrationFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return (n.endsWith(".yaml") || n.endsWith(".yml")) && !n.startsWith(".#")
                && (!n.startsWith(".") || Files.isRegularFile(p));
    }

    private static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "a file";
        }
    }

    /**
     * A warning for each two meters whose regions on one camera are mostly one: a gauge is read
     * as one meter, so the other reads NOT_DETECTED, and nothing said why.
     */
    static List<String> sharedRegions(List<MeterCalibration> meters) {
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < meters.size(); i++) {
            for (int j = i + 1; j < meters.size(); j++) {
                MeterCalibration a = meters.get(i);
                MeterCalibration b = meters.get(j);
                if (a.camera().equals(b.camera()) && a.region().toBox().iou(b.region().toBox()) >= SAME_GAUGE) {
                    warnings.add("Meters " + a.id() + " (" + a.source() + ") and " + b.id() + " ("
                            + b.source() + ") have mostly one region on camera " + a.camera() + ": a gauge "
                            + "is read as one meter, so one of them reads NOT_DETECTED; for a dial with two scales "
                            + "calibrate one meter (a scale table maps its fraction to either unit)");
                }
            }
        }
        return warnings;
    }

    /** Why a file could not be read, in words (Java's own message of some is the path alone). */
    public static String whyUnreadable(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.charset.CharacterCodingException) {
            return "it is not UTF-8 text (save it as UTF-8: a '°' written in Latin-1 is one such byte)";
        }
        return e.getMessage();
    }

    /** Loads and checks one calibration file. */
    public MeterCalibration loadFile(Path file, Collection<String> cameraIds) {
        String where = file.toString();
        JsonNode root;
        try {
            root = yaml.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigurationException(where, "(file)", "cannot be read: " + whyUnreadable(e));
        } catch (JacksonException e) {
            throw yamlMistake(where, e);
        }
        return parse(root, where, cameraIds);
    }

    MeterCalibration parse(JsonNode root, String where, Collection<String> cameraIds) {
        Fields f = new Fields(where);
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ConfigurationException(where, "(file)", "is empty");
        }
        f.requireObject(root, "(file)", TOP_FIELDS);

        String id = f.text(root, "id", true);
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            throw f.error("id", "'" + id + "' must be 1 to 64 letters, digits, '-', '_' or '.'");
        }
        String camera = f.text(root, "camera", true);
        if (!cameraIds.contains(camera)) {
            throw f.error("camera", "'" + camera + "' is not a configured camera (known: "
                    + (cameraIds.isEmpty() ? "none" : cameraIds.stream().sorted().collect(Collectors.joining(", ")))
                    + ")");
        }
        String typeText = f.text(root, "type", true);
        GaugeType type;
        try {
            type = GaugeType.valueOf(typeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw f.error("type", "'" + typeText + "' is not one of pointer, level");
        }

        JsonNode regionNode = f.object(root, "region", REGION_FIELDS, true);
        int x = f.integer(regionNode, "region.x");
        int y = f.integer(regionNode, "region.y");
        int width = f.integer(regionNode, "region.width");
        int height = f.integer(regionNode, "region.height");
        if (x < 0 || y < 0) {
            throw f.error(x < 0 ? "region.x" : "region.y", "must not be negative");
        }
        if (width <= 0) {
            throw f.error("region.width", "must be positive, got " + width);
        }
        if (height <= 0) {
            throw f.error("region.height", "must be positive, got " + height);
        }

        JsonNode rangeNode = f.object(root, "range", RANGE_FIELDS, true);
        double min = f.number(rangeNode, "range.min", true);
        double max = f.number(rangeNode, "range.max", true);
        if (!(min < max)) {
            throw f.error("range.min", "must be less than range.max (min " + min + ", max " + max + ")"
                    + (min > max ? "; for a dial whose values grow counter-clockwise, keep min < max and write "
                    + "direction: counterclockwise" : ""));
        }
        if (!Double.isFinite(max - min)) {
            // each reading's value is min plus a share of the span: an infinite span gives none
            throw f.error("range.max", "less range.min must be a finite number (min " + min + ", max " + max + ")");
        }
        String unit = f.text(rangeNode, "range.unit", true);
        if (unit.isBlank()) {
            throw f.error("range.unit", "must not be empty");
        }
        if (unit.length() > MAX_UNIT || unit.chars().anyMatch(Character::isISOControl)) {
            // the history keeps a unit of up to 32 characters: a longer one had every reading of the
            // meter refused by the database
            throw f.error("range.unit", "must be at most " + MAX_UNIT + " characters, none of them a control "
                    + "character, got " + unit.length() + " characters");
        }
        List<String> alike = Units.spelledAlike(unit);
        String capitals = Units.fromCapitals(unit);
        if (capitals != null) {
            // as a dial prints it (BAR, MPA): the unit's own spelling, which OPC UA and Home Assistant know
            unit = capitals;
        } else if (!alike.isEmpty()) {
            // a slip of case (Mpa) would store the meter's readings under a unit of their own, beside MPa's
            throw f.error("range.unit", "'" + unit + "' differs from " + String.join(" or ", alike)
                    + " only in case, which carries a unit's meaning (MPa is megapascal, mPa millipascal): write it "
                    + "as " + String.join(" or ", alike) + ", or in capitals as a dial prints it");
        }
        MeterCalibration.Range range = new MeterCalibration.Range(min, max, unit);

        List<MeterCalibration.ScalePoint> scale = parseScale(root, f, range);
        MeterCalibration.Alarms alarms = parseAlarms(root, f, range);

        int smoothing = 1;
        if (root.has("smoothing")) {
            smoothing = f.integer(root, "smoothing");
            if (smoothing < 1 || smoothing > 100) {
                throw f.error("smoothing", "must be a window of 1 to 100 readings, got " + smoothing);
            }
        }
        Double maxRate = null;
        if (root.has("max-rate")) {
            maxRate = f.number(root, "max-rate", true);
            if (!(maxRate > 0)) {
                throw f.error("max-rate", "must be positive (units per second), got " + maxRate);
            }
        }
        double minConfidence = MeterCalibration.DEFAULT_MIN_CONFIDENCE;
        if (root.has("min-confidence")) {
            minConfidence = f.number(root, "min-confidence", true);
            if (minConfidence < 0 || minConfidence > 1) {
                throw f.error("min-confidence", "must be between 0 and 1, got " + minConfidence);
            }
        }
        boolean counterclockwise = false;
        if (root.has("direction")) {
            // in any case, as the meter's type and an alarm's priority are
            String written = f.text(root, "direction", true);
            String direction = written.toLowerCase(Locale.ROOT);
            if (!direction.equals("clockwise") && !direction.equals("counterclockwise")) {
                throw f.error("direction", "must be clockwise or counterclockwise, got '" + written + "'");
            }
            if (type != GaugeType.POINTER) {
                throw f.error("direction", "is for pointer meters only; this meter is a "
                        + type.name().toLowerCase(Locale.ROOT));
            }
            counterclockwise = direction.equals("counterclockwise");
        }
        MeterCalibration.Region region = new MeterCalibration.Region(x, y, width, height);
        return new MeterCalibration(id, camera, type, region, range, scale, alarms, smoothing, maxRate,
                minConfidence, parseLevelMarks(root, f, type, region), where, counterclockwise,
                parseScaleMarks(root, f, type, region), parseStuck(root, f, range));
    }

    /** {@code stuck-after} and {@code stuck-band}: when a value that stays put means a stuck meter. */
    private static MeterCalibration.Stuck parseStuck(JsonNode root, Fields f, MeterCalibration.Range range) {
        Duration after = duration(root, "stuck-after", "stuck-after", f, "8h, 90m or 2d");
        if (after == null) {
            if (root.has("stuck-band")) {
                throw f.error("stuck-band", "needs stuck-after: how long a value within the band means a stuck meter");
            }
            return null;
        }
        if (after.compareTo(MIN_STUCK_AFTER) < 0 || after.compareTo(MAX_STUCK_AFTER) > 0) {
            throw f.error("stuck-after", "must be 1 minute to 30 days, got " + after);
        }
        double band = MeterCalibration.Stuck.DEFAULT_BAND_SHARE * range.span();
        if (root.has("stuck-band")) {
            band = f.number(root, "stuck-band", true);
            if (!(band > 0) || band >= range.span()) {
                throw f.error("stuck-band", "must be above 0 and less than the range's span (" + range.span()
                        + " " + range.unit() + "), got " + band);
            }
        }
        return new MeterCalibration.Stuck(after, band);
    }

    private static MeterCalibration.ScaleMarks parseScaleMarks(JsonNode root, Fields f, GaugeType type,
                                                               MeterCalibration.Region region) {
        if (!root.has("scale-marks")) {
            return null;
        }
        if (type != GaugeType.POINTER) {
            throw f.error("scale-marks", "is for pointer meters only; this meter is a "
                    + type.name().toLowerCase(Locale.ROOT) + " gauge (level meters take level-marks)");
        }
        JsonNode node = f.object(root, "scale-marks", SCALE_MARK_FIELDS, true);
        Map<String, MeterCalibration.Point> points = new LinkedHashMap<>();
        for (String mark : List.of("pivot", "min", "max")) {
            String field = "scale-marks." + mark;
            JsonNode p = f.object(node, field, POINT_FIELDS, true);
            double x = f.number(p, field + ".x", true);
            double y = f.number(p, field + ".y", true);
            if (x < region.x() || x > region.x() + region.width() || y < region.y()
                    || y > region.y() + region.height()) {
                throw f.error(field, "(" + x + ", " + y + ") is outside the region (x " + region.x() + " to "
                        + (region.x() + region.width()) + ", y " + region.y() + " to " + (region.y() + region.height())
                        + ")");
            }
            points.put(mark, new MeterCalibration.Point(x, y));
        }
        MeterCalibration.Point pivot = points.get("pivot");
        for (String mark : List.of("min", "max")) {
            MeterCalibration.Point p = points.get(mark);
            if (Math.hypot(p.x() - pivot.x(), p.y() - pivot.y()) < MIN_MARK_DISTANCE) {
                throw f.error("scale-marks." + mark, "must lie on the scale, at least " + (int) MIN_MARK_DISTANCE
                        + " pixels from the pivot");
            }
        }
        MeterCalibration.Point min = points.get("min");
        MeterCalibration.Point max = points.get("max");
        if (Math.hypot(min.x() - max.x(), min.y() - max.y()) < MIN_MARK_DISTANCE) {
            throw f.error("scale-marks.max", "must lie apart from scale-marks.min (a scale's ends at least "
                    + (int) MIN_MARK_DISTANCE + " pixels apart)");
        }
        return new MeterCalibration.ScaleMarks(pivot, min, max);
    }

    private static MeterCalibration.LevelMarks parseLevelMarks(JsonNode root, Fields f, GaugeType type,
                                                               MeterCalibration.Region region) {
        if (!root.has("level-marks")) {
            return null;
        }
        if (type != GaugeType.LEVEL) {
            throw f.error("level-marks", "is for level meters only; this meter is a " + type.name().toLowerCase(Locale.ROOT)
                    + " gauge");
        }
        JsonNode node = f.object(root, "level-marks", MARK_FIELDS, true);
        double empty = f.number(node, "level-marks.empty", true);
        double full = f.number(node, "level-marks.full", true);
        if (!(empty > full)) {
            throw f.error("level-marks.empty", "must be below level-marks.full, a larger image row (empty " + empty
                    + ", full " + full + ")");
        }
        for (String mark : List.of("empty", "full")) {
            double row = mark.equals("empty") ? empty : full;
            if (row < region.y() || row > region.y() + region.height()) {
                throw f.error("level-marks." + mark, "row " + row + " is outside the region (rows " + region.y()
                        + " to " + (region.y() + region.height()) + ")");
            }
        }
        return new MeterCalibration.LevelMarks(empty, full);
    }

    private static List<MeterCalibration.ScalePoint> parseScale(JsonNode root, Fields f,
                                                                MeterCalibration.Range range) {
        if (!root.has("scale")) {
            return List.of();
        }
        JsonNode node = f.child(root, "scale");
        if (!node.isArray()) {
            throw f.error("scale", "must be a list of {fraction, value} points");
        }
        if (node.size() < 2) {
            throw f.error("scale", "needs at least 2 points, got " + node.size());
        }
        List<MeterCalibration.ScalePoint> points = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String at = "scale[" + i + "]";
            JsonNode p = node.get(i);
            f.requireObject(p, at, SCALE_FIELDS);
            double fraction = f.number(p, at + ".fraction", true);
            double value = f.number(p, at + ".value", true);
            if (fraction < 0 || fraction > 1) {
                throw f.error(at + ".fraction", "must be between 0 and 1, got " + fraction);
            }
            if (!points.isEmpty()) {
                MeterCalibration.ScalePoint prev = points.get(points.size() - 1);
                if (!(fraction > prev.fraction())) {
                    throw f.error(at + ".fraction", "must be greater than the previous point's (" + prev.fraction()
                            + "): the table must increase strictly");
                }
                if (!(value > prev.value())) {
                    throw f.error(at + ".value", "must be greater than the previous point's (" + prev.value()
                            + "): the table must increase strictly");
                }
            }
            points.add(new MeterCalibration.ScalePoint(fraction, value));
        }
        MeterCalibration.ScalePoint first = points.get(0);
        MeterCalibration.ScalePoint last = points.get(points.size() - 1);
        if (first.fraction() != 0 || last.fraction() != 1) {
            throw f.error("scale", "must run from fraction 0 to fraction 1");
        }
        if (first.value() != range.min() || last.value() != range.max()) {
            throw f.error("scale", "must start at range.min (" + range.min() + ") and end at range.max ("
                    + range.max() + ")");
        }
        return points;
    }

    private static MeterCalibration.Alarms parseAlarms(JsonNode root, Fields f, MeterCalibration.Range range) {
        if (!root.has("alarms")) {
            return MeterCalibration.Alarms.NONE;
        }
        JsonNode node = f.object(root, "alarms", ALARM_FIELDS, true);
        Double low = node.has("low") ? f.number(node, "alarms.low", true) : null;
        Double high = node.has("high") ? f.number(node, "alarms.high", true) : null;
        for (var limit : new Object[][] {{"alarms.low", low}, {"alarms.high", high}}) {
            Double v = (Double) limit[1];
            if (v != null && (v < range.min() || v > range.max())) {
                throw f.error((String) limit[0], "(" + v + ") must lie inside the range " + range.min() + " to "
                        + range.max());
            }
        }
        if (low != null && high != null && !(low < high)) {
            throw f.error("alarms.low", "must be less than alarms.high (low " + low + ", high " + high + ")");
        }
        double deadband = node.has("deadband") ? f.number(node, "alarms.deadband", true) : 0;
        if (!(deadband >= 0 && deadband <= range.span())) {
            throw f.error("alarms.deadband", "must be 0 or more and at most the range's span (" + range.span()
                    + "), got " + deadband);
        }
        return new MeterCalibration.Alarms(low, high, deadband, delay(node, f, "on-delay"), delay(node, f, "off-delay"),
                priority(node, f));
    }

    /** The alarm's priority: low, medium, high (where none is given) or critical, in any case. */
    private static AlarmPriority priority(JsonNode alarms, Fields f) {
        if (!alarms.has("priority")) {
            return AlarmPriority.HIGH;
        }
        String text = f.text(alarms, "alarms.priority", true).trim();
        try {
            return AlarmPriority.valueOf(text.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw f.error("alarms.priority", "must be low, medium, high or critical, got '" + text + "'");
        }
    }

    /** An alarm delay: {@code 10s}, {@code 500ms}, {@code 2m}, ISO-8601 ({@code PT10S}), or seconds as a number. */
    private static Duration delay(JsonNode alarms, Fields f, String name) {
        String field = "alarms." + name;
        Duration d = duration(alarms, name, field, f, "10s, 500ms or 2m");
        if (d == null) {
            return Duration.ZERO;
        }
        if (d.isNegative() || d.compareTo(MAX_ALARM_DELAY) > 0) {
            throw f.error(field, "must be 0 to " + MAX_ALARM_DELAY.toMinutes() + " minutes, got " + d.toMillis() + " ms");
        }
        return d;
    }

    /**
     * A duration under {@code name}: {@code 10s}, {@code 8h}, ISO-8601 ({@code PT10S}), or seconds
     * as a number; null where there is none.
     */
    private static Duration duration(JsonNode parent, String name, String field, Fields f, String examples) {
        if (!parent.has(name)) {
            return null;
        }
        if (parent.get(name).isNumber()) {
            return Duration.ofNanos(Math.round(f.number(parent, field, true) * 1e9));
        }
        String text = f.text(parent, field, true).trim();
        try {
            return DurationStyle.detectAndParse(text);
        } catch (IllegalArgumentException e) {
            throw f.error(field, "must be a duration such as " + examples + ", got '" + text + "'");
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static final Pattern DUPLICATE = Pattern.compile("Duplicate property \"([^\"]*)\"");
    private static final Pattern MALFORMED = Pattern.compile("Malformed numeric value '([^':]*)");

    /**
     * A file that is not YAML the service reads, said in the file's terms: the parser's own
     * words where it has them ("expected ',' or '}', but got <block end>"), a key given twice by
     * its name, a YAML number that is none the service takes (.nan, .inf) by its text; no
     * Jackson feature or Java exception names.
     */
    static ConfigurationException yamlMistake(String where, JacksonException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        Matcher duplicate = DUPLICATE.matcher(message);
        if (duplicate.find()) {
            return new ConfigurationException(where, duplicate.group(1), "is given twice" + location(e)
                    + ": which is meant?");
        }
        if (message.startsWith("Trailing token")) {
            // Jackson's words were its own ("FAIL_ON_TRAILING_TOKENS"): a second document after '---'
            return new ConfigurationException(where, "(file)", "holds more than one YAML document (split by '---')"
                    + location(e) + ": a calibration file is one meter's; give each meter a file of its own");
        }
        Matcher malformed = MALFORMED.matcher(message);
        if (malformed.find()) {
            return new ConfigurationException(where, "(file)", "holds '" + malformed.group(1).strip()
                    + "'" + location(e) + ", which is no number the service takes: a value must be a finite number");
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYamlEngineException marked && marked.getProblem() != null) {
                String context = marked.getContext() == null ? "" : marked.getContext() + ": ";
                // where the parser gave up, rather than where what it was reading began
                String at = marked.getProblemMark().map(m -> " (line " + (m.getLine() + 1) + ", column "
                        + (m.getColumn() + 1) + ")").orElse(location(e));
                return new ConfigurationException(where, "(file)", "is not valid YAML: " + context
                        + marked.getProblem() + at);
            }
        }
        return new ConfigurationException(where, "(file)", "is not valid YAML: " + firstLine(message) + location(e));
    }

    private static String location(JacksonException e) {
        var loc = e.getLocation();
        return loc == null || loc.getLineNr() < 0 ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }

    /** Field access that turns every type mismatch into a message naming the field. */
    private record Fields(String where) {

        ConfigurationException error(String field, String problem) {
            return new ConfigurationException(where, field, problem);
        }

        void requireObject(JsonNode node, String field, Set<String> known) {
            if (!node.isObject()) {
                throw error(field, "must be a mapping of " + String.join(", ", sorted(known)));
            }
            for (String name : ((ObjectNode) node).propertyNames()) {
                if (!known.contains(name)) {
                    String path = "(file)".equals(field) ? name : field + "." + name;
                    // a slip or two: level_marks for level-marks
                    String meant = ConfigKeys.closest(name, known, Math.max(1, name.length() / 4));
                    throw error(path, "is not a known field (" + (meant == null ? "" : "did you mean " + meant + "? ")
                            + "known: " + String.join(", ", sorted(known)) + ")");
                }
            }
        }

        JsonNode object(JsonNode parent, String field, Set<String> known, boolean required) {
            JsonNode node = child(parent, field);
            if (node == null) {
                if (required) {
                    throw error(field, "is missing");
                }
                return null;
            }
            requireObject(node, field, known);
            return node;
        }

        String text(JsonNode parent, String field, boolean required) {
            JsonNode node = child(parent, field);
            if (node == null) {
                if (required) {
                    throw error(field, "is missing");
                }
                return null;
            }
            if (!node.isValueNode()) {
                throw error(field, "must be a single value, not a " + (node.isArray() ? "list" : "mapping"));
            }
            return node.asString();
        }

        double number(JsonNode parent, String field, boolean required) {
            JsonNode node = child(parent, field);
            if (node == null) {
                throw error(field, "is missing");
            }
            double v;
            if (node.isNumber()) {
                v = node.asDouble();
            } else if (node.isString()) {
                try {
                    v = Double.parseDouble(node.asString().trim());
                } catch (NumberFormatException e) {
                    throw error(field, "must be a number, got '" + node.asString() + "'");
                }
            } else {
                throw error(field, "must be a number");
            }
            if (!Double.isFinite(v)) {
                throw error(field, "must be a finite number");
            }
            return v;
        }

        int integer(JsonNode parent, String field) {
            double v = number(parent, field, true);
            if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
                throw error(field, "must be a whole number, got " + v);
            }
            return (int) v;
        }

        /**
         * The field's node, or null where the key is not there. A key with nothing after its colon
         * is a mistake, not "none": a bare {@code scale-marks:} (its lines lost or not indented)
         * read the meter without its marks.
         */
        private JsonNode child(JsonNode parent, String field) {
            String name = field.substring(field.lastIndexOf('.') + 1);
            JsonNode node = parent.get(name);
            if (node != null && node.isNull()) {
                throw error(field, "has no value (nothing after its colon, or its lines not indented under it): "
                        + "give it one, or leave the key out");
            }
            return node;
        }

        private static List<String> sorted(Set<String> names) {
            return names.stream().sorted().toList();
        }
    }
}
