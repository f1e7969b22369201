package io.meterreader.api;

import io.meterreader.config.Calibrations;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.MeterAlarm;
import io.meterreader.pipeline.AlarmList;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The alarm list (ISA-18.2) and its acknowledgement, for the dashboard and for any client: each
 * meter's alarm from the moment it is raised until it has both cleared and been acknowledged.
 * It is the same list OPC UA's conditions show, so an alarm acknowledged here is acknowledged
 * there, and the other way round.
 */
@RestController
@Tag(name = "alarms")
class AlarmController {

    static final int MAX_USER = 100;
    static final int MAX_COMMENT = 1000;

    private final AlarmList alarms;
    private final Calibrations calibrations;

    AlarmController(AlarmList alarms, Calibrations calibrations) {
        this.alarms = alarms;
        this.calibrations = calibrations;
    }

    /** A meter's alarm as the API gives it. */
    record AlarmView(String meterId, AlarmState state, AlarmState limit, boolean active, boolean acknowledged,
                     Instant raised, Instant changed, double value, String unit, Instant acknowledgedAt,
                     String acknowledgedBy, String comment) {

        static AlarmView of(MeterAlarm a) {
            return new AlarmView(a.meterId(), a.state(), a.limit(), a.active(), a.acknowledged(), a.raised(),
                    a.changed(), a.value(), a.unit(), a.acknowledgedAt(), a.acknowledgedBy(), a.comment());
        }
    }

    /** What an operator says on acknowledging: both optional. */
    record Acknowledgement(String user, String comment) {
    }

    @GetMapping("/api/v1/alarms")
    @Operation(summary = "The alarm list: every meter's alarm that is active or not yet acknowledged, the latest "
            + "raised first (`state` NONE: cleared, waiting for its acknowledgement)")
    List<AlarmView> list() {
        return alarms.retained().stream().map(AlarmView::of).toList();
    }

    @PostMapping("/api/v1/alarms/{meterId}/acknowledge")
    @Operation(summary = "Acknowledges a meter's alarm. Body (optional): {\"user\": ..., \"comment\": ...}; "
            + "without a user, the HTTP Basic username when access is on (the access filter's, once it has checked it). 404 when the meter has no alarm on the "
            + "list, 409 when it is already acknowledged")
    AlarmView acknowledge(@PathVariable String meterId, @RequestBody(required = false) Acknowledgement body,
                          HttpServletRequest request) {
        String user = body == null || body.user() == null || body.user().isBlank()
                ? (request.getRemoteUser() == null ? "" : request.getRemoteUser()) : body.user().strip();
        String comment = body == null || body.comment() == null ? "" : body.comment().strip();
        if (user.length() > MAX_USER) {
            throw new BadRequestException("user", "user: at most " + MAX_USER + " characters, got " + user.length());
        }
        if (comment.length() > MAX_COMMENT) {
            throw new BadRequestException("comment", "comment: at most " + MAX_COMMENT + " characters, got "
                    + comment.length());
        }
        try {
            return AlarmView.of(alarms.acknowledge(meterId, user, comment));
        } catch (NoSuchElementException e) {
            if (calibrations.meter(meterId).isEmpty() && alarms.get(meterId).isEmpty()) {
                throw new NotFoundException("meter", meterId);
            }
            throw new NotFoundException("alarm", meterId, "Meter '" + meterId + "' has no alarm on the list");
        } catch (IllegalStateException e) {
            throw new ConflictException(e.getMessage());
        }
    }
}
