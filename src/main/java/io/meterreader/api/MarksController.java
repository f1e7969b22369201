package io.meterreader.api;

import io.meterreader.config.CalibrationEditor;
import io.meterreader.config.CalibrationReloader;
import io.meterreader.config.Calibrations;
import io.meterreader.config.ConfigurationException;
import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.GaugeType;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The marks page's "keep these marks": a meter's scale or level marks written into its calibration
 * file, as the engineer would have pasted the page's line ({@code meter-reader.calibration-edits}).
 */
@RestController
class MarksController {

    private static final Logger log = LoggerFactory.getLogger(MarksController.class);

    private final Calibrations calibrations;
    private final CalibrationEditor editor;
    /** The folder's reloader, which says whether the folder is in force; empty where none runs. */
    private final Optional<CalibrationReloader> reloader;
    private final boolean enabled;

    MarksController(Calibrations calibrations, CalibrationEditor editor, Optional<CalibrationReloader> reloader,
                    @Value("${meter-reader.calibration-edits:false}") boolean enabled) {
        this.calibrations = calibrations;
        this.editor = editor;
        this.reloader = reloader;
        this.enabled = enabled;
    }

    /**
     * A dial's marks (with its direction; clockwise when left out) or a sight glass's, and who
     * writes them (optional; the HTTP Basic username when access is on).
     */
    record MarksChange(MeterCalibration.ScaleMarks scaleMarks, MeterCalibration.LevelMarks levelMarks,
                       String direction, String user) {
    }

    /**
     * Where the marks were written and the lines written; the folder's reload puts them in force.
     * {@code folderNotInForce}: null, or why the folder is refused now (another file's mistake),
     * so that these marks wait for it to be mended.
     */
    record MarksWritten(String meterId, String file, List<String> lines, String user, String folderNotInForce) {
    }

    @PutMapping("/api/v1/meters/{id}/marks")
    @Operation(summary = "Writes a meter's marks into its calibration file, where meter-reader.calibration-edits is "
            + "on (403 otherwise, and for a viewer): {\"scaleMarks\": {\"pivot\": {\"x\":..,\"y\":..}, \"min\": {..}, "
            + "\"max\": {..}}, \"direction\": \"clockwise|counterclockwise\"} for a dial, {\"levelMarks\": {\"empty\": "
            + "ROW, \"full\": ROW}} for a sight glass, in frame pixels. Other lines of the file stay as they are; the "
            + "folder's reload puts the edit in force within seconds. 400 for marks of the other kind or a file that "
            + "would not load, 404 for an unknown meter, 409 where the file has the key over several lines")
    MarksWritten write(@PathVariable String id, @RequestBody MarksChange body, HttpServletRequest request) {
        if (!enabled) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "calibration files are "
                    + "edited by hand here (meter-reader.calibration-edits is off): copy the marks page's line into "
                    + "the meter's file");
            problem.setTitle("Calibration edits off");
            problem.setType(URI.create(ProblemHandler.TYPE_BASE + "calibration-edits-off"));
            throw new ErrorResponseException(HttpStatus.FORBIDDEN, problem, null);
        }
        MeterCalibration meter = calibrations.meter(id).orElseThrow(() -> new NotFoundException("meter", id));
        String user = AlarmController.user(body.user(), request);
        Map<String, String> lines = lines(meter, body);
        CalibrationEditor.Written written;
        try {
            written = editor.set(id, lines);
        } catch (NoSuchElementException e) {
            throw new NotFoundException("meter", id);
        } catch (IllegalStateException e) {
            throw new ConflictException(e.getMessage());
        } catch (ConfigurationException e) {
            throw new BadRequestException(meter.type() == GaugeType.POINTER ? "scaleMarks" : "levelMarks",
                    "the calibration would not load with these marks: " + e.getMessage());
        } catch (UncheckedIOException e) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                    e.getMessage());
            problem.setTitle("Calibration file not written");
            problem.setType(URI.create(ProblemHandler.TYPE_BASE + "calibration-not-written"));
            throw new ErrorResponseException(HttpStatus.INTERNAL_SERVER_ERROR, problem, e);
        }
        log.info("Meter {}: {} written to {} by {}", id, String.join("; ", written.lines()), written.file(),
                user.isEmpty() ? "someone unnamed" : user);
        String refused = reloader.map(r -> r.status().error()).orElse(null);
        if (refused != null) {
            log.warn("Meter {}: its marks are written but wait, with every other edit, for the calibration folder "
                    + "to be mended: {}", id, refused);
        }
        return new MarksWritten(id, written.file().toString(), written.lines(), user, refused == null ? null
                : "the calibration folder is not put in force (" + refused + "): these marks come into force with "
                + "it once that is mended");
    }

    /** The calibration lines for the marks given, as the marks page writes them. */
    private static Map<String, String> lines(MeterCalibration meter, MarksChange body) {
        Map<String, String> lines = new LinkedHashMap<>();
        if (meter.type() == GaugeType.POINTER) {
            MeterCalibration.ScaleMarks s = body.scaleMarks();
            if (s == null || body.levelMarks() != null) {
                throw new BadRequestException("scaleMarks", meter.id() + " is a dial: give scaleMarks (pivot, min and "
                        + "max, each with x and y in frame pixels), not levelMarks");
            }
            List<String> missing = new ArrayList<>();
            if (s.pivot() == null) {
                missing.add("pivot");
            }
            if (s.min() == null) {
                missing.add("min");
            }
            if (s.max() == null) {
                missing.add("max");
            }
            if (!missing.isEmpty()) {
                throw new BadRequestException("scaleMarks", "scaleMarks lacks " + String.join(" and ", missing)
                        + ": a dial's marks are its pivot, min and max, each with x and y in frame pixels");
            }
            finite(s.pivot().x(), s.pivot().y(), s.min().x(), s.min().y(), s.max().x(), s.max().y());
            lines.put("scale-marks", s.yaml());
            String direction = body.direction() == null ? "clockwise" : body.direction().strip();
            switch (direction) {
                case "clockwise" -> lines.put("direction", "");
                case "counterclockwise" -> lines.put("direction", "direction: counterclockwise");
                default -> throw new BadRequestException("direction", "direction must be clockwise or "
                        + "counterclockwise, got '" + direction + "'");
            }
        } else {
            MeterCalibration.LevelMarks l = body.levelMarks();
            if (l == null || body.scaleMarks() != null || body.direction() != null) {
                throw new BadRequestException("levelMarks", meter.id() + " is a sight glass: give levelMarks (empty "
                        + "and full, the surface's row in frame pixels), not scaleMarks or a direction");
            }
            finite(l.empty(), l.full());
            lines.put("level-marks", l.yaml());
        }
        return lines;
    }

    /** Marks are numbers of pixels (JSON has no NaN, but a number too large for a double reads as infinite). */
    private static void finite(double... pixels) {
        for (double v : pixels) {
            if (!Double.isFinite(v)) {
                throw new BadRequestException("marks", "a mark must be a number of pixels, got " + v);
            }
        }
    }
}
