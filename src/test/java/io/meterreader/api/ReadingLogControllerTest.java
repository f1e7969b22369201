package io.meterreader.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.meterreader.config.Calibrations;
import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.GaugeType;
import io.meterreader.store.ReadingStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(ReadingLogController.class)
@Import(ReadingLogControllerTest.Meters.class)
class ReadingLogControllerTest {

    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    @TestConfiguration
    static class Meters {
        @Bean
        Calibrations calibrations() {
            return new Calibrations(List.of(
                    new MeterCalibration("boiler", "cam1", GaugeType.POINTER, new MeterCalibration.Region(1, 2, 30, 40),
                            new MeterCalibration.Range(0, 1.6, "MPa"), List.of(), null, 3, null, 0.5, null,
                            "boiler.yaml"),
                    new MeterCalibration("tank", "cam1", GaugeType.LEVEL, new MeterCalibration.Region(5, 6, 7, 8),
                            new MeterCalibration.Range(0, 100, "mmH2O, 4 °C"), List.of(), null, 1, null, 0.5, null,
                            "tank.yaml")));
        }
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ReadingStore store;

    @Test
    void everyMeter_sideBySide_aRowPerStep_emptyWhereAMeterHadNoValue() throws Exception {
        Duration minute = Duration.ofMinutes(1);
        org.mockito.BDDMockito.willAnswer(call -> {
            assertThat(call.<List<String>>getArgument(0)).containsExactlyInAnyOrder("boiler", "tank");
            java.util.function.Consumer<ReadingStore.StepMean> each = call.getArgument(5);
            long first = 0;   // steps numbered from the start asked for
            each.accept(new ReadingStore.StepMean("boiler", first, "MPa", 1.25));
            each.accept(new ReadingStore.StepMean("tank", first + 2, "mmH2O, 4 °C", 40.0));
            // read before its unit was changed: another scale, left out
            each.accept(new ReadingStore.StepMean("tank", first + 3, "m", 2.0));
            each.accept(new ReadingStore.StepMean("boiler", first + 3, "MPa", 1.5));
            return null;
        }).given(store).stepMeans(any(), eq(T), eq(T.plusSeconds(200)), eq(minute), eq(T), any());

        String csv = mvc.perform(get("/api/v1/readings.csv").param("from", T.toString())
                        .param("to", T.plusSeconds(200).toString()))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/csv"))
                .andReturn().getResponse().getContentAsString();

        // for Excel, which took °C for Â°C: the file as asked, with its byte order mark and the same lines
        byte[] forExcel = mvc.perform(get("/api/v1/readings.csv").param("from", T.toString())
                        .param("to", T.plusSeconds(200).toString()).param("bom", "true"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        assertThat(java.util.Arrays.copyOf(forExcel, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        assertThat(new String(forExcel, java.nio.charset.StandardCharsets.UTF_8).substring(1)).isEqualTo(csv);
        assertThat(csv).startsWith("time");
        assertThat(csv.lines().toList()).containsExactly(
                "time,boiler (MPa),\"tank (mmH2O, 4 °C)\"",
                "2026-03-01T10:00:00Z,1.25,",
                "2026-03-01T10:01:00Z,,",
                "2026-03-01T10:02:00Z,,40",
                "2026-03-01T10:03:00Z,1.5,");
    }

    @Test
    void aMean_isWrittenToSixSignificantDigits() {
        assertThat(ReadingLogController.number(5.816748801244498)).isEqualTo("5.81675");
        assertThat(ReadingLogController.number(1200.0)).isEqualTo("1200");
        assertThat(ReadingLogController.number(0.000123456789)).isEqualTo("0.000123457");
        assertThat(ReadingLogController.number(-0.5)).isEqualTo("-0.5");
    }

    @Test
    void chosenMeters_inTheirOrder_anUnknownOneIs404_andTooManyRowsA400() throws Exception {
        String csv = mvc.perform(get("/api/v1/readings.csv").param("meters", "tank, boiler")
                        .param("from", T.toString()).param("to", T.plusSeconds(3601).toString()).param("step", "PT1H"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(csv.lines().toList()).containsExactly("time,\"tank (mmH2O, 4 °C)\",boiler (MPa)",
                "2026-03-01T10:00:00Z,,", "2026-03-01T11:00:00Z,,");

        mvc.perform(get("/api/v1/readings.csv").param("meters", "boiler,nope"))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/readings.csv").param("meters", " , "))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.parameter").value("meters"));
        mvc.perform(get("/api/v1/readings.csv").param("meters", ""))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.parameter").value("meters"));
        mvc.perform(get("/api/v1/readings.csv").param("from", T.toString())
                        .param("to", T.plus(Duration.ofDays(30)).toString()).param("step", "PT10S"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("step"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("259200 rows")));
        mvc.perform(get("/api/v1/readings.csv").param("step", "PT0S")).andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/readings.csv").param("from", T.toString()).param("to", T.minusSeconds(1).toString()))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.parameter").value("from"));
    }

    @Test
    void aMeterWhoseCalibrationWasRemoved_namedInMeters_hasItsColumnInTheUnitItWasLastReadIn() throws Exception {
        given(store.hasReadings("pump-old")).willReturn(true);
        given(store.latestUnit("pump-old")).willReturn(java.util.Optional.of("bar"));
        given(store.hasReadings("cooler-old")).willReturn(true);
        given(store.latestUnit("cooler-old")).willReturn(java.util.Optional.empty());
        List<List<String>> asked = new java.util.ArrayList<>();
        org.mockito.BDDMockito.willAnswer(call -> {
            asked.add(call.getArgument(0));
            java.util.function.Consumer<ReadingStore.StepMean> each = call.getArgument(5);
            each.accept(new ReadingStore.StepMean("pump-old", 0, "bar", 2.5));
            // read before its unit was last changed: another scale, left out
            each.accept(new ReadingStore.StepMean("pump-old", 1, "psi", 36.0));
            each.accept(new ReadingStore.StepMean("boiler", 1, "MPa", 1.5));
            return null;
        }).given(store).stepMeans(any(), any(), any(), any(), any(), any());

        String csv = mvc.perform(get("/api/v1/readings.csv").param("meters", "pump-old,boiler,cooler-old")
                        .param("from", T.toString()).param("to", T.plusSeconds(120).toString()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(csv.lines().toList()).containsExactly("time,pump-old (bar),boiler (MPa),cooler-old",
                "2026-03-01T10:00:00Z,2.5,,", "2026-03-01T10:01:00Z,,1.5,");
        assertThat(asked.get(0)).containsExactlyInAnyOrder("boiler", "pump-old", "cooler-old");

        // every meter: the calibrated ones only
        String all = mvc.perform(get("/api/v1/readings.csv").param("from", T.toString())
                        .param("to", T.plusSeconds(120).toString()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(all.lines().findFirst()).contains("time,boiler (MPa),\"tank (mmH2O, 4 °C)\"");
        assertThat(asked.get(1)).containsExactlyInAnyOrder("boiler", "tank");
    }

    @Test
    void aShiftLog_hasItsStepsFromTheStartAskedFor_theLastDayOnTheMinute() throws Exception {
        // shifts at 06:00, 14:00 and 22:00 in a plant an hour east of UTC: rows at those times, not at
        // 00:00, 08:00 and 16:00 UTC, each of which would mix two shifts
        String shifts = mvc.perform(get("/api/v1/readings.csv").param("meters", "boiler")
                        .param("from", "2026-03-01T06:00:00+01:00").param("to", "2026-03-02T06:00:00+01:00")
                        .param("step", "PT8H"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(shifts.lines().toList()).containsExactly("time,boiler (MPa)",
                "2026-03-01T05:00:00Z,", "2026-03-01T13:00:00Z,", "2026-03-01T21:00:00Z,");
        org.mockito.Mockito.verify(store).stepMeans(any(), eq(Instant.parse("2026-03-01T05:00:00Z")), any(),
                eq(Duration.ofHours(8)), eq(Instant.parse("2026-03-01T05:00:00Z")), any());
        // without a start, the last day on the minute
        String day = mvc.perform(get("/api/v1/readings.csv").param("meters", "boiler")
                        .param("to", "2026-03-01T10:00:30Z"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(day.lines().skip(1).toList()).hasSize(1441).allMatch(l -> l.matches(".*T..:..:00Z,"));
        org.mockito.Mockito.verify(store).stepMeans(any(), any(), eq(Instant.parse("2026-03-01T10:00:30Z")), any(),
                eq(Instant.EPOCH), any());
    }

    @Test
    void timesAndSteps_asAPersonTypesThem_andAWrongOne_saysTheFormItTakes() throws Exception {
        // 30s as the configuration writes it; an offset whose + the URL turned into a space
        String csv = mvc.perform(get("/api/v1/readings.csv").param("meters", "boiler")
                        .param("from", "2026-03-01T11:00:00 01:00").param("to", "2026-03-01T10:01:00Z")
                        .param("step", "30s"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(csv.lines().toList()).as("a step is [its start, the next one's)").containsExactly(
                "time,boiler (MPa)", "2026-03-01T10:00:00Z,", "2026-03-01T10:00:30Z,");

        // a time without its seconds, as ISO 8601 allows
        String minutes = mvc.perform(get("/api/v1/readings.csv").param("meters", "boiler")
                        .param("from", "2026-03-01T10:00Z").param("to", "2026-03-01T11:01+01:00"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(minutes.lines().toList()).containsExactly("time,boiler (MPa)", "2026-03-01T10:00:00Z,");

        mvc.perform(get("/api/v1/readings.csv").param("from", "yesterday"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("from"))
                .andExpect(jsonPath("$.type").value(ProblemHandler.TYPE_BASE + "bad-request"))
                .andExpect(jsonPath("$.detail").value("from must be " + ProblemHandler.form(Instant.class)
                        + ", got 'yesterday'"));
        // a step without its unit: seconds or milliseconds would be a guess
        mvc.perform(get("/api/v1/readings.csv").param("step", "30"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("step"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith(
                        "step must be a duration with its unit, of at most 9999 years, such as 30s")));
        // what Spring took before still goes: ISO durations, epoch milliseconds
        mvc.perform(get("/api/v1/readings.csv").param("meters", "boiler").param("step", "PT1H")
                        .param("from", Long.toString(T.toEpochMilli())).param("to", T.toString()))
                .andExpect(status().isOk());
    }

    @Test
    void theFormOfEachKindOfParameter() {
        assertThat(ProblemHandler.form(int.class)).isEqualTo("a whole number (at most 2147483647)");
        assertThat(ProblemHandler.form(Double.class)).isEqualTo("a number, such as 1.6");
        assertThat(ProblemHandler.form(boolean.class)).isEqualTo("true or false");
        assertThat(QueryConversions.duration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(QueryConversions.duration("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(QueryConversions.instant("2026-03-01T10:00:00.5-02:30"))
                .isEqualTo(Instant.parse("2026-03-01T12:30:00.5Z"));
    }
}
