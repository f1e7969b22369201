package io.meterreader.api;

import io.meterreader.config.Calibrations;
import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.frame.Via;
import io.meterreader.pipeline.AlarmList;
import io.meterreader.pipeline.AlarmSnapshots;
import io.meterreader.pipeline.LiveState;
import io.meterreader.pipeline.SnapshotRenderer;
import io.meterreader.pipeline.StuckWatch;
import io.meterreader.store.ReadingStore;
import io.meterreader.store.StoreUnavailableException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

@RestController
@RequestMapping("/api/v1/meters")
@Tag(name = "meters")
class MeterController {

    private final Calibrations calibrations;
    private final LiveState live;
    private final ReadingStore store;
    private final ObjectProvider<AlarmSnapshots> alarmSnapshots;
    private final AlarmList alarms;
    /** What an operator does here, journalled as done on the API or the dashboard. */
    private final AlarmList.Edge actions;
    private final StuckWatch stuck;
    private final SnapshotImages images = new SnapshotImages();

    MeterController(Calibrations calibrations, LiveState live, ReadingStore store,
                    ObjectProvider<AlarmSnapshots> alarmSnapshots, AlarmList alarms, StuckWatch stuck) {
        this.calibrations = calibrations;
        this.live = live;
        this.store = store;
        this.alarmSnapshots = alarmSnapshots;
        this.alarms = alarms;
        this.actions = alarms.via(Via.HTTP);
        this.stuck = stuck;
    }

    /** Who takes a meter out of service and why; both optional. */
    record ServiceChange(String user, String reason) {
    }

    @PostMapping("/{id}/out-of-service")
    @Operation(summary = "Takes a meter out of service (ISA-18.2; a gauge away for maintenance): it reads "
            + "OUT_OF_SERVICE with no value, its alarm leaves the alarm list unacknowledged, and it raises none until "
            + "it is put back. Body (optional): {\"user\": ..., \"reason\": ...}; without a user, the HTTP Basic "
            + "username when access is on. Kept over restarts. 404 for an unknown meter, 409 when it is out of service "
            + "already")
    MeterView takeOutOfService(@PathVariable String id, @RequestBody(required = false) ServiceChange body,
                               HttpServletRequest request) {
        MeterCalibration meter = calibrations.meter(id).orElseThrow(() -> new NotFoundException("meter", id));
        String user = AlarmController.user(body == null ? null : body.user(), request);
        String reason = AlarmController.text("reason", body == null ? null : body.reason());
        try {
            actions.takeOutOfService(id, user, reason);
        } catch (IllegalStateException e) {
            throw new ConflictException(e.getMessage());
        }
        return view(meter);
    }

    @PostMapping("/{id}/in-service")
    @Operation(summary = "Puts a meter taken out of service back in service: read, and alarmed, afresh from its next "
            + "frame. Body (optional): {\"user\": ...}. 404 for an unknown meter, 409 when it is not out of service")
    MeterView putBackInService(@PathVariable String id, @RequestBody(required = false) ServiceChange body,
                               HttpServletRequest request) {
        MeterCalibration meter = calibrations.meter(id).orElseThrow(() -> new NotFoundException("meter", id));
        try {
            actions.putBackInService(id, AlarmController.user(body == null ? null : body.user(), request));
        } catch (IllegalStateException e) {
            throw new ConflictException(e.getMessage());
        }
        return view(meter);
    }

    /** A change of a meter's status or alarm state, with the value read where there was one. */
    record ChangeView(Instant time, ReadingStatus status, ReadingStatus statusBefore, AlarmState alarm,
                      AlarmState alarmBefore, boolean alarmChanged, Double value, String unit) {
    }

    @GetMapping("/{id}/changes")
    @Operation(summary = "The meter's changes of status or alarm state captured in [from, to], the latest `limit` "
            + "(default 50), newest first: when its camera went down and came back, when it went into alarm and out "
            + "(alarmChanged; a failed reading changes no alarm, alarmBefore is as of the last reading with a value)")
    List<ChangeView> changes(@PathVariable String id,
                             @RequestParam(required = false) Instant from,
                             @RequestParam(required = false) Instant to,
                             @RequestParam(defaultValue = "50") int limit) {
        Range r = range(id, from, to, limit);
        return store.changes(id, r.start(), r.end(), limit).stream().map(c -> new ChangeView(c.reading().captureTime(),
                c.reading().status(), c.before(), c.reading().alarm(), c.alarmBefore(), c.alarmChanged(),
                c.reading().value(), c.reading().unit())).toList();
    }

