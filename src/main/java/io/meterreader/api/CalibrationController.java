package io.meterreader.api;

import io.meterreader.config.CalibrationReloader;
import io.meterreader.config.Calibrations;
import java.time.Instant;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Where the calibration set stands: what is in force, and why an edited folder is not. */
@RestController
@RequestMapping("/api/v1/calibration")
class CalibrationController {

    /**
     * @param camerasFile  the cameras file, whose edits are put in force with the folder's; null: none
     * @param reloadEvery  how often the folder and the file are looked at for edits, ISO-8601 (PT0S: never)
     * @param inForceSince when the set in force was loaded (start-up, or the last edit put in force)
     * @param error        why the last edit of the folder or the file is not in force, as the log says
     *                     it; null when it is
     * @param edits        whether the marks page may write marks into the files (calibration-edits)
     */
    record CalibrationView(String dir, String camerasFile, String reloadEvery, int meters, Instant inForceSince,
                           String error, List<String> warnings, boolean edits) {
    }

    private final Calibrations calibrations;
    private final CalibrationReloader reloader;
    private final boolean edits;

    CalibrationController(Calibrations calibrations, CalibrationReloader reloader,
                          @Value("${meter-reader.calibration-edits:false}") boolean edits) {
        this.calibrations = calibrations;
        this.reloader = reloader;
        this.edits = edits;
    }

    @GetMapping
    CalibrationView status() {
        CalibrationReloader.Status s = reloader.status();
        return new CalibrationView(s.dir().toString(), s.camerasFile() == null ? null : s.camerasFile().toString(),
                s.every().toString(), calibrations.all().size(),
                s.inForceSince(), s.error(), s.warnings(), edits);
    }
}
