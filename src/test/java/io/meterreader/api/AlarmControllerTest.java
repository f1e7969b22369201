package io.meterreader.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.meterreader.config.Calibrations;
import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.Reading;
import io.meterreader.frame.Via;
import io.meterreader.pipeline.AlarmList;
import io.meterreader.store.AlarmJournal;
import io.meterreader.store.StoreStatus;
import io.meterreader.testing.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(AlarmController.class)
@Import({AlarmControllerTest.Wiring.class, JsonBodies.class})
class AlarmControllerTest {

    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant NOW = Instant.parse("2026-03-01T10:30:00Z");

    @TestConfiguration
    static class Wiring {
        @Bean
        Calibrations calibrations() {
            return new Calibrations(List.of(new MeterCalibration("boiler", "cam1", GaugeType.POINTER,
                    new MeterCalibration.Region(1, 2, 30, 40), new MeterCalibration.Range(0, 1.6, "MPa"), List.of(),
                    new MeterCalibration.Alarms(null, 1.4), 1, null, 0.5, null, "boiler.yaml"),
                    new MeterCalibration("tank", "cam1", GaugeType.LEVEL, new MeterCalibration.Region(5, 6, 7, 8),
                            new MeterCalibration.Range(0, 100, "%"), List.of(), null, 1, null, 0.5, null,
                            "tank.yaml")));
        }

        @Bean
        AlarmJournal alarmJournal() {
            return new AlarmJournal(TestDatabase.open("h2").jdbc, StoreStatus.ready());
        }

