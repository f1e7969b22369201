package io.meterreader.api;

import io.meterreader.config.Calibrations;
import io.meterreader.frame.AlarmActions;
import io.meterreader.frame.AlarmEvent;
import io.meterreader.frame.AlarmPriority;
import io.meterreader.frame.AlarmShelf;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.MeterAlarm;
import io.meterreader.frame.Via;
import io.meterreader.pipeline.AlarmList;
import io.meterreader.store.AlarmJournal;
import io.meterreader.store.AlarmStatistics;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The alarm list (ISA-18.2) and its acknowledgement, for the dashboard and for any client: each
 * meter's alarm from the moment it is raised until it has both cleared and been acknowledged.
 * It is the same list OPC UA's conditions show, so an alarm acknowledged here is acknowledged
 * there, and the other way round. An operator may shelve a meter's alarm for a time, or once
 * until it clears (ISA-18.2): it stays listed, with its {@code shelf}, out of the unacknowledged
 * count and the alerts. The alarm journal says what happened to each alarm, and who did it.
 */
@RestController
@Tag(name = "alarms")
class AlarmController {

    static final int MAX_USER = AlarmActions.MAX_USER;
    static final int MAX_COMMENT = AlarmActions.MAX_TEXT;

    private final AlarmList alarms;
    /** What an operator does here, journalled as done on the API or the dashboard. */
    private final AlarmList.Edge actions;
    private final Calibrations calibrations;
    private final AlarmJournal journal;

    AlarmController(AlarmList alarms, Calibrations calibrations, AlarmJournal journal) {
        this.alarms = alarms;
        this.actions = alarms.via(Via.HTTP);
        this.calibrations = calibrations;
        this.journal = journal;
    }

    /** A meter's alarm as the API gives it. */
    record AlarmView(String meterId, AlarmState state, AlarmState limit, AlarmPriority priority, boolean active,
                     boolean acknowledged, Instant raised, Instant changed, double value, String unit,
                     Instant acknowledgedAt, String acknowledgedBy, String comment, ShelfView shelf) {

        static AlarmView of(MeterAlarm a) {
            return new AlarmView(a.meterId(), a.state(), a.limit(), a.priority(), a.active(), a.acknowledged(),
                    a.raised(), a.changed(), a.value(), a.unit(), a.acknowledgedAt(), a.acknowledgedBy(), a.comment(),
                    a.shelved() ? ShelfView.of(a.shelf()) : null);
        }
    }

    /** An alarm's shelving as the API gives it: {@code until} null for one-shot (until it clears). */
    record ShelfView(Instant since, Instant until, boolean oneShot, String user, String reason) {

        static ShelfView of(AlarmShelf s) {
            return new ShelfView(s.since(), s.until(), s.oneShot(), s.user(), s.reason());
        }
    }

    /** What an operator says on acknowledging: both optional. */
    record Acknowledgement(String user, String comment) {
    }

    /**
     * A shelving: for how long ({@code "2h"}, {@code "30m"}, {@code "PT8H"}), or, where that is
     * missing, once until the alarm clears; who and why, both optional.
     */
    record Shelving(String duration, String user, String reason) {
    }

    /** Who unshelves: optional. */
    record Unshelving(String user) {
    }

    @GetMapping("/api/v1/alarms")
    @Operation(summary = "The alarm list: every meter's alarm that is active or not yet acknowledged, the latest "
            + "raised first (`state` NONE: cleared, waiting for its acknowledgement)")
    List<AlarmView> list() {
        return alarms.listed().stream().map(AlarmView::of).toList();
    }

