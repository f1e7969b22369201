package io.meterreader.api;

import io.meterreader.config.Calibrations;
import io.meterreader.config.MeterCalibration;
import io.meterreader.store.ReadingStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Every meter's history side by side, as a plant keeps a shift log: one CSV row per step, one
 * column per meter, each cell the mean of that meter's OK readings in the step.
 */
@RestController
@Tag(name = "meters")
class ReadingLogController {

    /** The most rows one log holds: a day in 10 s steps is 8,640. */
    static final int MAX_ROWS = ReadingStore.MAX_LIMIT;

    private final Calibrations calibrations;
    private final ReadingStore store;

    ReadingLogController(Calibrations calibrations, ReadingStore store) {
        this.calibrations = calibrations;
        this.store = store;
    }

    @GetMapping(value = "/api/v1/readings.csv", produces = "text/csv")
    @Operation(summary = "Every meter's readings side by side, for a spreadsheet: one row per step (`step`, default "
            + "PT1M) from `from`, the steps starting there (left out: a day before `to`, the steps aligned to the "
            + "epoch) to `to` (default now), one column "
            + "per meter (`meters`, comma-separated; default every calibrated meter; one whose calibration was removed "
            + "by name, in the unit it was last read in) headed with its unit, each cell "
            + "the mean of its OK readings in that step, empty where it had none; bom=true starts it with a UTF-8 byte "
            + "order mark, for Excel")
    ResponseEntity<String> log(@RequestParam(required = false) Instant from,
                               @RequestParam(required = false) Instant to,
                               @RequestParam(defaultValue = "PT1M") Duration step,
                               @RequestParam(required = false) String meters,
                               @RequestParam(defaultValue = "false") boolean bom) {
        if (step.isNegative() || step.toMillis() < 1) {
            throw new BadRequestException("step", "step must be a positive duration such as 1m or PT1M, got " + step);
        }
        Instant end = to == null ? Instant.now() : to;
        Instant start = from == null ? end.minus(Duration.ofDays(1)) : from;
        if (start.isAfter(end)) {
            throw new BadRequestException("from", "from (" + start + ") is after to (" + end + ")");
        }
        long stepMillis = step.toMillis();
        // steps from the start asked for (a shift log's 06:00 in the plant's time, in steps of 8 h), or
        // from the epoch where none is (the last day's minutes, on the minute)
        Instant origin = from == null ? Instant.EPOCH : from;
        long zero = origin.toEpochMilli();
        long first = Math.floorDiv(start.toEpochMilli() - zero, stepMillis);
        // a step is [its start, the next one's): a log to the end of a shift has no row for the next
        // shift's first instant (from 06:00 to 06:00 the next day in steps of 8 h: 3 rows, not 4)
        long last = Math.floorDiv(end.toEpochMilli() - zero - (end.isAfter(start) ? 1 : 0), stepMillis);
        long rows = last - first + 1;
        if (rows > MAX_ROWS) {
            throw new BadRequestException("step", "from " + start + " to " + end + " in steps of " + step + " is "
                    + rows + " rows; at most " + MAX_ROWS + ": take a longer step or a shorter range");
        }
        List<Column> columns = columns(meters);
        Map<String, Map<Long, Double>> byMeter = new HashMap<>();
        Map<String, String> units = new HashMap<>();
        columns.forEach(c -> units.put(c.id(), c.unit()));
        store.stepMeans(List.copyOf(units.keySet()), start, end, step, origin, mean -> {
            // readings taken before the meter's unit was changed in its calibration are on another scale
            if (mean.unit() != null && mean.unit().equals(units.get(mean.meterId()))) {
                byMeter.computeIfAbsent(mean.meterId(), id -> new HashMap<>()).put(mean.step(), mean.mean());
            }
        });
        List<Map<Long, Double>> cells = new ArrayList<>();
        for (Column c : columns) {
            cells.add(byMeter.getOrDefault(c.id(), Map.of()));
        }
        StringBuilder csv = new StringBuilder(bom ? CsvFields.BOM : "").append("time");
        for (Column c : columns) {
            csv.append(',').append(CsvFields.field(c.unit() == null ? c.id() : c.id() + " (" + c.unit() + ")"));
        }
        csv.append('\n');
        for (long k = first; k <= last; k++) {
            csv.append(Instant.ofEpochMilli(zero + k * stepMillis));
            for (Map<Long, Double> byStep : cells) {
                Double v = byStep.get(k);
                csv.append(',').append(v == null ? "" : number(v));
            }
            csv.append('\n');
        }
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("meters-" + start.toString().replace(':', '-') + ".csv").build().toString())
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8)).body(csv.toString());
    }

    /**
     * A mean to six significant digits, without an exponent or trailing zeros: more than the
     * reading of a gauge ever holds, less than a spreadsheet would show as noise.
     */
    static String number(double v) {
        return BigDecimal.valueOf(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    /** A meter's column: its id and the unit its means are in (null: none of its readings had one). */
    private record Column(String id, String unit) {
    }

    /**
     * The meters asked for, in the order asked, or every calibrated meter where none is asked for; an
     * unknown one is a 404, and {@code meters=} naming none a 400 (a form sent with nothing chosen is not
     * a request for every meter). A meter asked for by name whose calibration was removed, and whose
     * readings are still stored, has its column in the unit it was last read in.
     */
    private List<Column> columns(String meters) {
        if (meters == null) {
            return calibrations.all().stream().map(m -> new Column(m.id(), m.range().unit())).toList();
        }
        List<Column> out = new ArrayList<>();
        for (String id : new LinkedHashSet<>(List.of(meters.split(",")))) {
            String wanted = id.strip();
            if (!wanted.isEmpty()) {
                out.add(column(wanted));
            }
        }
        if (out.isEmpty()) {
            throw new BadRequestException("meters", "meters names no meter: give their ids, comma-separated, or leave "
                    + "it out for every calibrated meter");
        }
        return out;
    }

    private Column column(String id) {
        Optional<MeterCalibration> calibrated = calibrations.meter(id);
        if (calibrated.isPresent()) {
            return new Column(id, calibrated.get().range().unit());
        }
        if (!store.hasReadings(id)) {
            throw new NotFoundException("meter", id);
        }
        return new Column(id, store.latestUnit(id).orElse(null));
    }
}
