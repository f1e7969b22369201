package io.meterreader.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.meterreader.frame.AlarmState;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The store against both databases it supports: embedded H2 and the PostgreSQL server that
 * runs beside the tests (127.0.0.1:5432, database test), each in a fresh schema.
 */
class ReadingStoreTest {

    private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");

    private TestDatabase database;
    private JdbcTemplate jdbc;
    private ReadingStore store;

    private void open(String kind) {
        database = TestDatabase.open(kind);
        jdbc = database.jdbc;
        store = new ReadingStore(jdbc);
    }

    @AfterEach
    void dropSchema() {
        if (database != null) {
            database.close();
        }
    }

    private static Reading ok(String meter, double value, Instant t) {
        return Reading.ok(meter, "cam1", value, "MPa", value / 1.6, 0.9, AlarmState.NONE, t, t.plusMillis(80));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void between_readsFromTheStartInclusiveTowardsTheEndExclusive_eitherWay(String database) {
        open(database);
        List<Reading> all = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            all.add(ok("m1", i, T0.plusSeconds(i)));
        }
        all.add(ok("m2", 99, T0.plusSeconds(2)));
        store.saveAll(all);

        assertThat(store.between("m1", T0.plusSeconds(1), T0.plusSeconds(4), 10)).extracting(Reading::value)
                .containsExactly(1.0, 2.0, 3.0);
        assertThat(store.between("m1", T0.plusSeconds(1), T0.plusSeconds(4), 2)).extracting(Reading::value)
                .containsExactly(1.0, 2.0);
        assertThat(store.between("m1", T0.plusSeconds(4), T0.plusSeconds(1), 10)).extracting(Reading::value)
                .as("backwards, newest first").containsExactly(4.0, 3.0, 2.0);
        assertThat(store.between("m1", T0.plusSeconds(2), T0.plusSeconds(2), 10)).extracting(Reading::value)
                .containsExactly(2.0);
        assertThat(store.between("m1", T0.plusMillis(2500), T0.plusMillis(2500), 10)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void forEach_handsTheLatestLimitOldestFirst_pageByPage_eachOnceEvenManyAtOneTimeAcrossAPagesEnd(String database) {
        open(database);
        // 25,000 readings a second apart valued by their index, 30 more at the second where the first page ends
        List<Reading> many = new ArrayList<>();
        for (int i = 0; i < 25_000; i++) {
            many.add(ok("m1", i, T0.plusSeconds(i)));
            if (i == 9_990) {
                for (int k = 0; k < 30; k++) {
                    many.add(ok("m1", i, T0.plusSeconds(i)));
                }
            }
        }
        many.add(ok("m2", -1, T0.plusSeconds(5)));
        store.saveAll(many);

        List<Reading> all = new ArrayList<>();
        store.forEach("m1", T0, T0.plusSeconds(30_000), 1_000_000, all::add);
        assertThat(all).hasSize(25_030);
        assertThat(all).extracting(Reading::captureTime).isSorted();
        assertThat(all.get(0).value()).isEqualTo(0.0);
        assertThat(all.get(25_029).value()).isEqualTo(24_999.0);
        assertThat(all.stream().filter(r -> r.value() == 9_990.0)).hasSize(31);

        List<Reading> latest = new ArrayList<>();
        store.forEach("m1", T0.plusSeconds(100), T0.plusSeconds(20_000), 12_345, latest::add);
        assertThat(latest).hasSize(12_345);
        assertThat(latest.get(0).value()).as("the 30 extra at 9,990 among them").isEqualTo(20_000.0 - 12_345 + 1 + 30);
        assertThat(latest.get(12_344).value()).isEqualTo(20_000.0);
        assertThat(store.count("m1", T0.plusSeconds(100), T0.plusSeconds(20_000))).isEqualTo(19_901 + 30);

        List<Reading> none = new ArrayList<>();
        store.forEach("m1", T0.minusSeconds(10), T0.minusSeconds(1), 10, none::add);
        assertThat(none).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void savedReadings_comeBackIdentical(String database) {
        open(database);
        Reading a = Reading.ok("m1", "cam1", 1.25, "MPa", 0.78125, 0.93, AlarmState.HIGH, T0, T0.plusMillis(150));
        Reading b = Reading.failed("m1", "cam1", ReadingStatus.POINTER_NOT_FOUND, "MPa", 0.2, T0.plusSeconds(1),
                T0.plusSeconds(1));

        store.saveAll(List.of(a, b));

        assertThat(store.history("m1", T0.minusSeconds(1), T0.plusSeconds(10), 10)).containsExactly(a, b);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void history_returnsLatestLimitOldestFirst_withinWindow(String database) {
        open(database);
        List<Reading> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(ok("m1", i * 0.05, T0.plusSeconds(i)));
        }
        all.add(ok("other", 1.0, T0.plusSeconds(5)));
        store.saveAll(all);

        List<Reading> h = store.history("m1", T0.plusSeconds(2), T0.plusSeconds(15), 5);

        assertThat(h).extracting(Reading::captureTime).containsExactly(T0.plusSeconds(11), T0.plusSeconds(12),
                T0.plusSeconds(13), T0.plusSeconds(14), T0.plusSeconds(15));
    }

    @Test
    void historyQueriesBeyondTheirShare_waitTheirTurn_thenAreBusy_leavingTheStoreThere() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        JdbcTemplate slow = new JdbcTemplate() {
            @Override
            public <T> T queryForObject(String sql, Class<T> requiredType, Object... args) {
                running.incrementAndGet();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return requiredType.cast(7L);
            }
        };
        StoreStatus status = StoreStatus.ready();
        ReadingStore busy = new ReadingStore(slow, status, 1);
        List<Thread> month = new ArrayList<>();
        for (int i = 0; i < ReadingStore.MAX_READERS; i++) {
            Thread t = new Thread(() -> busy.count("m1", T0, T0.plusSeconds(60)));
            t.start();
            month.add(t);
        }
        long end = System.nanoTime() + 10_000_000_000L;
        while (running.get() < ReadingStore.MAX_READERS && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertThat(running.get()).isEqualTo(ReadingStore.MAX_READERS);

        assertThatThrownBy(() -> busy.count("m1", T0, T0.plusSeconds(60)))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("answering 6 other requests, the most it takes at once")
                .hasMessageContaining("the database is there");
        assertThat(running.get()).as("the one beyond them never reached the database").isEqualTo(6);
        assertThat(status.failedWithin(10)).as("busy is not away: the health and the others' requests unharmed")
                .isFalse();

        release.countDown();
        for (Thread t : month) {
            t.join(5_000);
        }
        assertThat(busy.count("m1", T0, T0.plusSeconds(60))).as("its turn came").isEqualTo(7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void downsampled_meansOkReadingsPerBucket(String database) {
        open(database);
        store.saveAll(List.of(
                ok("m1", 1.0, T0.plusSeconds(1)),
                ok("m1", 2.0, T0.plusSeconds(20)),
                Reading.failed("m1", "cam1", ReadingStatus.LOW_CONFIDENCE, "MPa", 0.1, T0.plusSeconds(30), T0),
                Reading.failed("m1", "cam1", ReadingStatus.CAMERA_DOWN, "MPa", 0, T0.plusSeconds(70), T0)));

        List<Reading> d = store.downsampled("m1", T0, T0.plusSeconds(120), Duration.ofMinutes(1), 100);

        assertThat(d).hasSize(2);
        assertThat(d.get(0).status()).isEqualTo(ReadingStatus.OK);
        assertThat(d.get(0).value()).isCloseTo(1.5, within(1e-12));
        assertThat(d.get(0).captureTime()).isEqualTo(T0);
        assertThat(d.get(1).status()).isEqualTo(ReadingStatus.CAMERA_DOWN);
        assertThat(d.get(1).value()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void stepMeans_ofManyMetersTogether_aDayAtATime_areEachMetersDownsampledMeans_noStepSplit(String database) {
        open(database);
        // 2.5 days, a reading every 40 min for three meters, some failed: steps of 7 h do not divide a
        // day, so a day's query ends at a step's end (21 h), never in the middle of one
        List<Reading> all = new ArrayList<>();
        Instant from = T0.minus(Duration.ofHours(30));
        for (int i = 0; i < 90; i++) {
            Instant t = from.plus(Duration.ofMinutes(40L * i));
            all.add(ok("m1", i % 7, t));
            all.add(i % 5 == 0 ? Reading.failed("m2", "cam1", ReadingStatus.CAMERA_DOWN, "MPa", 0, t, t)
                    : ok("m2", 10 + i % 3, t));
            all.add(ok("other", 99, t));
        }
        all.add(Reading.ok("m1", "cam1", 35, "bar", 0.2, 0.9, AlarmState.NONE, from.plusSeconds(60), from));
        store.saveAll(all);
        Instant to = from.plus(Duration.ofMinutes(40L * 89));
        Duration step = Duration.ofHours(7);

        List<ReadingStore.StepMean> means = new ArrayList<>();
        store.stepMeans(List.of("m1", "m2"), from, to, step, Instant.EPOCH, means::add);

        List<ReadingStore.StepMean> expected = new ArrayList<>();
        for (String meter : List.of("m1", "m2")) {
            for (Reading r : store.downsampled(meter, from, to, step, 100)) {
                if (r.value() != null) {
                    expected.add(new ReadingStore.StepMean(meter, r.captureTime().toEpochMilli() / step.toMillis(),
                            r.unit(), r.value()));
                }
            }
        }
        assertThat(means).as("one a step and unit, none of a meter not asked for").hasSameSizeAs(expected)
                .noneMatch(m -> m.meterId().equals("other"));
        assertThat(means).usingElementComparator((a, b) -> a.meterId().equals(b.meterId()) && a.step() == b.step()
                && a.unit().equals(b.unit()) && Math.abs(a.mean() - b.mean()) < 1e-9 ? 0 : 1)
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(means).extracting(ReadingStore.StepMean::unit).contains("bar");

        // a window reaching decades either side of the readings: the same means, and the days without
        // a reading are not asked for one by one (9,800 queries from 2000 at PT24H, in the audit)
        JdbcTemplate narrow = org.mockito.Mockito.spy(jdbc);
        new ReadingStore(narrow).stepMeans(List.of("m1", "m2"), from, to, step, Instant.EPOCH, m -> { });
        JdbcTemplate counted = org.mockito.Mockito.spy(jdbc);
        List<ReadingStore.StepMean> wide = new ArrayList<>();
        new ReadingStore(counted).stepMeans(List.of("m1", "m2"), from.minus(Duration.ofDays(9000)),
                to.plus(Duration.ofDays(9000)), step, Instant.EPOCH, wide::add);
        assertThat(wide).usingRecursiveFieldByFieldElementComparator().containsExactlyInAnyOrderElementsOf(means);
        assertThat(queries(narrow)).as("the stretch held, then its days").isBetween(3L, 5L);
        assertThat(queries(counted)).as("as many queries as the readings' own window takes").isEqualTo(queries(narrow));

        // steps from the window's start (a shift log's), each the mean of the readings within it
        Instant origin = from.plus(Duration.ofMinutes(20));
        List<ReadingStore.StepMean> shifted = new ArrayList<>();
        store.stepMeans(List.of("m2"), origin, to, step, origin, shifted::add);
        java.util.Map<Long, List<Double>> byStep = new java.util.TreeMap<>();
        for (Reading r : all) {
            if (r.meterId().equals("m2") && r.value() != null && !r.captureTime().isBefore(origin)) {
                byStep.computeIfAbsent(Duration.between(origin, r.captureTime()).toMillis() / step.toMillis(),
                        k -> new ArrayList<>()).add(r.value());
            }
        }
        assertThat(shifted).extracting(ReadingStore.StepMean::step).containsExactlyInAnyOrderElementsOf(byStep.keySet());
        for (ReadingStore.StepMean m : shifted) {
            assertThat(m.mean()).as("step " + m.step()).isCloseTo(byStep.get(m.step()).stream()
                    .mapToDouble(Double::doubleValue).average().orElseThrow(), within(1e-9));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void hasReadings_ofAMeterWithAnyStored_only(String database) {
        open(database);
        store.saveAll(List.of(ok("m1", 1, T0)));
        assertThat(store.hasReadings("m1")).isTrue();
        assertThat(store.hasReadings("m2")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void latestUnit_isThatOfTheLatestReadingWithOne(String database) {
        open(database);
        store.saveAll(List.of(ok("m1", 1, T0),
                Reading.ok("m1", "cam1", 150, "kPa", 0.1, 0.9, AlarmState.NONE, T0.plusSeconds(5), T0.plusSeconds(5)),
                // stored after, captured before: not the latest
                Reading.ok("m1", "cam1", 1.5, "bar", 0.1, 0.9, AlarmState.NONE, T0.plusSeconds(2), T0.plusSeconds(6)),
                Reading.failed("m1", "cam1", ReadingStatus.CAMERA_DOWN, null, 0, T0.plusSeconds(9), T0.plusSeconds(9)),
                Reading.failed("m3", "cam1", ReadingStatus.CAMERA_DOWN, null, 0, T0, T0)));
        assertThat(store.latestUnit("m1")).contains("kPa");
        assertThat(store.latestUnit("m2")).isEmpty();
        assertThat(store.latestUnit("m3")).as("readings, none with a unit").isEmpty();
    }

    /** The queries the store made through {@code spy} (not those JdbcTemplate makes of its own to answer them). */
    private static long queries(JdbcTemplate spy) {
        return org.mockito.Mockito.mockingDetails(spy).getInvocations().stream()
                .filter(i -> i.getMethod().getName().equals("query")
                        && i.getLocation().getSourceFile().equals("ReadingStore.java")).count();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void summary_hasTheLowestAndHighestReading_notAStepMean_inTheMetersUnitNow(String database) {
        open(database);
        store.saveAll(List.of(
                Reading.ok("m1", "cam1", 35, "bar", 0.2, 0.9, AlarmState.NONE, T0.plusSeconds(1), T0),
                Reading.ok("m1", "cam1", 0.30, "MPa", 0.2, 0.9, AlarmState.NONE, T0.plusSeconds(2), T0),
                Reading.ok("m1", "cam1", 0.85, "MPa", 0.5, 0.9, AlarmState.HIGH, T0.plusSeconds(3), T0),
                Reading.ok("m1", "cam1", 0.31, "MPa", 0.2, 0.9, AlarmState.NONE, T0.plusSeconds(4), T0),
                Reading.failed("m1", "cam1", ReadingStatus.CAMERA_DOWN, "MPa", 0, T0.plusSeconds(5), T0),
                Reading.failed("m1", "cam1", ReadingStatus.CAMERA_DOWN, "MPa", 0, T0.plusSeconds(6), T0),
                ok("m2", 9, T0.plusSeconds(3))));

        ReadingStore.Summary s = store.summary("m1", "MPa", T0, T0.plusSeconds(60));

        assertThat(s.readings()).isEqualTo(6);
        assertThat(s.ok()).as("the reading in bar is on another scale").isEqualTo(3);
        assertThat(s.min()).isEqualTo(0.30);
        assertThat(s.max()).as("the peak, which a minute's mean (0.487) hides").isEqualTo(0.85);
        assertThat(s.mean()).isCloseTo(1.46 / 3, within(1e-9));
        assertThat(s.failures()).containsExactly(org.assertj.core.api.Assertions.entry(ReadingStatus.CAMERA_DOWN, 2L));
        assertThat(store.summary("m1", "MPa", T0.plusSeconds(5), T0.plusSeconds(60)).min()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void downsampled_aStepInWhichTheUnitChanged_hasAReadingInEachUnit_neverAMeanOfTwoScales(String database) {
        open(database);
        store.saveAll(List.of(
                Reading.ok("m1", "cam1", 3.5, "bar", 0.2, 0.9, AlarmState.NONE, T0.plusSeconds(1), T0),
                Reading.ok("m1", "cam1", 3.7, "bar", 0.2, 0.9, AlarmState.NONE, T0.plusSeconds(11), T0),
                Reading.ok("m1", "cam1", 0.35, "MPa", 0.2, 0.9, AlarmState.NONE, T0.plusSeconds(21), T0)));

        List<Reading> d = store.downsampled("m1", T0, T0.plusSeconds(120), Duration.ofMinutes(1), 100);

        assertThat(d).extracting(Reading::unit, Reading::captureTime).containsExactlyInAnyOrder(
                tuple("MPa", T0), tuple("bar", T0));
        assertThat(d.stream().filter(r -> r.unit().equals("MPa")).findFirst().orElseThrow().value())
                .isCloseTo(0.35, within(1e-12));
        assertThat(d.stream().filter(r -> r.unit().equals("bar")).findFirst().orElseThrow().value())
                .isCloseTo(3.6, within(1e-12));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void downsampled_aStepShowsItsAlarm_andWithoutAValueItsMostFrequentFailure(String database) {
        open(database);
        store.saveAll(List.of(
                ok("m1", 1.0, T0.plusSeconds(1)),
                Reading.ok("m1", "cam1", 1.5, "MPa", 0.94, 0.8, AlarmState.HIGH, T0.plusSeconds(2), T0),
                ok("m1", 1.1, T0.plusSeconds(3)),
                Reading.failed("m1", "cam1", ReadingStatus.LOW_CONFIDENCE, "MPa", 0.2, T0.plusSeconds(61), T0),
                Reading.failed("m1", "cam1", ReadingStatus.CAMERA_DOWN, "MPa", 0, T0.plusSeconds(62), T0),
                Reading.failed("m1", "cam1", ReadingStatus.LOW_CONFIDENCE, "MPa", 0.4, T0.plusSeconds(63), T0)));

        List<Reading> d = store.downsampled("m1", T0, T0.plusSeconds(120), Duration.ofMinutes(1), 100);

        assertThat(d).hasSize(2);
        assertThat(d.get(0).alarm()).as("one reading of three in alarm: the step was").isEqualTo(AlarmState.HIGH);
        assertThat(d.get(0).value()).isCloseTo(3.6 / 3, within(1e-12));
        assertThat(d.get(1).status()).isEqualTo(ReadingStatus.LOW_CONFIDENCE);
        assertThat(d.get(1).confidence()).isCloseTo(0.2, within(1e-12));
        assertThat(d.get(1).captureTime()).isEqualTo(T0.plusSeconds(60));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void downsampled_countsEveryRawReading_beyondOnePage_evenManyAtOneTimeAcrossAPagesEnd(String database) {
        open(database);
        // 25,000 readings a second apart (a week of a meter stored every 10 s is 60,480), valued as
        // their second modulo 100, and 30 more at the second where the first page of 10,000 ends
        List<Reading> many = new ArrayList<>();
        for (int i = 0; i < 25_000; i++) {
            many.add(ok("m1", i % 100, T0.plusSeconds(i)));
            if (i == 9_990) {
                for (int k = 0; k < 30; k++) {
                    many.add(ok("m1", i % 100, T0.plusSeconds(i)));
                }
            }
        }
        store.saveAll(many);

        List<Reading> d = store.downsampled("m1", T0, T0.plusSeconds(25_000), Duration.ofSeconds(100), 1_000);

        assertThat(d).as("a bucket for every 100 s, the oldest included").hasSize(250);
        assertThat(d.get(0).captureTime()).isEqualTo(T0);
        for (int b = 0; b < d.size(); b++) {
            assertThat(d.get(b).value()).as("bucket " + b)
                    .isCloseTo(b == 99 ? (49.5 * 100 + 30 * 90) / 130 : 49.5, within(1e-9));
        }
        // hours: the third holds the extra 30 (value 90)
        List<Reading> hours = store.downsampled("m1", T0, T0.plusSeconds(25_000), Duration.ofHours(1), 10);
        assertThat(hours).hasSize(7);
        assertThat(hours.get(0).value()).isCloseTo(49.5, within(1e-9));
        assertThat(hours.get(2).value()).isCloseTo((49.5 * 3_600 + 30 * 90) / 3_630, within(1e-9));
        assertThat(store.downsampled("m1", T0, T0.plusSeconds(25_000), Duration.ofSeconds(100), 10))
                .as("the latest buckets").hasSize(10).first().extracting(Reading::captureTime)
                .isEqualTo(T0.plusSeconds(24_000));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void changes_areTheReadingsWhoseStatusOrAlarmDiffersFromTheOneBefore_newestFirst(String database) {
        open(database);
        store.saveAll(List.of(
                ok("m1", 1.0, T0.plusSeconds(1)),
                ok("m1", 1.1, T0.plusSeconds(2)),
                Reading.failed("m1", "cam1", ReadingStatus.CAMERA_DOWN, "MPa", 0, T0.plusSeconds(3), T0),
                Reading.failed("m1", "cam1", ReadingStatus.CAMERA_DOWN, "MPa", 0, T0.plusSeconds(4), T0),
                ok("m1", 1.2, T0.plusSeconds(5)),
                Reading.ok("m1", "cam1", 1.5, "MPa", 0.94, 0.9, AlarmState.HIGH, T0.plusSeconds(6), T0),
                // a failed reading in alarm's midst: its stored NONE is no end of the alarm
                Reading.failed("m1", "cam1", ReadingStatus.LOW_CONFIDENCE, "MPa", 0.3, T0.plusSeconds(7), T0),
                Reading.ok("m1", "cam1", 1.55, "MPa", 0.97, 0.9, AlarmState.HIGH, T0.plusSeconds(8), T0),
                ok("m2", 9, T0.plusSeconds(9))));

        List<ReadingStore.Change> changes = store.changes("m1", T0, T0.plusSeconds(60), 10);

        assertThat(changes).extracting(c -> c.reading().captureTime()).containsExactly(T0.plusSeconds(8),
                T0.plusSeconds(7), T0.plusSeconds(6), T0.plusSeconds(5), T0.plusSeconds(3));
        assertThat(changes).extracting(ReadingStore.Change::alarmChanged).as("the alarm went HIGH once")
                .containsExactly(false, false, true, false, false);
        assertThat(changes.get(0).alarmBefore()).isEqualTo(AlarmState.HIGH);
        assertThat(changes.get(0).before()).isEqualTo(ReadingStatus.LOW_CONFIDENCE);
        assertThat(changes.get(2).reading().alarm()).isEqualTo(AlarmState.HIGH);
        assertThat(changes.get(2).alarmBefore()).isEqualTo(AlarmState.NONE);
        assertThat(changes.get(3).before()).isEqualTo(ReadingStatus.CAMERA_DOWN);
        assertThat(changes.get(4).reading().status()).isEqualTo(ReadingStatus.CAMERA_DOWN);
        assertThat(store.changes("m1", T0.plusSeconds(4), T0.plusSeconds(60), 1)).as("the latest, the range's own")
                .extracting(c -> c.reading().captureTime()).containsExactly(T0.plusSeconds(8));
        // a window that starts at a change has it: held against the reading before the window
        assertThat(store.changes("m1", T0.plusSeconds(6), T0.plusSeconds(60), 10))
                .extracting(c -> c.reading().captureTime(), ReadingStore.Change::alarmChanged)
                .containsExactly(tuple(T0.plusSeconds(8), false), tuple(T0.plusSeconds(7), false),
                        tuple(T0.plusSeconds(6), true));
        assertThat(store.changes("m1", T0.plusSeconds(3), T0.plusSeconds(3), 10))
                .extracting(c -> c.reading().status()).containsExactly(ReadingStatus.CAMERA_DOWN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void deleteOlderThan_removesOnlyOldReadings(String database) {
        open(database);
        store.saveAll(List.of(ok("m1", 1, T0.minus(Duration.ofDays(31))), ok("m1", 1, T0)));

        int deleted = store.deleteOlderThan(T0.minus(Duration.ofDays(30)));

        assertThat(deleted).isEqualTo(1);
        assertThat(store.count("m1")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void writer_storesEverythingInBatches(String database) throws InterruptedException {
        open(database);
        try (ReadingWriter writer = new ReadingWriter(store)) {
            for (int i = 0; i < 1234; i++) {
                writer.write(ok("m1", 0.5, T0.plusMillis(i)));
            }
            writer.flush(Duration.ofSeconds(20));
            assertThat(store.count("m1")).isEqualTo(1234);
            assertThat(writer.dropped()).isZero();
        }
    }
}