    @GetMapping(value = "/{id}/snapshot", produces = MediaType.IMAGE_JPEG_VALUE)
    @Operation(summary = "The meter's part of its camera's latest read frame as JPEG, annotated as the camera's "
            + "snapshot is (box, pointer, ticks, value and status): its region and the box it was found in, with a "
            + "margin; X-Capture-Time and Last-Modified say when the frame was captured. 404 for an unknown meter, or "
            + "while its camera has delivered no frame")
    ResponseEntity<byte[]> snapshot(@PathVariable String id) {
        MeterCalibration m = calibrations.meter(id).orElseThrow(() -> new NotFoundException("meter", id));
        var snapshot = live.snapshot(m.camera()).orElseThrow(() -> new NotFoundException("snapshot", id,
                "Camera '" + m.camera() + "' of meter '" + id + "' has not delivered a frame yet"));
        BoundingBox region = m.region().toBox();
        byte[] jpeg;
        try {
            // the region in the key: an edit of the calibration shows in the next picture, not the next frame's
            jpeg = images.jpeg(id + " " + region, snapshot, () -> SnapshotRenderer.jpeg(snapshot, 0.85f,
                    SnapshotRenderer.meterCrop(snapshot, id, region).orElseThrow(), region));
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("snapshot", id, "The region of meter '" + id + "' lies outside its camera's "
                    + snapshot.frame().width() + "x" + snapshot.frame().height() + " frame");
        }
        // when the frame was captured: a camera that went down leaves its last frame, and a page says how old
        Instant captured = snapshot.frame().captureTime();
        return ResponseEntity.ok().contentType(MediaType.IMAGE_JPEG).cacheControl(CacheControl.noStore())
                .lastModified(captured).header(CAPTURE_TIME, captured.toString()).body(jpeg);
    }

    /** The header that gives a meter's picture's capture time to the millisecond (Last-Modified has seconds). */
    static final String CAPTURE_TIME = "X-Capture-Time";

    /** A picture of a meter as it went into alarm, and where to get it. */
    record AlarmSnapshotView(Instant time, AlarmState alarm, double value, String unit, String url) {
    }

    @GetMapping("/{id}/alarm-snapshots")
    @Operation(summary = "The meter's annotated pictures (its part of the frame) as it went into alarm (LOW or HIGH), "
            + "newest first: the evidence for each alarm; empty where none is kept (storage.alarm-snapshots)")
    List<AlarmSnapshotView> alarmSnapshots(@PathVariable String id) {
        MeterCalibration m = calibrations.meter(id).orElseThrow(() -> new NotFoundException("meter", id));
        AlarmSnapshots pictures = alarmSnapshots.getIfAvailable();
        if (pictures == null) {
            return List.of();
        }
        return pictures.list(id).stream().map(e -> new AlarmSnapshotView(e.time(), e.alarm(), e.value(),
                m.range().unit(), "/api/v1/meters/" + id + "/alarm-snapshots/" + e.id())).toList();
    }

    @GetMapping(value = "/{id}/alarm-snapshots/{at}", produces = MediaType.IMAGE_JPEG_VALUE)
    @Operation(summary = "One of the meter's pictures as it went into alarm (JPEG), by its frame's capture time in "
            + "epoch milliseconds, as the list gives its url")
    ResponseEntity<byte[]> alarmSnapshot(@PathVariable String id, @PathVariable String at) {
        calibrations.meter(id).orElseThrow(() -> new NotFoundException("meter", id));
        AlarmSnapshots pictures = alarmSnapshots.getIfAvailable();
        byte[] jpeg = (pictures == null ? Optional.<byte[]>empty() : pictures.jpeg(id, at))
                .orElseThrow(() -> new NotFoundException("alarm snapshot", at, "Meter '" + id + "' has no alarm "
                        + "snapshot of a frame captured at " + at + " (epoch milliseconds)"));
        return ResponseEntity.ok().contentType(MediaType.IMAGE_JPEG).body(jpeg);
    }