        @Bean
        AlarmList alarmList(AlarmJournal journal) {
            AlarmList list = new AlarmList(Clock.fixed(NOW, ZoneOffset.UTC));
            list.addJournal(journal::record);
            return list;
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    AlarmList alarms;

    @Autowired
    AlarmJournal journal;

    @BeforeEach
    void boilerGoesHigh() {
        alarms.forget("boiler");
        alarms.forget("pump");
        alarms.accept(Reading.ok("boiler", "cam1", 1.47, "MPa", 0.92, 0.9, AlarmState.HIGH, T, T));
    }

    @Test
    void theList_showsTheAlarm_andAnAcknowledgementNamesItsUserAndComment_once() throws Exception {
        mvc.perform(get("/api/v1/alarms"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].meterId").value("boiler"))
                .andExpect(jsonPath("$[0].state").value("HIGH"))
                .andExpect(jsonPath("$[0].priority").value("HIGH"))
                .andExpect(jsonPath("$[0].active").value(true))
                .andExpect(jsonPath("$[0].acknowledged").value(false))
                .andExpect(jsonPath("$[0].raised").value("2026-03-01T10:00:00Z"))
                .andExpect(jsonPath("$[0].value").value(1.47));

        mvc.perform(post("/api/v1/alarms/boiler/acknowledge").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"user\": \"ana\", \"comment\": \"relief valve opened\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.acknowledged").value(true))
                .andExpect(jsonPath("$.acknowledgedBy").value("ana"))
                .andExpect(jsonPath("$.acknowledgedAt").value("2026-03-01T10:30:00Z"))
                .andExpect(jsonPath("$.comment").value("relief valve opened"));
        assertThat(alarms.get("boiler").orElseThrow().acknowledged()).isTrue();

        mvc.perform(post("/api/v1/alarms/boiler/acknowledge"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.title").value("Conflict"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("already acknowledged (by ana")));

        // still active, so still listed; cleared, it leaves the list
        mvc.perform(get("/api/v1/alarms")).andExpect(jsonPath("$.length()").value(1));
        alarms.accept(Reading.ok("boiler", "cam1", 1.2, "MPa", 0.75, 0.9, AlarmState.NONE, T.plusSeconds(60), T));
        mvc.perform(get("/api/v1/alarms")).andExpect(jsonPath("$.length()").value(0));
    }

    @Test
    void withoutAUser_theLoggedInUserIsTaken_andNoAlarmOrNoMeterIs404_andLongTextIs400() throws Exception {
        // as the access filter hands on a request whose credentials it checked
        mvc.perform(post("/api/v1/alarms/boiler/acknowledge").with(request -> {
            request.setRemoteUser("operator");
            return request;
        }))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.acknowledgedBy").value("operator"))
                .andExpect(jsonPath("$.comment").value(""));

        mvc.perform(post("/api/v1/alarms/tank/acknowledge"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.title").value("Alarm not found"))
                .andExpect(jsonPath("$.detail").value("Meter 'tank' has no alarm on the list"));
        mvc.perform(post("/api/v1/alarms/nope/acknowledge"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.title").value("Meter not found"));

        alarms.accept(Reading.ok("boiler", "cam1", 0.1, "MPa", 0.06, 0.9, AlarmState.LOW, T.plusSeconds(5), T));
        mvc.perform(post("/api/v1/alarms/boiler/acknowledge").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"comment\": \"" + "x".repeat(AlarmController.MAX_COMMENT + 1) + "\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("comment"));
        mvc.perform(post("/api/v1/alarms/boiler/acknowledge").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"comment\": "))
                .andExpect(status().isBadRequest());
        // a body of the wrong shape is said in JSON's terms, and a number is no text
        mvc.perform(post("/api/v1/alarms/boiler/acknowledge").contentType(MediaType.APPLICATION_JSON).content("[]"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("The request body is not the JSON this endpoint takes: the body "
                        + "must be a JSON object"));
        mvc.perform(post("/api/v1/alarms/boiler/acknowledge").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"user\": 123}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("The request body is not the JSON this endpoint takes: user must "
                        + "be text"));
        mvc.perform(post("/api/v1/alarms/boiler/shelve").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"duration\": true}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.endsWith("duration must be text")));
        // a field named twice: which did the script mean?
        mvc.perform(post("/api/v1/alarms/boiler/acknowledge").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"user\": \"ann\", \"user\": \"bob\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("\"user\"")));
        mvc.perform(post("/api/v1/alarms/boiler/acknowledge").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"user\": \"ann\", }"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("The request body is not the JSON this endpoint takes: "
                        + "Unexpected character ('}' (code 125)): was expecting double-quote to start property name "
                        + "(line 1, column 17)"));
        // a body far larger than any command: refused before it is read
        mvc.perform(post("/api/v1/alarms/boiler/acknowledge").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"comment\": \"" + "x".repeat(300_000) + "\"}"))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(jsonPath("$.detail").value("a JSON body takes at most 256 KB, got 300015 bytes"));
        // YAML was read by a converter of its own, without the checks above (its unknown fields passed)
        mvc.perform(post("/api/v1/alarms/boiler/acknowledge").contentType("application/yaml")
                        .content("user: ann\nusr: bob\n"))
                .andExpect(status().isUnsupportedMediaType());
        // a field misspelt: its part of the command would be left out (a one-shot shelf for "2h")
        mvc.perform(post("/api/v1/alarms/boiler/shelve").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"duraton\": \"2h\", \"user\": \"ana\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("The request body is not the JSON this endpoint takes: "
                        + "'duraton' is not a field it takes (it takes duration, reason, user)"));
        mvc.perform(post("/api/v1/alarms/boiler/acknowledge").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"usr\": \"bob\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("'usr' is not a field")));
        assertThat(alarms.get("boiler").orElseThrow().acknowledged()).as("nothing bad was taken").isFalse();
        assertThat(alarms.get("boiler").orElseThrow().shelved()).isFalse();
    }

    /** A request as the access filter hands one of a personal account on (meter-reader.access.users). */
    private static org.springframework.test.web.servlet.request.RequestPostProcessor personal(String user) {
        return request -> {
            request.setRemoteUser(user);
            request.setAttribute(AccessFilter.PERSONAL, true);
            return request;
        };
    }

    @Test
    void aUserWithAnInvisibleCharacter_orACommentWithANul_is400_andNothingIsDone() throws Exception {
        mvc.perform(post("/api/v1/alarms/boiler/comment").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"user\": \"ann\\u200b\", \"comment\": \"looks like ann\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("user"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("an invisible character")));
        mvc.perform(post("/api/v1/alarms/boiler/comment").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"user\": \"cy\", \"comment\": \"nul\\u0000here\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("comment"));
    }

    @Test
    void aPersonalAccount_isRecordedUnderItsOwnName_andNoOther() throws Exception {
        mvc.perform(post("/api/v1/alarms/boiler/acknowledge").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"user\": \"bob\", \"comment\": \"not bob\"}").with(personal("ann")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("user"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(
                        "ann's account is personal, and what it does is recorded under its name, not bob's")));
        assertThat(alarms.get("boiler").orElseThrow().acknowledged()).isFalse();
        mvc.perform(post("/api/v1/alarms/boiler/acknowledge").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"user\": \" ann \", \"comment\": \"seen\"}").with(personal("ann")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.acknowledgedBy").value("ann"));
    }

    @Test
    void aShelvedAlarm_showsItsShelf_untilUnshelved_andBadShelvingsAreRefused() throws Exception {
        mvc.perform(post("/api/v1/alarms/boiler/shelve").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"duration\": \"2h\", \"reason\": \"chattering, valve on order\"}")
                        .with(request -> {
                            request.setRemoteUser("shiftlead");
                            return request;
                        }))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.shelf.since").value("2026-03-01T10:30:00Z"))
                .andExpect(jsonPath("$.shelf.until").value("2026-03-01T12:30:00Z"))
                .andExpect(jsonPath("$.shelf.oneShot").value(false))
                .andExpect(jsonPath("$.shelf.user").value("shiftlead"))
                .andExpect(jsonPath("$.shelf.reason").value("chattering, valve on order"));
        mvc.perform(get("/api/v1/alarms")).andExpect(jsonPath("$[0].shelf.user").value("shiftlead"));
        assertThat(alarms.count(/* acknowledged= */ false)).isZero();

        for (String bad : List.of("banana", "30h", "-5m", "0s")) {
            mvc.perform(post("/api/v1/alarms/boiler/shelve").contentType(MediaType.APPLICATION_JSON)
                            .content("{\"duration\": \"" + bad + "\"}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.parameter").value("duration"));
        }
        mvc.perform(post("/api/v1/alarms/boiler/unshelve").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"user\": \"bo\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.shelf").doesNotExist());
        mvc.perform(post("/api/v1/alarms/boiler/unshelve"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("boiler's alarm is not shelved"));
        assertThat(alarms.count(false)).as("counted again").isEqualTo(1);

        // without a duration: once, until the active alarm clears
        mvc.perform(post("/api/v1/alarms/boiler/shelve"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.shelf.oneShot").value(true))
                .andExpect(jsonPath("$.shelf.until").doesNotExist());
        mvc.perform(post("/api/v1/alarms/tank/shelve"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.title").value("Alarm not found"));
        mvc.perform(post("/api/v1/alarms/nope/unshelve"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.title").value("Meter not found"));
    }

    @Test
    void theJournal_saysWhatHappenedAndWho_asJsonAndCsv_andBadQueriesAre400() throws Exception {
        // a meter of its own: the other tests act on the boiler at the same moment, into the same journal
        alarms.accept(Reading.ok("pump", "cam1", 1.47, "MPa", 0.92, 0.9, AlarmState.HIGH, T, T));
        mvc.perform(post("/api/v1/alarms/pump/shelve").contentType(MediaType.APPLICATION_JSON)
                .content("{\"duration\": \"1h\", \"user\": \"ana\", \"reason\": \"=1+1, chattering\"}"))
                .andExpect(status().isOk());
        mvc.perform(post("/api/v1/alarms/pump/unshelve").contentType(MediaType.APPLICATION_JSON)
                .content("{\"user\": \"bo\"}")).andExpect(status().isOk());
        long end = System.nanoTime() + 10_000_000_000L;
        while (journal.waiting() > 0 && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        String window = "&from=2026-03-01T10:29:00Z&to=2026-03-01T10:31:00Z";
        mvc.perform(get("/api/v1/alarms/journal?meter=pump" + window))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[0].kind").value("UNSHELVED"))
                .andExpect(jsonPath("$[0].user").value("bo"))
                .andExpect(jsonPath("$[0].via").value("HTTP"))
                .andExpect(jsonPath("$[1].kind").value("SHELVED"))
                .andExpect(jsonPath("$[1].user").value("ana"))
                .andExpect(jsonPath("$[1].text").value("=1+1, chattering"))
                .andExpect(jsonPath("$[1].until").value("2026-03-01T11:30:00Z"))
                .andExpect(jsonPath("$[1].limit").value("HIGH"));
        mvc.perform(get("/api/v1/alarms/journal.csv?meter=pump&limit=1" + window))
                .andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content().string(
                        "time,meter,kind,state,limit,value,unit,user,text,until,via\n"
                                + "2026-03-01T10:30:00Z,pump,UNSHELVED,HIGH,HIGH,1.47,MPa,bo,,,HTTP\n"));
        mvc.perform(get("/api/v1/alarms/journal.csv?meter=pump&limit=1&bom=true" + window))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content().string(
                        "\uFEFFtime,meter,kind,state,limit,value,unit,user,text,until,via\n"
                                + "2026-03-01T10:30:00Z,pump,UNSHELVED,HIGH,HIGH,1.47,MPa,bo,,,HTTP\n"));
        mvc.perform(get("/api/v1/alarms/journal.csv?meter=pump&limit=2" + window))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content().string(
                        org.hamcrest.Matchers.endsWith(",ana,\"'=1+1, chattering\",2026-03-01T11:30:00Z,HTTP\n")));
        // what one user did, for an audit of a shift
        mvc.perform(get("/api/v1/alarms/journal?meter=pump&user=bo" + window))
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].kind").value("UNSHELVED"));
        mvc.perform(get("/api/v1/alarms/journal.csv?user=ana" + window))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.header().string(
                        "Content-Disposition", org.hamcrest.Matchers.containsString("alarm-journal-ana.csv")))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content().string(
                        org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(",bo,"))));
        mvc.perform(get("/api/v1/alarms/journal").param("user", " ")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("user"));
        // what came in by one edge, named in any case
        mvc.perform(get("/api/v1/alarms/journal?meter=pump&via=http" + window))
                .andExpect(jsonPath("$.length()").value(2));
        mvc.perform(get("/api/v1/alarms/journal?meter=pump&via=OPC-UA" + window))
                .andExpect(jsonPath("$.length()").value(0));
        mvc.perform(get("/api/v1/alarms/journal.csv?meter=pump&via=mqtt" + window))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.header().string(
                        "Content-Disposition", org.hamcrest.Matchers.containsString("pump-alarm-journal-mqtt.csv")));
        mvc.perform(get("/api/v1/alarms/journal?via=bacnet")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("via"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("OPC_UA")));
        mvc.perform(get("/api/v1/alarms/journal.csv?via=")).andExpect(status().isBadRequest());

        // a comment over the API: in the journal, and 400 without one, 404 without an alarm
        mvc.perform(post("/api/v1/alarms/pump/comment").contentType(MediaType.APPLICATION_JSON)
                .content("{\"user\": \"cy\", \"comment\": \"seal replaced\"}")).andExpect(status().isNoContent());
        mvc.perform(post("/api/v1/alarms/pump/comment").contentType(MediaType.APPLICATION_JSON)
                .content("{\"user\": \"cy\"}")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("comment"));
        mvc.perform(post("/api/v1/alarms/nope/comment").contentType(MediaType.APPLICATION_JSON)
                .content("{\"comment\": \"x\"}")).andExpect(status().isNotFound());
        while (journal.waiting() > 0 && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        mvc.perform(get("/api/v1/alarms/journal?meter=pump&limit=1" + window))
                .andExpect(jsonPath("$[0].kind").value("COMMENTED"))
                .andExpect(jsonPath("$[0].text").value("seal replaced"))
                .andExpect(jsonPath("$[0].user").value("cy"));

        // a meter taken out of service: an entry without a value, an empty field in the CSV
        alarms.via(Via.HTTP).takeOutOfService("feed", "cy", "");
        while (journal.waiting() > 0 && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        mvc.perform(get("/api/v1/alarms/journal?meter=feed" + window))
                .andExpect(jsonPath("$[0].kind").value("OUT_OF_SERVICE"))
                .andExpect(jsonPath("$[0].value").doesNotExist());
        mvc.perform(get("/api/v1/alarms/journal.csv?meter=feed" + window))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content().string(
                        "time,meter,kind,state,limit,value,unit,user,text,until,via\n"
                                + "2026-03-01T10:30:00Z,feed,OUT_OF_SERVICE,NONE,NONE,,,cy,,,HTTP\n"));

        // a meter no longer calibrated keeps its entries; one never calibrated nor in the journal is a 404
        mvc.perform(get("/api/v1/alarms/journal?meter=feed&from=2025-01-01T00:00:00Z&to=2025-01-02T00:00:00Z"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.length()").value(0));
        mvc.perform(get("/api/v1/alarms/journal?meter=fede" + window)).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("No meter with id 'fede'"));
        mvc.perform(get("/api/v1/alarms/journal?meter=boiler&from=2025-01-01T00:00:00Z&to=2025-01-02T00:00:00Z"))
                .andExpect(status().isOk());

        // the window's statistics: the pump raised once, shelved for no time at all, never acknowledged
        mvc.perform(get("/api/v1/alarms/statistics?from=2026-03-01T09:00:00Z&to=2026-03-01T11:00:00Z"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.from").value("2026-03-01T09:00:00Z"))
                .andExpect(jsonPath("$.meters[?(@.meterId == 'pump')].raised").value(org.hamcrest.Matchers.contains(1)))
                .andExpect(jsonPath("$.meters[?(@.meterId == 'pump')].inAlarm")
                        .value(org.hamcrest.Matchers.contains("PT1H")));
        mvc.perform(get("/api/v1/alarms/statistics?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.parameter").value("from"));
        // a window reaching into the future ends now: what has not happened is no time in alarm
        mvc.perform(get("/api/v1/alarms/statistics?from=2026-03-01T09:00:00Z&to=2100-01-01T00:00:00Z"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.to").value(org.hamcrest.Matchers.lessThan(Instant.now().plusSeconds(60)
                        .toString())));
        // times no database holds (PostgreSQL: "timestamp out of range"), nor a window's milliseconds
        mvc.perform(get("/api/v1/alarms/statistics?to=9223372036854775807")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("to"));
        mvc.perform(get("/api/v1/alarms/journal?from=-999999999-01-01T00:00:00Z")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("from must be a time in the "
                        + "years 1 to 9999")));

        mvc.perform(get("/api/v1/alarms/journal?limit=0")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("limit"));
        mvc.perform(get("/api/v1/alarms/journal?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.parameter").value("from"));
        mvc.perform(get("/api/v1/alarms/journal?from=yesterday")).andExpect(status().isBadRequest());
    }
}