    @GetMapping("/api/v1/alarms/journal")
    @Operation(summary = "The alarm journal: what happened to the alarms (RAISED, CLEARED, ACKNOWLEDGED, COMMENTED, "
            + "SHELVED, UNSHELVED; DISABLED and ENABLED, an OPC UA condition's; OUT_OF_SERVICE and "
            + "BACK_IN_SERVICE for their meters, without a value) in "
            + "[from, to], of one `meter` or all, the latest `limit` (default 100), newest first, with "
            + "who did it (`user`), the edge it came in by (`via`: SERVICE for the service's own, HTTP, MQTT, "
            + "SPARKPLUG, OPC_UA; null for entries journalled before it was kept) and why (`text`: a comment, a "
            + "reason); with `user`, only what that user did (an audit of one operator's shift); with `via`, only "
            + "what came in by that edge. 503 while the reading store is away")
    List<AlarmEvent> journal(@RequestParam(required = false) String meter,
                              @RequestParam(required = false) String user,
                              @RequestParam(required = false) String via,
                              @RequestParam(required = false) Instant from,
                              @RequestParam(required = false) Instant to,
                              @RequestParam(defaultValue = "100") int limit) {
        return entries(meter, user, via, from, to, limit);
    }

    @GetMapping(value = "/api/v1/alarms/journal.csv", produces = "text/csv")
    @Operation(summary = "The same journal as CSV, for an audit or a spreadsheet: time, meter, kind, state, limit, "
            + "value, unit, user, text, until, via; bom=true starts it with a UTF-8 byte order mark, for Excel")
    ResponseEntity<String> journalCsv(@RequestParam(required = false) String meter,
                                      @RequestParam(required = false) String user,
                                      @RequestParam(required = false) String via,
                                      @RequestParam(required = false) Instant from,
                                      @RequestParam(required = false) Instant to,
                                      @RequestParam(defaultValue = "1000") int limit,
                                      @RequestParam(defaultValue = "false") boolean bom) {
        StringBuilder csv = new StringBuilder(bom ? CsvFields.BOM : "")
                .append("time,meter,kind,state,limit,value,unit,user,text,until,via\n");
        for (AlarmEvent e : entries(meter, user, via, from, to, limit)) {
            csv.append(e.time()).append(',').append(CsvFields.field(e.meterId())).append(',').append(e.kind())
                    .append(',').append(e.state()).append(',').append(e.limit()).append(',')
                    .append(e.value() == null ? "" : e.value())
                    .append(',').append(CsvFields.text(e.unit())).append(',').append(CsvFields.text(e.user()))
                    .append(',').append(CsvFields.text(e.text())).append(',')
                    .append(e.until() == null ? "" : e.until()).append(',')
                    .append(e.via() == null ? "" : e.via()).append('\n');
        }
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename((meter == null ? "" : meter + "-") + "alarm-journal"
                                + (user == null ? "" : "-" + user)
                                + (via == null ? "" : "-" + via(via).name().toLowerCase(Locale.ROOT)) + ".csv").build()
                        .toString())
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8)).body(csv.toString());
    }

    private List<AlarmEvent> entries(String meter, String user, String via, Instant from, Instant to, int limit) {
        // any meter id: one no longer calibrated keeps its entries
        if (meter != null && meter.isBlank()) {
            throw new BadRequestException("meter", "meter: empty (leave it out for every meter)");
        }
        if (user != null && user.isBlank()) {
            throw new BadRequestException("user", "user: empty (leave it out for everyone's entries)");
        }
        if (limit < 1 || limit > AlarmJournal.MAX_LIMIT) {
            throw new BadRequestException("limit", "limit must be between 1 and " + AlarmJournal.MAX_LIMIT + ", got "
                    + limit);
        }
        Instant end = to == null ? Instant.now().plusSeconds(60) : to;
        Instant start = from == null ? Instant.EPOCH : from;
        if (start.isAfter(end)) {
            throw new BadRequestException("from", "from (" + start + ") is after to (" + end + ")");
        }
        List<AlarmEvent> found = journal.entries(meter, user == null ? null : user.strip(), via(via), start, end,
                limit);
        if (found.isEmpty() && meter != null && calibrations.meter(meter).isEmpty()
                && journal.entries(meter, Instant.EPOCH, Instant.now().plusSeconds(60), 1).isEmpty()) {
            // not calibrated, and never in the journal: a misspelt meter, not one without alarms
            throw new NotFoundException("meter", meter);
        }
        return found;
    }

    /** The journal's {@code via} parameter: an edge by its name, in any case ({@code opc_ua}, {@code OPC-UA}). */
    private static Via via(String via) {
        if (via == null) {
            return null;
        }
        String name = via.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Via v : Via.values()) {
            if (v.name().equals(name)) {
                return v;
            }
        }
        throw new BadRequestException("via", "via: " + AlarmActions.oneLine(via) + " is none of "
                + Arrays.toString(Via.values()) + " (the edge an entry came in by; leave it out for every edge)");
    }

    @GetMapping("/api/v1/alarms/statistics")
    @Operation(summary = "The alarm system's performance over [from, to] (default: the last 7 days), as ISA-18.2 "
            + "has a plant measure it: alarms raised, their average and peak per 10 minutes, the share of 10-minute "
            + "intervals in flood (more than 10), and per meter, the most raised first: raised, chattering (raised "
            + "again within a minute of clearing), time in alarm and shelved, acknowledgements and the mean and "
            + "longest time to acknowledge. 503 while the reading store is away")
    AlarmStatistics.Figures statistics(@RequestParam(required = false) Instant from,
                                       @RequestParam(required = false) Instant to) {
        Instant now = Instant.now();
        Instant end = to == null ? now : to;
        Instant start = from == null ? end.minus(Duration.ofDays(7)) : from;
        if (start.isAfter(end)) {
            throw new BadRequestException("from", "from (" + start + ") is after to (" + end + ")");
        }
        // what has not happened yet is neither time in alarm nor intervals without alarms
        return journal.statistics(start.isAfter(now) ? now : start, end.isAfter(now) ? now : end);
    }

    @PostMapping("/api/v1/alarms/{meterId}/acknowledge")
    @Operation(summary = "Acknowledges a meter's alarm. Body (optional): {\"user\": ..., \"comment\": ...}; "
            + "without a user, the HTTP Basic username when access is on (the access filter's, once it has checked it). 404 when the meter has no alarm on the "
            + "list, 409 when it is already acknowledged")
    AlarmView acknowledge(@PathVariable String meterId, @RequestBody(required = false) Acknowledgement body,
                          HttpServletRequest request) {
        String user = user(body == null ? null : body.user(), request);
        String comment = text("comment", body == null ? null : body.comment());
        try {
            return AlarmView.of(actions.acknowledge(meterId, user, comment));
        } catch (NoSuchElementException e) {
            throw notFound(meterId, "has no alarm on the list");
        } catch (IllegalStateException e) {
            throw new ConflictException(e.getMessage());
        }
    }

    @PostMapping("/api/v1/alarms/{meterId}/comment")
    @Operation(summary = "Puts an operator's comment on a meter's alarm in the alarm journal (what was seen, what was "
            + "done), changing nothing of the alarm. Body: {\"user\": ..., \"comment\": ...} (comment required). "
            + "404 when the meter has no alarm to act on (none raised since the service started or since it was put "
            + "back in service)")
    ResponseEntity<Void> comment(@PathVariable String meterId, @RequestBody(required = false) Acknowledgement body,
                                 HttpServletRequest request) {
        String user = user(body == null ? null : body.user(), request);
        String comment = text("comment", body == null ? null : body.comment());
        if (comment.isEmpty()) {
            throw new BadRequestException("comment", "comment: missing (a comment says something)");
        }
        try {
            actions.comment(meterId, user, comment);
        } catch (NoSuchElementException e) {
            throw notFound(meterId, NO_ALARM);
        }
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/v1/alarms/{meterId}/shelve")
    @Operation(summary = "Shelves a meter's alarm (ISA-18.2): it stays listed but leaves the unacknowledged count and "
            + "the alerts until the shelf ends. Body: {\"duration\": \"2h\" (at most 24 h; without it, once, until "
            + "the active alarm clears), \"user\": ..., \"reason\": ...}. 404 when the meter has no alarm to act "
            + "on, 409 for a one-shot shelf of an alarm not active, 400 for a bad duration")
    AlarmView shelve(@PathVariable String meterId, @RequestBody(required = false) Shelving body,
                     HttpServletRequest request) {
        Duration duration = body == null || body.duration() == null || body.duration().isBlank() ? null
                : duration(body.duration().strip());
        String user = user(body == null ? null : body.user(), request);
        String reason = text("reason", body == null ? null : body.reason());
        try {
            return AlarmView.of(actions.shelve(meterId, duration, user, reason));
        } catch (NoSuchElementException e) {
            throw notFound(meterId, NO_ALARM);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("duration", "duration: " + e.getMessage());
        } catch (IllegalStateException e) {
            throw new ConflictException(e.getMessage());
        }
    }

    @PostMapping("/api/v1/alarms/{meterId}/unshelve")
    @Operation(summary = "Ends the shelving of a meter's alarm now. Body (optional): {\"user\": ...}. 404 when the "
            + "meter has no alarm to act on, 409 when its alarm is not shelved")
    AlarmView unshelve(@PathVariable String meterId, @RequestBody(required = false) Unshelving body,
                       HttpServletRequest request) {
        try {
            return AlarmView.of(actions.unshelve(meterId, user(body == null ? null : body.user(), request)));
        } catch (NoSuchElementException e) {
            throw notFound(meterId, NO_ALARM);
        } catch (IllegalStateException e) {
            throw new ConflictException(e.getMessage());
        }
    }

    /** Why a comment, shelving or unshelving has nothing to act on. */
    static final String NO_ALARM = "has no alarm to act on (none raised since the service started, or since it was "
            + "put back in service)";

    /**
     * The user named in the body, else the HTTP Basic username once the access filter has checked
     * it, else "". A personal account records its own name: another in the body is a 400.
     */
    static String user(String named, HttpServletRequest request) {
        if (Boolean.TRUE.equals(request.getAttribute(AccessFilter.PERSONAL))) {
            String account = request.getRemoteUser();
            if (named != null && !named.isBlank() && !named.strip().equals(account)) {
                throw new BadRequestException("user", "user: " + account + "'s account is personal, and what it does "
                        + "is recorded under its name, not " + named.strip() + "'s: leave user out");
            }
            return account;
        }
        String user = named == null || named.isBlank()
                ? (request.getRemoteUser() == null ? "" : request.getRemoteUser()) : named.strip();
        if (request.getAttribute(AccessFilter.PERSONAL_NAMES) instanceof Set<?> personal
                && !user.equals(request.getRemoteUser())) {
            String refused = AlarmActions.personalNameRefused(personal.stream().map(Object::toString).toList(), user);
            if (refused != null) {
                throw new BadRequestException("user", refused);
            }
        }
        if (user.length() > MAX_USER) {
            throw new BadRequestException("user", "user: at most " + MAX_USER + " characters, got " + user.length());
        }
        String refused = AlarmActions.textRefused("user", user, /* name= */ true);
        if (refused != null) {
            throw new BadRequestException("user", refused);
        }
        return user;
    }

    /** An operator's free text (a comment, a reason): stripped, at most {@link #MAX_COMMENT} characters. */
    static String text(String field, String text) {
        String stripped = text == null ? "" : text.strip();
        if (stripped.length() > MAX_COMMENT) {
            throw new BadRequestException(field, field + ": at most " + MAX_COMMENT + " characters, got "
                    + stripped.length());
        }
        String refused = AlarmActions.textRefused(field, stripped, /* name= */ false);
        if (refused != null) {
            throw new BadRequestException(field, refused);
        }
        return stripped;
    }

    /** A duration as the calibration writes one: {@code 2h}, {@code 30m}, {@code PT8H}, or a number of seconds. */
    private static Duration duration(String text) {
        try {
            return DurationStyle.detectAndParse(text, ChronoUnit.SECONDS);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("duration", "duration: '" + text + "' is not a duration (write 2h, 30m, "
                    + "PT8H or a number of seconds)");
        }
    }

    /** No such meter, or no alarm of the kind asked for. */
    private NotFoundException notFound(String meterId, String what) {
        if (calibrations.meter(meterId).isEmpty() && alarms.get(meterId).isEmpty()) {
            return new NotFoundException("meter", meterId);
        }
        return new NotFoundException("alarm", meterId, "Meter '" + meterId + "' " + what);
    }
}