    @GetMapping
    @Operation(summary = "Every calibrated meter with its latest reading, then every gauge found where no meter is "
            + "calibrated (calibrated: false)")
    List<MeterView> meters() {
        List<MeterView> views = new java.util.ArrayList<>(calibrations.all().stream().map(this::view).toList());
        live.uncalibrated().forEach(g -> views.add(MeterView.uncalibrated(g)));
        return views;
    }

    @GetMapping("/{id}")
    @Operation(summary = "One meter: its calibration and latest reading")
    MeterView meter(@PathVariable String id) {
        return calibrations.meter(id).map(this::view)
                .or(() -> live.uncalibrated().stream().filter(g -> g.reading().meterId().equals(id)).findFirst()
                        .map(MeterView::uncalibrated))
                .orElseThrow(() -> new NotFoundException("meter", id));
    }

    @GetMapping("/{id}/readings")
    @Operation(summary = "A meter's reading history, oldest first: the latest `limit` readings captured in [from, to];"
            + " with `step` (e.g. PT1M) one reading per step, the mean of its OK readings. Where the window held "
            + "more readings than the limit, the header X-Readings-Left-Out says how many of the oldest were left out")
    ResponseEntity<List<ReadingView>> readings(@PathVariable String id,
                                               @RequestParam(required = false) Instant from,
                                               @RequestParam(required = false) Instant to,
                                               @RequestParam(defaultValue = "500") int limit,
                                               @RequestParam(required = false) Duration step) {
        List<ReadingView> views = history(id, from, to, limit, step).stream().map(ReadingView::of).toList();
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
        if (step == null && views.size() == limit) {
            Range r = range(id, from, to, limit);
            leftOut(answer, store.count(id, r.start(), r.end()) - limit);
        }
        return answer.body(views);
    }

    /** Says in a header how many of a window's oldest readings a limit left out (none: no header). */
    private static void leftOut(ResponseEntity.BodyBuilder answer, long count) {
        if (count > 0) {
            answer.header(LEFT_OUT, String.valueOf(count));
        }
    }

    /** The header that says how many of a window's oldest readings the limit left out. */
    static final String LEFT_OUT = "X-Readings-Left-Out";

    /** A window's readings summed up, as {@link ReadingStore.Summary}, with the unit and the window. */
    record SummaryView(Instant from, Instant to, String unit, long readings, long ok, Double min, Double max,
                       Double mean, Map<ReadingStatus, Long> failures) {
    }

    @GetMapping("/{id}/readings/summary")
    @Operation(summary = "A meter's readings in [from, to] summed up: how many, how many OK, the lowest, highest "
            + "and mean value of every OK reading in the meter's unit (not of step means: a peak shows), and the "
            + "readings without a value by status; a meter whose calibration was removed keeps its history, summed up "
            + "in the unit it was last read in")
    SummaryView summary(@PathVariable String id, @RequestParam(required = false) Instant from,
                        @RequestParam(required = false) Instant to) {
        Range r = range(id, from, to, 1);
        // in the meter's unit now; one no longer calibrated (removed, renamed) in the unit it was last read in
        String unit = calibrations.meter(id).map(m -> m.range().unit()).orElseGet(() -> store.latestUnit(id)
                .orElse(null));
        ReadingStore.Summary s = store.summary(id, unit, r.start(), r.end());
        return new SummaryView(r.start(), r.end(), unit, s.readings(), s.ok(), s.min(), s.max(), s.mean(),
                s.failures());
    }

