package io.meterreader.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.meterreader.config.Calibrations;
import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.Frame;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.pipeline.AlarmList;
import io.meterreader.pipeline.AlarmSnapshots;
import io.meterreader.pipeline.Annotation;
import io.meterreader.pipeline.CameraSnapshot;
import io.meterreader.pipeline.LiveState;
import io.meterreader.pipeline.StuckWatch;
import io.meterreader.store.ReadingStore;
import io.meterreader.store.StoreUnavailableException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(MeterController.class)
@Import(MeterControllerTest.Meters.class)
class MeterControllerTest {

    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void aQueryParameterGivenTwice_isABadRequestNamingIt_notTheFirstTakenInSilence() throws Exception {
        mvc.perform(get("/api/v1/meters/boiler/readings?from=2026-12-06T00:00:00Z&from=2026-12-07T00:00:00Z"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.parameter").value("from"))
                .andExpect(jsonPath("$.detail").value("parameter from is given 2 times; give it once"))
                .andExpect(jsonPath("$.instance").value("/api/v1/meters/boiler/readings"));
    }

    @Test
    void aPathWithDotSegmentsOrPathParameters_isABadRequest_beforeAnythingReadsIt() throws Exception {
        for (String path : List.of("/actuator/health/../../api/v1/meters", "/actuator/health/%2e%2E/api/v1/meters",
                "/actuator/health/..;/..;/api/v1/meters", "/api/v1/./meters", "/api/v1/meters;x=1")) {
            mvc.perform(get(java.net.URI.create(path)))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.detail").value("the path has a '.' or '..' segment or a ';': ask for the "
                            + "path itself"))
                    .andExpect(jsonPath("$.instance").value(path));
        }
        mvc.perform(get("/api/v1/meters/boiler")).andExpect(status().isOk());
        assertThat(DotSegmentFilter.unclear("/api/v1/meters/demo-1.boiler..x")).isFalse();
    }

