package io.meterreader.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meterreader.MeterReaderApplication;
import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.AlarmShelf;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.MeterAlarm;
import io.meterreader.frame.OutOfService;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.frame.Via;
import io.meterreader.pipeline.AlarmList;
import io.meterreader.pipeline.LiveState;
import io.meterreader.pipeline.Pipeline;
import io.meterreader.store.ReadingStore;
import io.meterreader.testing.FreePorts;
import java.awt.image.BufferedImage;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The dashboard in Debian's headless Chromium, against the service on its demo cameras
 * (sim://demo-1, sim://demo-2): every camera has a tile with a loaded snapshot, every meter a row.
 * The small test models keep it quick; what the models read is not the point here.
 */
@Tag("e2e")
class DashboardBrowserTest {

    @TempDir
    static Path work;
    static ConfigurableApplicationContext app;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Chromium.available(), "Debian's chromium is not installed; scripts/test installs it");
        app = new SpringApplicationBuilder(MeterReaderApplication.class).run("--server.port=0",
                "--meter-reader.storage.url=jdbc:h2:mem:dashboard",
                // a broker that is not there, for the banner that says so
                "--meter-reader.mqtt.url=tcp://127.0.0.1:" + FreePorts.next(),
                "--meter-reader.inference.detector=src/test/resources/inference/det-tiny.onnx",
                "--meter-reader.inference.segmenter=src/test/resources/inference/seg-tiny.onnx");
        base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
        HttpClient http = HttpClient.newHttpClient();
        long end = System.nanoTime() + 60_000_000_000L;
        for (String camera : new String[] {"demo-1", "demo-2"}) {
            while (System.nanoTime() < end && http.send(HttpRequest.newBuilder(
                    URI.create(base + "/api/v1/cameras/" + camera + "/snapshot")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                Thread.sleep(500);
            }
        }
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void everyCameraAndMeter_isShownWithLoadedSnapshots() throws Exception {
        String dom = Chromium.dumpDom(base + "/", work);

        assertThat(dom).contains("data-camera=\"demo-1\"").contains("data-camera=\"demo-2\"");
        for (String meter : new String[] {"demo-1-boiler-pressure", "demo-1-steam-pressure", "demo-2-tank-level",
            "demo-2-water-temperature"}) {
            assertThat(dom).contains("data-meter=\"" + meter + "\"");
        }
        Matcher loaded = Pattern.compile("<img[^>]*data-loaded=\"true\"").matcher(dom);
        int images = 0;
        while (loaded.find()) {
            images++;
        }
        assertThat(images).as("snapshots loaded in the tiles").isEqualTo(2);
        assertThat(dom).contains("cameras streaming");
        // each meter's page shows the gauge as its camera sees it, once the picture has loaded
        assertThat(Chromium.dumpDom(base + "/meter.html?meter=demo-2-tank-level&hours=1", work))
                .contains("<figure id=\"now\" class=\"now\">")
                .containsPattern("<img id=\"now-img\" [^>]*src=\"blob:")
                .containsPattern("as its camera saw it <span id=\"now-when\">[0-9]+ s ago</span>")
                .contains("href=\"/marks.html?camera=demo-2&amp;meter=demo-2-tank-level&amp;kind=level\"");
        // a window not among the links is the one asked for, not 24 h; the trend says its unit; the
        // meter named as id= as well as meter=
        assertThat(Chromium.dumpDom(base + "/meter.html?id=demo-1-boiler-pressure&hours=5", work))
                .contains("<span class=\"current\">5 h</span>")
                .contains("aria-label=\"demo-1-boiler-pressure over the last 5 h\"")
                .containsPattern("<text [^>]*class=\"axis unit-label\"[^>]*>MPa</text>");
        // the calibration folder is in force: no banner
        assertThat(dom).containsPattern("<div id=\"calibration-error\" class=\"banner\" hidden=\"\"></div>");
        assertThat(dom).containsPattern("<div id=\"calibration-warning\" class=\"banner warning\" hidden=\"\"></div>");
        assertThat(dom).containsPattern("<div id=\"history-error\" class=\"banner\" hidden=\"\"></div>");
    }

    @Test
    void aHistoryStoreThatIsAway_isSaidInABanner_andTheMetersStillShow() throws Exception {
        JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
        // application.yaml's spring.jdbc.template.query-timeout: a database that blocks is away, not hung on
        assertThat(jdbc.getQueryTimeout()).isEqualTo(30);
        jdbc.execute("ALTER TABLE reading RENAME TO reading_away");
        try {
            String dom = Chromium.dumpDom(base + "/", work);
            assertThat(dom).containsPattern("<div id=\"history-error\" class=\"banner\">The reading history cannot be "
                    + "read now \\(");
            assertThat(dom).contains("data-meter=\"demo-1-steam-pressure\"");
        } finally {
            jdbc.execute("ALTER TABLE reading_away RENAME TO reading");
        }
    }

    @Test
    void theAlarmList_showsEachAlarm_withItsAcknowledgementOrAButtonForIt() throws Exception {
        // The test models read no gauge: hand the alarm list readings as the pipeline would.
        AlarmList alarms = app.getBean(AlarmList.class);
        Instant t = Instant.now().minusSeconds(120);
        alarms.accept(Reading.ok("demo-1-boiler-pressure", "demo-1", 1.47, "MPa", 0.92, 0.9, AlarmState.HIGH, t, t));
        alarms.accept(Reading.ok("demo-2-tank-level", "demo-2", 4.0, "%", 0.04, 0.9, AlarmState.LOW, t, t));
        alarms.via(Via.HTTP).acknowledge("demo-2-tank-level", "ana", "refill ordered");
        alarms.accept(Reading.ok("demo-1-steam-pressure", "demo-1", 9.9, "bar", 0.99, 0.9, AlarmState.HIGH, t, t));
        // shelved by a command over MQTT: the journal's pages say which edge it came in by
        alarms.via(Via.MQTT).shelve("demo-1-steam-pressure", Duration.ofHours(2), "bo", "gauge being replaced");
        try {
            String dom = Chromium.dumpDom(base + "/", work);
            assertThat(dom).containsPattern("<tr class=\"unacked\"><td><a href=\"/meter.html\\?meter=demo-1-boiler-"
                    + "pressure&amp;hours=8\">demo-1-boiler-pressure</a></td><td><span class=\"badge HIGH\">HIGH</span>"
                    + "</td><td><span class=\"priority CRITICAL\">critical</span></td>"
                    + "<td[^>]*>2 min ago</td><td class=\"value\" title=\"the value read when it was raised\">1.470<span "
                    + "class=\"unit\">MPa</span></td>"
                    + "<td><button class=\"ack\"");
            assertThat(dom).containsPattern("<tr class=\"acked\"><td><a [^>]*>demo-2-tank-level</a></td><td><span "
                    + "class=\"badge LOW\">LOW</span></td>.*<td>by ana, [0-9]+ s ago: refill ordered</td><td><button "
                    + "class=\"shelve\" [^>]*>Shelve</button></td></tr>");
            assertThat(dom).containsPattern("<tr class=\"shelved\"><td><a [^>]*>demo-1-steam-pressure</a></td>.*"
                    + "<td>until [^<]* by bo: gauge being replaced <button class=\"shelve\" title=\"end the shelving "
                    + "now\"[^>]*>Unshelve</button></td></tr>");
            assertThat(dom).as("shelved: not counted as unacknowledged")
                    .contains("3 in alarm, 1 unacknowledged, 1 shelved")
                    .contains("<div id=\"no-alarms\" class=\"muted\" hidden=\"\">");
            // and each meter's page says where its alarm stands
            assertThat(Chromium.dumpDom(base + "/meter.html?meter=demo-1-boiler-pressure&hours=1", work))
                    .containsPattern("<div id=\"alarm-line\" class=\"alarm-line\"><span class=\"badge HIGH\">HIGH"
                            + "</span><span> raised [^<]* \\(2 min ago\\) at 1.470 MPa · </span><span>not acknowledged "
                            + "</span><button class=\"ack\">Acknowledge</button><span> · </span><button "
                            + "class=\"shelve\">Shelve</button></div>");
            assertThat(Chromium.dumpDom(base + "/meter.html?meter=demo-2-tank-level&hours=1", work))
                    .containsPattern("<div id=\"alarm-line\" class=\"alarm-line\"><span class=\"badge LOW\">LOW"
                            + "</span>.*<span>acknowledged by ana, [0-9]+ s ago: refill ordered</span>.*</div>");
            assertThat(Chromium.dumpDom(base + "/meter.html?meter=demo-1-steam-pressure&hours=1", work))
                    .containsPattern("<span class=\"shelf\">shelved until [^<]* by bo: gauge being replaced </span>"
                            + "<button class=\"shelve\">Unshelve</button></div>")
                    // its journal: raised, then shelved by bo, newest first
                    .containsPattern("<tbody><tr data-kind=\"SHELVED\"><td>[^<]*</td><td>shelved "
                            + "until [^<]*</td><td class=\"value\">9.90<span class=\"unit\">bar</span></td><td>bo"
                            + "<span class=\"via\" title=\"came in by an MQTT command\">MQTT</span></td>"
                            + "<td>gauge being replaced</td></tr><tr data-kind=\"RAISED\"><td>[^<]*</td><td>HIGH raised"
                            + "</td><td class=\"value\">9.90<span class=\"unit\">bar</span></td><td></td>");
            // the alarm history page: the week's figures and the journal, plant-wide
            assertThat(Chromium.dumpDom(base + "/alarms.html", work))
                    .containsPattern("<tr><td><a [^>]*>demo-1-steam-pressure</a></td><td class=\"value\">1</td>"
                            + "<td class=\"value\">0</td>")
                    .containsPattern("<tr data-kind=\"SHELVED\"><td>[^<]*</td><td><a [^>]*>demo-1-steam-pressure</a>"
                            + "</td><td>shelved until [^<]*</td><td class=\"value\">9.90<span class=\"unit\">bar</span>"
                            + "</td><td><a href=\"\\?days=7&amp;user=bo\" title=\"only what bo did\">bo</a>"
                            + "<span class=\"via\" title=\"came in by an MQTT command\">MQTT</span></td>"
                            + "<td>gauge being replaced</td></tr>")
                    .contains(">ana</a><span class=\"via\" title=\"came in by the API or the dashboard\">API</span>"
                            + "</td><td>refill ordered</td>");
            // a user's name: the journal of what that user did alone
            assertThat(Chromium.dumpDom(base + "/alarms.html?days=7&user=bo", work))
                    .contains("<span id=\"journal-user\">of bo <a class=\"csv-link\" href=\"?days=7\">everyone's</a>")
                    .contains("gauge being replaced").doesNotContain("refill ordered");
        } finally {
            alarms.forget("demo-1-steam-pressure");
            alarms.forget("demo-1-boiler-pressure");
            alarms.forget("demo-2-tank-level");
        }
        assertThat(Chromium.dumpDom(base + "/", work)).containsPattern("<div id=\"no-alarms\" class=\"muted\">No "
                + "alarms.</div>");
    }

    @Test
    void aMeterOutOfService_isGreyOnTheDashboard_andItsPageSaysByWhomAndWhy_withAButtonToPutItBack()
            throws Exception {
        AlarmList alarms = app.getBean(AlarmList.class);
        LiveState live = app.getBean(LiveState.class);
        String meter = "demo-2-water-temperature";
        alarms.via(Via.HTTP).takeOutOfService(meter, "cy", "thermometer replaced");
        try {
            long end = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < end && live.latestReading(meter).map(Reading::status)
                    .filter(s -> s == ReadingStatus.OUT_OF_SERVICE).isEmpty()) {
                Thread.sleep(200);
            }
            String dom = Chromium.dumpDom(base + "/", work);
            assertThat(dom).contains("meters read OK, 1 out of service · ")
                    .containsPattern("<tr data-meter=\"demo-2-water-temperature\">.*?<span class=\"badge "
                            + "OUT_OF_SERVICE\" title=\"out of service since [^\"]* by cy: thermometer replaced\">"
                            + "OUT_OF_SERVICE</span>");
            assertThat(Chromium.dumpDom(base + "/meter.html?meter=" + meter + "&hours=1", work))
                    .containsPattern("<div id=\"service-line\" class=\"alarm-line\" data-out-of-service=\"true\">"
                            + "<span class=\"badge OUT_OF_SERVICE\">OUT OF SERVICE</span><span> out of service since "
                            + "[^<]* by cy: thermometer replaced </span><button class=\"service\">Put back in service"
                            + "</button></div>")
                    .containsPattern("<tr data-kind=\"OUT_OF_SERVICE\"><td>[^<]*</td><td>taken out of service</td>"
                            + "<td class=\"value\">–<span class=\"unit\"></span></td><td>cy<span class=\"via\" "
                            + "title=\"came in by the API or the dashboard\">API</span></td>"
                            + "<td>thermometer replaced</td></tr>");
        } finally {
            alarms.via(Via.HTTP).putBackInService(meter, "");
        }
        assertThat(Chromium.dumpDom(base + "/meter.html?meter=" + meter + "&hours=1", work))
                .contains("<div id=\"service-line\" class=\"alarm-line\" data-out-of-service=\"false\"><button "
                        + "class=\"service\">Take out of service</button></div>");
    }

    @Test
    void anOperatorsClicks_acknowledgeAndShelve_throughTheDialogsOnThePage_andARefusalSaysWhy() throws Exception {
        AlarmList alarms = app.getBean(AlarmList.class);
        String meter = "demo-2-tank-level";
        Instant t = Instant.now().minusSeconds(30);
        alarms.accept(Reading.ok(meter, "demo-2", 4.0, "%", 0.04, 0.9, AlarmState.LOW, t, t));
        try (BrowserPage page = BrowserPage.open(base + "/", work)) {
            page.type("#operator", "dee");
            String row = "#alarms tr.unacked";
            page.click(row + " button.ack:not(:disabled)");
            assertThat(page.await("document.querySelector('dialog.ask h3')?.textContent", v -> !v.isNull())
                    .asString()).isEqualTo("Acknowledge demo-2-tank-level's alarm");
            page.type("dialog.ask input[name=comment]", "refill ordered");
            page.click("dialog.ask button.ok");
            long end = System.nanoTime() + 20_000_000_000L;
            while (System.nanoTime() < end && !alarms.get(meter).orElseThrow().acknowledged()) {
                Thread.sleep(100);
            }
            assertThat(alarms.get(meter).orElseThrow()).extracting(MeterAlarm::acknowledged,
                    MeterAlarm::acknowledgedBy, MeterAlarm::comment).containsExactly(true, "dee", "refill ordered");

            // Shelve, then Cancel: nothing is shelved, and the dialog is gone
            page.click("#alarms button.shelve:not(:disabled)");
            page.click("dialog.ask button.cancel");
            page.await("!document.querySelector('dialog.ask')", v -> v.asBoolean());
            assertThat(alarms.get(meter).orElseThrow().shelved()).isFalse();

            // a duration the service refuses: a dialog says why
            page.click("#alarms button.shelve:not(:disabled)");
            page.type("dialog.ask input[name=duration]", "forever");
            page.click("dialog.ask button.ok");
            assertThat(page.await("document.querySelector('dialog.ask h3')?.textContent ?? null",
                    v -> !v.isNull() && v.asString().startsWith("Not shelved")).asString())
                    .isEqualTo("Not shelved: duration: 'forever' is not a duration (write 2h, 30m, PT8H or a number "
                            + "of seconds)");
            assertThat(page.await("document.querySelectorAll('dialog.ask button').length", v -> true).asInt())
                    .as("it only says why: one button, nothing to cancel").isEqualTo(1);
            page.click("dialog.ask button.ok");
            assertThat(alarms.get(meter).orElseThrow().shelved()).isFalse();

            page.click("#alarms button.shelve:not(:disabled)");
            page.type("dialog.ask input[name=reason]", "level switch being replaced");
            page.click("dialog.ask button.ok");
            end = System.nanoTime() + 20_000_000_000L;
            while (System.nanoTime() < end && !alarms.get(meter).orElseThrow().shelved()) {
                Thread.sleep(100);
            }
            assertThat(alarms.get(meter).orElseThrow().shelf()).extracting(AlarmShelf::user, AlarmShelf::reason)
                    .containsExactly("dee", "level switch being replaced");
            assertThat(alarms.get(meter).orElseThrow().shelf().until())
                    .as("the dialog's 1h").isAfter(Instant.now().plusSeconds(3500));

            // the meter's page: taken out of service by the operator the dashboard remembers
            String other = "demo-2-water-temperature";   // the alarm list test reads the others' journals
            page.go(base + "/meter.html?meter=" + other + "&hours=1");
            page.click("#service-line button.service:not(:disabled)");
            page.type("dialog.ask input[name=reason]", "gauge sent for calibration");
            page.click("dialog.ask button.ok");
            end = System.nanoTime() + 20_000_000_000L;
            while (System.nanoTime() < end && !alarms.isOutOfService(other)) {
                Thread.sleep(100);
            }
            assertThat(alarms.outOfService(other)).hasValueSatisfying(o -> assertThat(o)
                    .extracting(OutOfService::user, OutOfService::reason)
                    .containsExactly("dee", "gauge sent for calibration"));
            page.await("document.querySelector('#service-line button.service')?.textContent ?? null",
                    v -> "Put back in service".equals(v.asString(null)));
            page.click("#service-line button.service:not(:disabled)");
            end = System.nanoTime() + 20_000_000_000L;
            while (System.nanoTime() < end && alarms.isOutOfService(other)) {
                Thread.sleep(100);
            }
            assertThat(alarms.isOutOfService(other)).as("put back with one click").isFalse();

            // taken out of service elsewhere (another operator, MQTT): a day's page says so within
            // seconds, as the dashboard would, not at its history's next refresh a minute later
            page.go(base + "/meter.html?meter=" + other + "&hours=24");
            page.await("document.querySelector('#service-line button.service')?.textContent ?? null",
                    v -> "Take out of service".equals(v.asString(null)));
            alarms.via(Via.HTTP).takeOutOfService(other, "eve", "taken out elsewhere");
            page.await("document.querySelector('#service-line')?.textContent ?? null",
                    v -> v.asString("").contains("taken out elsewhere"));
            alarms.via(Via.HTTP).putBackInService(other, "eve");
        } finally {
            alarms.forget(meter);
        }
    }

    @Test
    void theKeyboardsPlace_outlivesTheRefreshThatRebuildsTheRows() throws Exception {
        try (BrowserPage page = BrowserPage.open(base + "/", work)) {
            String link = "#meters a[href*='demo-1-steam-pressure']";
            page.await("!!document.querySelector(\"" + link + "\")", v -> v.asBoolean());
            page.evaluate("(() => { window.rows = document.querySelector('#meters tbody').firstChild; "
                    + "document.querySelector(\"" + link + "\").focus(); })()");
            // the rows rebuilt by a refresh (every 3 s): a new first row, and the focus on the new link
            page.await("document.querySelector('#meters tbody').firstChild !== window.rows", v -> v.asBoolean());
            assertThat(page.await("document.activeElement.getAttribute('href') || ''",
                    v -> v.asString().contains("demo-1-steam-pressure")).asString()).contains("demo-1-steam-pressure");
        }
    }

    @Test
    void anAlarmActiveADay_isMarkedStaleOnTheDashboard() throws Exception {
        AlarmList alarms = app.getBean(AlarmList.class);
        String meter = "demo-2-water-temperature";
        Instant t = Instant.now().minus(Duration.ofHours(25));
        alarms.accept(Reading.ok(meter, "demo-2", 99.0, "°C", 0.99, 0.9, AlarmState.HIGH, t, t));
        try {
            assertThat(Chromium.dumpDom(base + "/", work)).containsPattern("<td[^>]*>25\\.0 h ago <span "
                    + "class=\"stale-alarm\" title=\"active a day or more\">stale</span></td>");
        } finally {
            alarms.forget(meter);
        }
    }

    @Test
    void aBrokerThatIsAway_isSaidInABanner() throws Exception {
        String dom = Chromium.dumpDom(base + "/", work);
        assertThat(dom).containsPattern("<div id=\"service-error\" class=\"banner\">Readings are not reaching the "
                + "MQTT broker; each meter's latest waits for it: [^<]*Connection refused");
        assertThat(dom).doesNotContain("Inference is stopped");
        assertThat(dom).as("the footer says where the readings go").containsPattern(
                "<span id=\"endpoints\"> · MQTT tcp://127.0.0.1:[0-9]+</span>");
    }

    @Test
    void marksPage_givesTheCalibrationLine_andChecksItWithTheOfflineRead() throws Exception {
        String dial = Chromium.dumpDom(base + "/marks.html?camera=demo-1&points=341,329.5;268.5,395.5;416.04,402", work);
        String glass = Chromium.dumpDom(base + "/marks.html?camera=demo-2&kind=level&points=900,470;900,130.55", work);

        // the frame shown is the snapshot's bytes, kept: the check below reads those very bytes
        assertThat(dial).contains("<img id=\"frame\"").containsPattern("<img id=\"frame\"[^>]*data-loaded=\"true\"")
                .containsPattern("<img id=\"frame\"[^>]*src=\"blob:");
        assertThat(dial).contains(
                "scale-marks: {pivot: {x: 341, y: 329.5}, min: {x: 268.5, y: 395.5}, max: {x: 416, y: 402}}");
        // the frame went to POST /api/v1/read with the marks, and its answer is on the page
        assertThat(dial).containsPattern("id=\"check\"[^>]*data-status=\"[A-Z_]+\"");
        assertThat(glass).contains("level-marks: {empty: 470, full: 130.6}");
        // a sight glass's marks are checked the same way (no glass at column 900: said so)
        assertThat(glass).containsPattern("id=\"check\"[^>]*data-status=\"NOT_DETECTED\"")
                .contains("no sight glass found under the marks in this frame");
        // the dashboard's tiles lead to it
        assertThat(Chromium.dumpDom(base + "/", work)).contains("href=\"/marks.html?camera=demo-1\"");
    }

    @Test
    void marksPage_zoomedOnAMeter_placesEachClickInFramePixels() throws Exception {
        // the boiler's region is 333 px wide: its marks page opens at 2x, on the boiler
        try (BrowserPage page = BrowserPage.open(base + "/marks.html?camera=demo-1&meter=demo-1-boiler-pressure",
                work)) {
            page.await("document.querySelector('.marks-frame.zoomed #frame')?.dataset.loaded === 'true' "
                    + "&& document.querySelector('#zoom').value", v -> "2".equals(v.asString(null)));
            assertThat(page.evaluate("document.querySelector('#frame').clientWidth / "
                    + "document.querySelector('#frame').naturalWidth").asDouble()).isEqualTo(2.0);
            assertThat(page.evaluate("document.querySelector('.marks-frame').scrollLeft").asDouble())
                    .as("scrolled to the boiler").isGreaterThan(0);
            // three clicks, each at a known offset in the zoomed image: marks at half those offsets
            page.evaluate("(() => { const img = document.querySelector('#frame');"
                    + " for (const [x, y] of [[700, 660], [560, 790], [830, 800]]) {"
                    + "   const r = img.getBoundingClientRect();"
                    + "   img.dispatchEvent(new MouseEvent('click', {bubbles: true, clientX: r.left + x,"
                    + "     clientY: r.top + y})); } return true; })()");
            assertThat(page.await("document.querySelector('#yaml').textContent",
                    v -> v.asString("").startsWith("scale-marks")).asString())
                    .isEqualTo("scale-marks: {pivot: {x: 350, y: 330}, min: {x: 280, y: 395}, max: {x: 415, y: 400}}");

            // another camera: its frame whole again, not zoomed on where the boiler sits in demo-1's
            page.evaluate("(() => { const s = document.querySelector('#camera'); s.value = 'demo-2';"
                    + " s.dispatchEvent(new Event('change')); return true; })()");
            page.await("document.querySelector('#frame').dataset.loaded === 'true' "
                    + "&& document.querySelector('#zoom').value", v -> "0".equals(v.asString(null)));
            assertThat(page.evaluate("document.querySelector('.marks-frame').classList.contains('zoomed')")
                    .asBoolean()).isFalse();

            // a sight glass is zoomed only as far as it stays whole in the view: the tank's is tall, so not at all
            page.go(base + "/marks.html?camera=demo-2&meter=demo-2-tank-level&kind=level");
            page.await("document.querySelector('#frame').dataset.loaded === 'true' "
                    + "&& document.querySelector('#zoom').value", v -> "0".equals(v.asString(null)));
            assertThat(page.evaluate("document.querySelector('.marks-frame').classList.contains('zoomed')")
                    .asBoolean()).isFalse();
        }
    }

    @Test
    void metersMarks_areLinkedFromTheDashboard_andShownOnTheMarksPage() throws Exception {
        // The test models read nothing a dial could learn from: hand the live state marks as the
        // pipeline would once the boiler dial's tick readings agree.
        Object live = app.getBean(Pipeline.class).liveState();
        Method learnt = live.getClass().getDeclaredMethod("learntScaleMarks", String.class,
                MeterCalibration.ScaleMarks.class);
        learnt.setAccessible(true);
        learnt.invoke(live, "demo-1-boiler-pressure", new MeterCalibration.ScaleMarks(
                new MeterCalibration.Point(342.24, 335.6), new MeterCalibration.Point(270.5, 399.6),
                new MeterCalibration.Point(408.3, 403.5)));
        try {
            String dashboard = Chromium.dumpDom(base + "/", work);
            Matcher link = Pattern.compile("<tr data-meter=\"([^\"]+)\"><td><a class=\"meter-link\"[^>]*>[^<]*</a>"
                    + "<a class=\"marks-link\" href=\"([^\"]+)\"")
                    .matcher(dashboard);
            Map<String, String> links = new TreeMap<>();
            while (link.find()) {
                links.put(link.group(1), link.group(2).replace("&amp;", "&"));
            }
            // the learnt marks, and those of the two meters calibrated with marks; the water
            // temperature dial has neither
            assertThat(links).containsOnlyKeys("demo-1-boiler-pressure", "demo-1-steam-pressure", "demo-2-tank-level");
            assertThat(links.get("demo-1-boiler-pressure")).isEqualTo("/marks.html?camera=demo-1"
                    + "&meter=demo-1-boiler-pressure&from=learnt&points=342.2%2C335.6%3B270.5%2C399.6%3B408.3%2C403.5");
            assertThat(links.get("demo-1-steam-pressure")).isEqualTo("/marks.html?camera=demo-1"
                    + "&meter=demo-1-steam-pressure&from=calibration&points=900.0%2C320.0%3B836.0%2C393.3%3B969.9%2C383.1");
            assertThat(links.get("demo-2-tank-level")).isEqualTo("/marks.html?camera=demo-2"
                    + "&meter=demo-2-tank-level&from=calibration&kind=level&points=330.0%2C556.6%3B330.0%2C163.4");

            String learntPage = Chromium.dumpDom(base + links.get("demo-1-boiler-pressure"), work);
            assertThat(learntPage).contains("# learnt by demo-1-boiler-pressure from its ticks\n"
                    + "scale-marks: {pivot: {x: 342.2, y: 335.6}, min: {x: 270.5, y: 399.6}, max: {x: 408.3, y: 403.5}}");
            assertThat(learntPage).contains("the marks demo-1-boiler-pressure learnt from its ticks");
            String levelPage = Chromium.dumpDom(base + links.get("demo-2-tank-level"), work);
            assertThat(levelPage).contains("# in demo-2-tank-level's calibration\nlevel-marks: {empty: 556.6, full: 163.4}");
        } finally {
            learnt.invoke(live, "demo-1-boiler-pressure", null);
        }
    }

    @Test
    void meterPage_drawsTheTrendOfItsWindow_withTheAlarmLimit_theReadingsInAlarm_andThoseWithoutAValue()
            throws Exception {
        // An hour of the boiler dial (0-1.6 MPa, HIGH above 1.4) as the pipeline would have stored
        // it: rising through the limit, and five minutes of the camera down in the middle.
        ReadingStore store = app.getBean(ReadingStore.class);
        Instant start = Instant.now().minusSeconds(3000).truncatedTo(ChronoUnit.SECONDS);
        List<Reading> hour = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            Instant t = start.plusSeconds(30L * i);
            if (i >= 40 && i < 50) {
                hour.add(new Reading("demo-1-boiler-pressure", "demo-1", ReadingStatus.CAMERA_DOWN, null, "MPa", null,
                        0, AlarmState.NONE, t, t));
            } else {
                double value = 0.2 + 1.3 * i / 89;
                hour.add(Reading.ok("demo-1-boiler-pressure", "demo-1", value, "MPa", value / 1.6, 0.9,
                        value > 1.4 ? AlarmState.HIGH : AlarmState.NONE, t, t));
            }
        }
        store.saveAll(hour);

        String page = Chromium.dumpDom(base + "/meter.html?meter=demo-1-boiler-pressure&hours=1", work);
        Matcher trend = Pattern.compile("<svg[^>]*class=\"trend\"[^>]*data-ok-steps=\"(\\d+)\" data-failed-steps=\"(\\d+)\"")
                .matcher(page);
        assertThat(trend.find()).as(page).isTrue();
        assertThat(Integer.parseInt(trend.group(1))).as("one step of 10 s per stored OK reading").isEqualTo(80);
        assertThat(Integer.parseInt(trend.group(2))).as("the camera down, and what the test models read live")
                .isGreaterThanOrEqualTo(10);
        // the camera's outage breaks the line in two
        assertThat(Pattern.compile("<polyline [^>]*class=\"value\"").matcher(page).results().count()).isEqualTo(2);
        assertThat(page).contains("class=\"failed CAMERA_DOWN\"");
        assertThat(page).containsPattern("<text [^>]*class=\"limit-label\"[^>]*>HIGH 1.4 MPa</text>");
        assertThat(page).as("the window's figures from every reading, not the steps' means")
                .containsPattern("[0-9]+ readings with a value: min [0-9.]+ · mean [0-9.]+ · max [0-9.]+ MPa");
        assertThat(Pattern.compile("class=\"alarm-dot\"").matcher(page).results().count())
                .as("readings above 1.4 MPa").isEqualTo(hour.stream().filter(r -> r.alarm() == AlarmState.HIGH).count());
        assertThat(page).contains("range 0 – 1.6 MPa").contains("HIGH above 1.4").contains("CAMERA_DOWN 10");
        assertThat(page).containsPattern("href=\"/api/v1/meters/demo-1-boiler-pressure/readings.csv\\?from=[^\"]*"
                + "&amp;limit=1000000&amp;bom=true\">this window as CSV<");
        // a week comes as the trend's steps, and says so
        assertThat(Chromium.dumpDom(base + "/meter.html?meter=demo-1-boiler-pressure&hours=168", work))
                .containsPattern("readings.csv\\?from=[^\"]*&amp;step=PT1800S&amp;limit=10000&amp;bom=true\">"
                        + "this window as CSV "
                        + "\\(30 min means\\)<");
        // the changes of the hour: the camera going down and coming back, the dial going into alarm
        assertThat(page).contains("<tr data-change=\"CAMERA_DOWN/NONE\">").contains("OK → CAMERA_DOWN")
                .contains("<tr data-change=\"OK/NONE\">").contains("CAMERA_DOWN → OK")
                .contains("<tr data-change=\"OK/HIGH\">").contains("alarm NONE → HIGH");

        assertThat(Chromium.dumpDom(base + "/", work))
                .contains("<a class=\"meter-link\" href=\"/meter.html?meter=demo-1-boiler-pressure\"");
        assertThat(Chromium.dumpDom(base + "/meter.html?meter=nope", work))
                .contains("<div id=\"meter-error\" class=\"banner\">No meter nope.</div>");
    }

    @Test
    void screenshot_showsNonEmptyTiles() throws Exception {
        Path png = Chromium.screenshot(base + "/", work);
        Files.copy(png, Path.of("target/dashboard.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        BufferedImage shot = ImageIO.read(png.toFile());

        // The tiles hold camera pictures: many distinct colours where an empty page has a handful.
        Set<Integer> colours = new HashSet<>();
        for (int y = 80; y < Math.min(shot.getHeight(), 500); y += 2) {
            for (int x = 0; x < shot.getWidth(); x += 2) {
                colours.add(shot.getRGB(x, y) & 0xF0F0F0);
            }
        }
        assertThat(colours.size()).as("distinct colours in the tile area").isGreaterThan(500);
    }
}