    @GetMapping(value = "/{id}/readings.csv", produces = "text/csv")
    @Operation(summary = "The same history as CSV, to open in a spreadsheet: capture_time, read_time, status, value, "
            + "unit, fraction, confidence, alarm; without `step`, every reading of the window up to `limit` (default "
            + "and most 1,000,000: every reading of a day taken every 0.1 s), written as it is read, "
            + "X-Readings-Left-Out saying how many of the oldest a limit left out; with `step`, `limit` steps "
            + "(default 500); bom=true starts it with a UTF-8 byte order mark, for Excel")
    ResponseEntity<StreamingResponseBody> readingsCsv(@PathVariable String id,
                                                      @RequestParam(required = false) Instant from,
                                                      @RequestParam(required = false) Instant to,
                                                      @RequestParam(required = false) Integer limit,
                                                      @RequestParam(required = false) Duration step,
                                                      @RequestParam(defaultValue = "false") boolean bom) {
        Consumer<Consumer<Reading>> rows;
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
        if (step == null) {
            // a file asked for by its window has the window's readings, not the latest 500 of them
            int most = limit == null ? CSV_MAX_LIMIT : limit;
            Range r = range(id, from, to, most, CSV_MAX_LIMIT);
            // counted before the answer starts: a database away is a 503, not a cut file
            leftOut(answer, store.count(id, r.start(), r.end()) - most);
            rows = row -> store.forEach(id, r.start(), r.end(), most, row);
        } else {
            rows = history(id, from, to, limit == null ? 500 : limit, step)::forEach;
        }
        StreamingResponseBody body = out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            if (bom) {
                w.write(CsvFields.BOM);
            }
            w.write(CSV_HEADER);
            long[] written = {0};
            try {
                rows.accept(reading -> {
                    csvRow(w, reading);
                    written[0]++;
                });
            } catch (StoreUnavailableException e) {
                // the answer has begun: no 503 can be sent, and a file ended cleanly would be taken for whole
                throw new DownloadCutException(id + ".csv was cut after " + written[0] + (written[0] == 1 ? " reading: "
                        : " readings: ")
                        + e.getMessage() + "; the download is broken off so that the file is not taken for whole");
            }
            w.flush();
        };
        return answer
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(id + ".csv").build()
                        .toString())
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8)).body(body);
    }

    /**
     * A download the history store failed in the middle of: its connection is broken off (the
     * client sees a transfer cut short), and the log has one line saying why, without a stack.
     */
    static final class DownloadCutException extends RuntimeException {
        DownloadCutException(String message) {
            super(message, null, false, false);
        }
    }

    /** The most rows a meter's CSV without a step takes: a day of readings taken every 0.1 s, and more. */
    static final int CSV_MAX_LIMIT = 1_000_000;

    private static final String CSV_HEADER = "capture_time,read_time,status,value,unit,fraction,confidence,alarm\n";

    private static void csvRow(Writer w, Reading r) {
        try {
            w.append(r.captureTime().toString()).append(',').append(r.readTime().toString()).append(',')
                    .append(r.status().name()).append(',').append(r.value() == null ? "" : r.value().toString())
                    .append(',').append(CsvFields.field(r.unit())).append(',')
                    .append(r.fraction() == null ? "" : r.fraction().toString()).append(',')
                    .append(String.valueOf(r.confidence())).append(',').append(r.alarm().name()).append('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Reading> history(String id, Instant from, Instant to, int limit, Duration step) {
        Range r = range(id, from, to, limit);
        if (step != null && (step.isNegative() || step.toMillis() < 1)) {
            // the store steps in whole milliseconds: a shorter one would be taken as 1 ms
            throw new BadRequestException("step", "step must be a positive duration of at least 1 ms, such as 1m or "
                    + "PT1M, got " + step);
        }
        return step == null ? store.history(id, r.start(), r.end(), limit)
                : store.downsampled(id, r.start(), r.end(), step, limit);
    }

    /** A history request's range, checked: a calibrated meter, a limit the store takes, from not after to. */
    private record Range(Instant start, Instant end) {
    }

    private Range range(String id, Instant from, Instant to, int limit) {
        return range(id, from, to, limit, ReadingStore.MAX_LIMIT);
    }

    private Range range(String id, Instant from, Instant to, int limit, int maxLimit) {
        // a meter whose calibration was removed or renamed keeps its stored history, read by its old id
        // (it was a 404, though the journal took the old id: the live-edit audit)
        if (calibrations.meter(id).isEmpty() && !store.hasReadings(id)) {
            throw new NotFoundException("meter", id);
        }
        if (limit < 1 || limit > maxLimit) {
            throw new BadRequestException("limit", "limit must be between 1 and " + maxLimit + ", got " + limit);
        }
        Instant end = to == null ? Instant.now().plusSeconds(60) : to;
        Instant start = from == null ? Instant.EPOCH : from;
        if (start.isAfter(end)) {
            throw new BadRequestException("from", "from (" + start + ") is after to (" + end + ")");
        }
        return new Range(start, end);
    }

    private MeterView view(MeterCalibration m) {
        return MeterView.of(m, live.latestReading(m.id()).orElse(null), live.lastOk(m.id()).orElse(null),
                live.learntScaleMarks(m.id()).orElse(null), alarms.outOfService(m.id()).orElse(null),
                stuck.stuck(m.id()).orElse(null));
    }
}