    @Test
    void problemsSpringAnswersItself_haveATypeOfTheirOwn_andSayWhatIsTaken() throws Exception {
        mvc.perform(post("/api/v1/meters/boiler/readings"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(header().string("Allow", "GET"))
                .andExpect(jsonPath("$.type").value(ProblemHandler.TYPE_BASE + "method-not-allowed"))
                .andExpect(jsonPath("$.detail").value("POST is not taken here; this path takes GET"));
        mvc.perform(get("/api/v1/meters/boiler/").accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value(ProblemHandler.TYPE_BASE + "not-found"))
                .andExpect(jsonPath("$.detail").value("nothing at /api/v1/meters/boiler/; without the slash at its "
                        + "end: /api/v1/meters/boiler"));
        mvc.perform(get("/api/v1/meterz"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("nothing at /api/v1/meterz"));
        mvc.perform(get("/api/v1/meters/boiler/readings?step=PT0.0001S"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("step must be a positive duration of at least 1 ms, such as 1m "
                        + "or PT1M, got PT0.0001S"));
        mvc.perform(get("/api/v1/meters/boiler/readings?step=200000000000d"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("step"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("step must be a duration with "
                        + "its unit, of at most 9999 years")));
        mvc.perform(get("/api/v1/meters").accept(MediaType.IMAGE_GIF))
                .andExpect(status().isNotAcceptable())
                .andExpect(jsonPath("$.type").value(ProblemHandler.TYPE_BASE + "not-acceptable"));
    }

    @TestConfiguration
    static class Meters {
        @Bean
        Calibrations calibrations() {
            return new Calibrations(List.of(
                    new MeterCalibration("boiler", "cam1", GaugeType.POINTER, new MeterCalibration.Region(1, 2, 30, 40),
                            new MeterCalibration.Range(0, 1.6, "MPa"), List.of(),
                            new MeterCalibration.Alarms(null, 1.4), 3, null, 0.5, null, "boiler.yaml"),
                    new MeterCalibration("tank", "cam1", GaugeType.LEVEL, new MeterCalibration.Region(5, 6, 7, 8),
                            new MeterCalibration.Range(0, 100, "%"), List.of(), null, 1, null, 0.5,
                            new MeterCalibration.LevelMarks(13.5, 7), "tank.yaml", false, null,
                            new MeterCalibration.Stuck(Duration.ofHours(8), 0.5))));
        }

        @Bean
        StuckWatch stuckWatch(Calibrations calibrations) {
            return new StuckWatch(calibrations::meter);
        }

        @Bean
        AlarmList alarmList() {
            return new AlarmList(Clock.fixed(T, ZoneOffset.UTC));
        }
    }

    @Autowired
    AlarmList alarms;

    @Autowired
    StuckWatch stuckWatch;

    @Test
    void aWatchedMeterWhoseValueStaysPut_saysSinceWhenAndBetweenWhichValues() throws Exception {
        given(live.latestReading(any())).willReturn(Optional.empty());
        mvc.perform(get("/api/v1/meters/tank"))
                .andExpect(jsonPath("$.stuckWhen.after").value("PT8H"))
                .andExpect(jsonPath("$.stuckWhen.band").value(0.5))
                .andExpect(jsonPath("$.stuck").doesNotExist());
        for (int minutes = 0; minutes <= 9 * 60; minutes += 30) {
            Instant at = T.plus(Duration.ofMinutes(minutes));
            stuckWatch.accept(Reading.ok("tank", "cam1", 40 + (minutes % 60 == 0 ? 0.2 : 0), "%", 0.4, 0.9,
                    AlarmState.NONE, at, at));
        }
        mvc.perform(get("/api/v1/meters/tank"))
                .andExpect(jsonPath("$.stuck.since").value(T.toString()))
                .andExpect(jsonPath("$.stuck.low").value(40.0))
                .andExpect(jsonPath("$.stuck.high").value(40.2));
        mvc.perform(get("/api/v1/meters/boiler"))
                .andExpect(jsonPath("$.stuckWhen").doesNotExist())
                .andExpect(jsonPath("$.stuck").doesNotExist());
    }

    @Test
    void aMeterTakenOutOfService_saysByWhomAndWhy_untilPutBack_andEachStepTwiceIsAConflict() throws Exception {
        given(live.latestReading("boiler")).willReturn(Optional.empty());
        alarms.accept(Reading.ok("boiler", "cam1", 1.5, "MPa", 0.94, 0.9, AlarmState.HIGH, T.minusSeconds(5), T));

        mvc.perform(post("/api/v1/meters/boiler/out-of-service").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"user\": \" bo \", \"reason\": \"gauge sent for calibration\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value("boiler"))
                .andExpect(jsonPath("$.outOfService.since").value(T.toString()))
                .andExpect(jsonPath("$.outOfService.user").value("bo"))
                .andExpect(jsonPath("$.outOfService.reason").value("gauge sent for calibration"));
        assertThat(alarms.listed()).as("its alarm left the list").isEmpty();
        mvc.perform(get("/api/v1/meters/boiler")).andExpect(jsonPath("$.outOfService.user").value("bo"));
        mvc.perform(post("/api/v1/meters/boiler/out-of-service"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("boiler is already out of service (since " + T + ", by bo)"));

        mvc.perform(post("/api/v1/meters/boiler/in-service").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"user\": \"cy\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outOfService").doesNotExist());
        mvc.perform(post("/api/v1/meters/boiler/in-service")).andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("boiler is not out of service"));
        mvc.perform(post("/api/v1/meters/nope/out-of-service")).andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/meters/boiler/out-of-service").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\": \"" + "x".repeat(1001) + "\"}"))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/api/v1/meters/boiler/out-of-service").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"user\": \"bo\", \"reason\": [1, 2]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("body"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith(
                        "The request body is not the JSON this endpoint takes: ")))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.endsWith("reason must be text")));
        mvc.perform(post("/api/v1/meters/boiler/out-of-service").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"user\": \"bo\""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("end-of-input")));
        assertThat(alarms.isOutOfService("boiler")).as("not taken out by a refused request").isFalse();
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    LiveState live;

    @MockitoBean
    ReadingStore store;

    @MockitoBean
    AlarmSnapshots alarmSnapshots;

    /** A grey 640x480 frame of cam1, the boiler found at (300, 200, 100, 80): its region is (1, 2, 30, 40). */
    private void cam1Frame() {
        byte[] grey = new byte[640 * 480 * 3];
        java.util.Arrays.fill(grey, (byte) 128);
        Frame frame = new Frame("cam1", 7, T, 640, 480, grey);
        Annotation boiler = new Annotation(GaugeType.POINTER, new BoundingBox(300, 200, 100, 80), "boiler",
                ReadingStatus.OK, "0.42 MPa", null);
        given(live.snapshot("cam1")).willReturn(Optional.of(new CameraSnapshot(frame, List.of(boiler))));
    }

    private BufferedImage picture(String meter) throws Exception {
        byte[] jpeg = mvc.perform(get("/api/v1/meters/" + meter + "/snapshot"))
                .andExpect(status().isOk()).andExpect(content().contentType("image/jpeg"))
                .andExpect(header().string("Cache-Control", "no-store"))
                .andExpect(header().string("X-Capture-Time", T.toString()))
                .andExpect(header().string("Last-Modified", "Sun, 01 Mar 2026 10:00:00 GMT"))
                .andReturn().getResponse().getContentAsByteArray();
        return ImageIO.read(new ByteArrayInputStream(jpeg));
    }

    @Test
    void snapshot_isTheMetersRegionAndTheBoxItWasFoundIn_withAMargin_annotated() throws Exception {
        cam1Frame();
        // the boiler: region (1, 2)-(31, 42) and found at (300, 200)-(400, 280), together (1, 2)-(400, 280);
        // a margin of a fifth of 399 px, clipped to the frame: (0, 0)-(480, 360)
        BufferedImage boiler = picture("boiler");
        assertThat(boiler.getWidth()).isEqualTo(480);
        assertThat(boiler.getHeight()).isEqualTo(360);
        // the box drawn in green (OK) along its top edge at y = 200
        int rgb = boiler.getRGB(350, 200);
        assertThat((rgb >> 8) & 0xff).as("green").isGreaterThan(150);
        assertThat(rgb & 0xff).as("blue").isLessThan(120);
        // its calibrated region drawn dashed in white on the grey frame, where its top edge begins
        assertThat(boiler.getRGB(4, 2) & 0xff).as("the region's edge").isGreaterThan(190);
        assertThat(boiler.getRGB(16, 20) & 0xff).as("inside it, the frame's grey").isLessThan(150);
        // the tank, not found in the frame: its region (5, 6, 7, 8) with the least margin, 24 px, and the
        // region drawn: where the service looks for its gauge
        BufferedImage tank = picture("tank");
        assertThat(tank.getWidth()).isEqualTo(36);
        assertThat(tank.getHeight()).isEqualTo(38);
        assertThat(tank.getRGB(8, 6) & 0xff).as("the region's edge").isGreaterThan(190);
    }

    @Test
    void snapshot_beforeTheCamerasFirstFrame_orOfAnUnknownMeter_isProblem404() throws Exception {
        given(live.snapshot("cam1")).willReturn(Optional.empty());
        mvc.perform(get("/api/v1/meters/boiler/snapshot"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("Camera 'cam1' of meter 'boiler' has not delivered a frame yet"));
        mvc.perform(get("/api/v1/meters/nope/snapshot")).andExpect(status().isNotFound());
    }

    @Test
    void changes_areTheStoresChangesOfStatusOrAlarm_newestFirst() throws Exception {
        Instant from = Instant.parse("2026-03-01T09:00:00Z");
        given(store.changes("boiler", from, T, 50)).willReturn(List.of(
                new ReadingStore.Change(Reading.ok("boiler", "cam1", 1.5, "MPa", 0.94, 0.9, AlarmState.HIGH,
                        T.minusSeconds(5), T), ReadingStatus.OK, AlarmState.NONE, true),
                new ReadingStore.Change(Reading.failed("boiler", "cam1", ReadingStatus.CAMERA_DOWN, "MPa", 0,
                        T.minusSeconds(60), T), ReadingStatus.OK, AlarmState.NONE, false)));

        mvc.perform(get("/api/v1/meters/boiler/changes").param("from", from.toString()).param("to", T.toString()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].alarm").value("HIGH"))
                .andExpect(jsonPath("$[0].alarmBefore").value("NONE"))
                .andExpect(jsonPath("$[0].alarmChanged").value(true))
                .andExpect(jsonPath("$[0].value").value(1.5))
                .andExpect(jsonPath("$[1].status").value("CAMERA_DOWN"))
                .andExpect(jsonPath("$[1].statusBefore").value("OK"))
                .andExpect(jsonPath("$[1].value").doesNotExist());
        mvc.perform(get("/api/v1/meters/nope/changes")).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/meters/boiler/changes").param("limit", "0")).andExpect(status().isBadRequest());
    }

    @Test
    void alarmSnapshots_areListedNewestFirst_withTheirPictures_andAnUnknownOneIs404() throws Exception {
        given(alarmSnapshots.list("boiler")).willReturn(List.of(
                new AlarmSnapshots.Entry("1796557926549_HIGH_1.45.jpg", Instant.ofEpochMilli(1796557926549L),
                        AlarmState.HIGH, 1.45)));
        given(alarmSnapshots.jpeg("boiler", "1796557926549"))
                .willReturn(Optional.of(new byte[] {(byte) 0xff, (byte) 0xd8, 1}));
        given(alarmSnapshots.jpeg("boiler", "1796557926550")).willReturn(Optional.empty());

        mvc.perform(get("/api/v1/meters/boiler/alarm-snapshots"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].alarm").value("HIGH"))
                .andExpect(jsonPath("$[0].value").value(1.45))
                .andExpect(jsonPath("$[0].unit").value("MPa"))
                .andExpect(jsonPath("$[0].url")
                        .value("/api/v1/meters/boiler/alarm-snapshots/1796557926549"));
        mvc.perform(get("/api/v1/meters/boiler/alarm-snapshots/1796557926549"))
                .andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.IMAGE_JPEG));
        mvc.perform(get("/api/v1/meters/boiler/alarm-snapshots/1796557926550")).andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://meter-reader.io/problems/alarm-snapshot-not-found"))
                .andExpect(jsonPath("$.title").value("Alarm snapshot not found"));
        mvc.perform(get("/api/v1/meters/nope/alarm-snapshots")).andExpect(status().isNotFound());
    }

    @Test
    void list_showsEveryMeterWithCalibration() throws Exception {
        given(live.latestReading("boiler")).willReturn(Optional.empty());
        given(live.latestReading("tank")).willReturn(Optional.empty());

        mvc.perform(get("/api/v1/meters"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[0].id").value("boiler"))
                .andExpect(jsonPath("$[0].type").value("pointer"))
                .andExpect(jsonPath("$[0].range.max").value(1.6))
                .andExpect(jsonPath("$[0].range.unit").value("MPa"))
                .andExpect(jsonPath("$[0].alarms.high").value(1.4))
                .andExpect(jsonPath("$[0].latest").doesNotExist())
                .andExpect(jsonPath("$[0].levelMarks").doesNotExist())
                .andExpect(jsonPath("$[0].direction").value("clockwise"))
                .andExpect(jsonPath("$[1].type").value("level"))
                .andExpect(jsonPath("$[1].direction").doesNotExist())
                .andExpect(jsonPath("$[1].levelMarks.empty").value(13.5))
                .andExpect(jsonPath("$[1].levelMarks.full").value(7.0));
    }

    @Test
    void one_showsLatestReading() throws Exception {
        given(live.latestReading("boiler")).willReturn(Optional.of(
                Reading.ok("boiler", "cam1", 0.8, "MPa", 0.5, 0.93, AlarmState.NONE, T, T.plusMillis(120))));

        mvc.perform(get("/api/v1/meters/boiler"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.latest.value").value(0.8))
                .andExpect(jsonPath("$.latest.fraction").value(0.5))
                .andExpect(jsonPath("$.latest.status").value("OK"))
                .andExpect(jsonPath("$.latest.captureTime").value("2026-03-01T10:00:00Z"));
    }

    @Test
    void aMeterShowsTheScaleMarksItLearnt_andNoneBefore() throws Exception {
        given(live.learntScaleMarks("boiler")).willReturn(Optional.of(new MeterCalibration.ScaleMarks(
                new MeterCalibration.Point(15.5, 22), new MeterCalibration.Point(5, 35), new MeterCalibration.Point(26, 35))));

        mvc.perform(get("/api/v1/meters/boiler"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.scaleMarks").doesNotExist())
                .andExpect(jsonPath("$.learntScaleMarks.pivot.x").value(15.5))
                .andExpect(jsonPath("$.learntScaleMarks.min.x").value(5.0))
                .andExpect(jsonPath("$.learntScaleMarks.max.y").value(35.0));
        mvc.perform(get("/api/v1/meters/tank"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.learntScaleMarks").doesNotExist());
    }

    @Test
    void failedReading_hasStatusAndNoValue_andTheLastOkOneIsKept() throws Exception {
        given(live.latestReading("tank")).willReturn(Optional.of(
                Reading.failed("tank", "cam1", ReadingStatus.IMPLAUSIBLE, "%", 0.9, T, T)));
        given(live.lastOk("tank")).willReturn(Optional.of(
                Reading.ok("tank", "cam1", 42.0, "%", 0.42, 0.9, AlarmState.NONE, T.minusSeconds(5), T)));

        mvc.perform(get("/api/v1/meters/tank"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.latest.status").value("IMPLAUSIBLE"))
                .andExpect(jsonPath("$.latest.value").doesNotExist())
                .andExpect(jsonPath("$.lastOk.value").value(42.0));
    }

    @Test
    void unknownId_isProblem404() throws Exception {
        mvc.perform(get("/api/v1/meters/nope"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(404))
                .andExpect(jsonPath("$.title").value("Meter not found"))
                .andExpect(jsonPath("$.detail").value("No meter with id 'nope'"))
                .andExpect(jsonPath("$.instance").value("/api/v1/meters/nope"));
    }

    @Test
    void readings_passWindowAndLimitToStore() throws Exception {
        Instant from = Instant.parse("2026-03-01T09:00:00Z");
        given(store.history("boiler", from, T, 2)).willReturn(List.of(
                Reading.ok("boiler", "cam1", 0.7, "MPa", 0.4375, 0.9, AlarmState.NONE, T.minusSeconds(1), T),
                Reading.ok("boiler", "cam1", 0.8, "MPa", 0.5, 0.9, AlarmState.NONE, T, T)));

        mvc.perform(get("/api/v1/meters/boiler/readings").param("from", from.toString()).param("to", T.toString())
                        .param("limit", "2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[1].value").value(0.8));
        // the window held more than the limit: said, not silently cut
        given(store.count("boiler", from, T)).willReturn(502L);
        mvc.perform(get("/api/v1/meters/boiler/readings").param("from", from.toString()).param("to", T.toString())
                        .param("limit", "2"))
                .andExpect(header().string(MeterController.LEFT_OUT, "500"));
    }

    @Test
    void readingsCsv_isTheSameHistoryAsASpreadsheetFile_writtenAsTheStoreHandsItOver() throws Exception {
        Instant from = Instant.parse("2026-03-01T09:00:00Z");
        org.mockito.BDDMockito.willAnswer(call -> {
            java.util.function.Consumer<Reading> each = call.getArgument(4);
            each.accept(Reading.ok("boiler", "cam1", 1.5, "MPa", 0.9375, 0.9, AlarmState.HIGH, T.minusSeconds(1), T));
            each.accept(Reading.failed("boiler", "cam1", ReadingStatus.LOW_CONFIDENCE, "MPa", 0.3, T, T));
            return null;
        }).given(store).forEach(org.mockito.ArgumentMatchers.eq("boiler"), org.mockito.ArgumentMatchers.eq(from),
                org.mockito.ArgumentMatchers.eq(T), org.mockito.ArgumentMatchers.eq(250_000L),
                org.mockito.ArgumentMatchers.any());

        var started = mvc.perform(get("/api/v1/meters/boiler/readings.csv").param("from", from.toString())
                        .param("to", T.toString()).param("limit", "250000"))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.request().asyncStarted())
                .andReturn();
        String csv = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .asyncDispatch(started))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/csv"))
                .andExpect(header()
                        .string("Content-Disposition", "attachment; filename=\"boiler.csv\""))
                .andReturn().getResponse().getContentAsString();

        assertThat(csv.lines().toList()).containsExactly(
                "capture_time,read_time,status,value,unit,fraction,confidence,alarm",
                "2026-03-01T09:59:59Z,2026-03-01T10:00:00Z,OK,1.5,MPa,0.9375,0.9,HIGH",
                "2026-03-01T10:00:00Z,2026-03-01T10:00:00Z,LOW_CONFIDENCE,,MPa,,0.3,NONE");
        // for Excel: the same file after a UTF-8 byte order mark
        var forExcel = mvc.perform(get("/api/v1/meters/boiler/readings.csv").param("from", from.toString())
                        .param("to", T.toString()).param("limit", "250000").param("bom", "true"))
                .andReturn();
        assertThat(mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .asyncDispatch(forExcel)).andReturn().getResponse().getContentAsString())
                .isEqualTo("\uFEFF" + csv);
        // without a limit: the window's readings, every one up to a million, and said where some were left out
        given(store.count(org.mockito.ArgumentMatchers.eq("boiler"), org.mockito.ArgumentMatchers.any(),
                org.mockito.ArgumentMatchers.any())).willReturn(260_000L);
        var whole = mvc.perform(get("/api/v1/meters/boiler/readings.csv").param("from", from.toString())
                        .param("to", T.toString()))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.request().asyncStarted())
                .andExpect(header().doesNotExist(MeterController.LEFT_OUT))
                .andReturn();
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch(whole))
                .andExpect(status().isOk());
        org.mockito.Mockito.verify(store).forEach(org.mockito.ArgumentMatchers.eq("boiler"),
                org.mockito.ArgumentMatchers.eq(from), org.mockito.ArgumentMatchers.eq(T),
                org.mockito.ArgumentMatchers.eq((long) MeterController.CSV_MAX_LIMIT), org.mockito.ArgumentMatchers.any());
        mvc.perform(get("/api/v1/meters/boiler/readings.csv").param("from", from.toString()).param("to", T.toString())
                        .param("limit", "250000"))
                .andExpect(header().string(MeterController.LEFT_OUT, "10000"));
        mvc.perform(get("/api/v1/meters/boiler/readings.csv").param("limit", "1000001"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail")
                        .value("limit must be between 1 and 1000000, got 1000001"));
        mvc.perform(get("/api/v1/meters/boiler/readings.csv").param("limit", "10001").param("step", "1m"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.parameter").value("limit"));
    }

    @Test
    void readingsCsv_whoseStoreFailsInTheMiddle_isBrokenOff_sayingAfterHowManyReadings() throws Exception {
        org.mockito.BDDMockito.willAnswer(call -> {
            java.util.function.Consumer<Reading> each = call.getArgument(4);
            each.accept(Reading.ok("boiler", "cam1", 1.5, "MPa", 0.9375, 0.9, AlarmState.NONE, T.minusSeconds(1), T));
            throw new StoreUnavailableException("gone", null);
        }).given(store).forEach(org.mockito.ArgumentMatchers.eq("boiler"), any(), any(),
                org.mockito.ArgumentMatchers.anyLong(), any());
        var started = mvc.perform(get("/api/v1/meters/boiler/readings.csv").param("to", T.toString()))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.request().asyncStarted())
                .andReturn();
        assertThat(started.getRequest().getAsyncContext().getTimeout())
                .as("no time limit on the download as a whole (Tomcat's 30 s ended a month's file cleanly halfway)")
                .isNotPositive();
        // the exception goes on to the server, which breaks the connection off: no clean end, no 200 taken for whole
        assertThatThrownBy(() -> mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .asyncDispatch(started))).rootCause().isInstanceOf(MeterController.DownloadCutException.class)
                .hasMessageStartingWith("boiler.csv was cut after 1 reading: The reading history cannot be read now (gone)")
                .hasMessageEndingWith("the download is broken off so that the file is not taken for whole");
    }

    @Test
    void readingsCsv_unknownMeterOrBadLimit_areProblems() throws Exception {
        mvc.perform(get("/api/v1/meters/nope/readings.csv")).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/meters/boiler/readings.csv").param("limit", "0")).andExpect(status().isBadRequest());
    }

    @Test
    void readings_withStep_areDownsampled() throws Exception {
        given(store.downsampled(org.mockito.ArgumentMatchers.eq("boiler"), org.mockito.ArgumentMatchers.any(),
                org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.eq(java.time.Duration.ofMinutes(1)),
                org.mockito.ArgumentMatchers.eq(500))).willReturn(List.of());

        mvc.perform(get("/api/v1/meters/boiler/readings").param("step", "PT1M"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(0));
    }

    @Test
    void readings_limitOutOfBounds_isProblem400() throws Exception {
        mvc.perform(get("/api/v1/meters/boiler/readings").param("limit", "0"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.parameter").value("limit"));
    }

    @Test
    void readings_fromAfterTo_isProblem400() throws Exception {
        mvc.perform(get("/api/v1/meters/boiler/readings").param("from", "2026-03-02T00:00:00Z")
                        .param("to", "2026-03-01T00:00:00Z"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("from"));
    }

    @Test
    void readings_malformedTime_isProblem400() throws Exception {
        mvc.perform(get("/api/v1/meters/boiler/readings").param("from", "yesterday"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void readings_unknownMeter_isProblem404() throws Exception {
        mvc.perform(get("/api/v1/meters/nope/readings"))
                .andExpect(status().isNotFound());
    }

    @Test
    void aMeterNoLongerCalibrated_keepsItsStoredHistory_summedUpInTheUnitItWasLastReadIn() throws Exception {
        // renamed in the calibration folder: its readings are still in the store, under the old id
        Reading old = Reading.ok("boiler-old", "cam1", 0.42, "MPa", 0.26, 0.9, AlarmState.NONE, T, T);
        given(store.hasReadings("boiler-old")).willReturn(true);
        given(store.history(eq("boiler-old"), any(), any(), anyInt())).willReturn(List.of(old));
        given(store.latestUnit("boiler-old")).willReturn(java.util.Optional.of("MPa"));
        given(store.summary(eq("boiler-old"), eq("MPa"), any(), any())).willReturn(new ReadingStore.Summary(3, 2,
                0.4, 0.42, 0.41, java.util.Map.of(ReadingStatus.CAMERA_DOWN, 1L)));
        mvc.perform(get("/api/v1/meters/boiler-old/readings"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].meterId").value("boiler-old"))
                .andExpect(jsonPath("$[0].value").value(0.42));
        mvc.perform(get("/api/v1/meters/boiler-old/readings/summary"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.unit").value("MPa"))
                .andExpect(jsonPath("$.ok").value(2))
                .andExpect(jsonPath("$.max").value(0.42))
                .andExpect(jsonPath("$.failures.CAMERA_DOWN").value(1));
        mvc.perform(get("/api/v1/meters/never-was/readings")).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/meters/never-was/readings/summary")).andExpect(status().isNotFound());
    }

    @Test
    void uncalibratedGauges_areListedAfterTheMeters() throws Exception {
        Reading r = Reading.ok("cam1:pointer@50,48", "cam1", 0.25, null, 0.25, 0.8, AlarmState.NONE, T, T);
        given(live.uncalibrated()).willReturn(List.of(new io.meterreader.pipeline.UncalibratedGauge(r,
                GaugeType.POINTER, new io.meterreader.frame.BoundingBox(600.4, 300, 100, 99.6))));

        mvc.perform(get("/api/v1/meters"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(3))
                .andExpect(jsonPath("$[0].calibrated").value(true))
                .andExpect(jsonPath("$[2].id").value("cam1:pointer@50,48"))
                .andExpect(jsonPath("$[2].calibrated").value(false))
                .andExpect(jsonPath("$[2].region.x").value(600))
                .andExpect(jsonPath("$[2].latest.fraction").value(0.25));
        mvc.perform(get("/api/v1/meters/cam1:pointer@50,48"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.type").value("pointer"));
    }
}
