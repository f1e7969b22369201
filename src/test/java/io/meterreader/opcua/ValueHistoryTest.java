package io.meterreader.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.meterreader.frame.AlarmState;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.store.ReadingStore;
import io.meterreader.testing.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.Identifiers;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.AggregateConfiguration;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadAtTimeDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadProcessedDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Raw history reads of a meter's value, over the real store (H2, and PostgreSQL where it runs). */
class ValueHistoryTest {

    private static final Instant T0 = Instant.parse("2026-12-06T08:00:00Z");

    private TestDatabase database;
    private ReadingStore store;
    private ValueHistory history;

    private void open(String kind) {
        database = TestDatabase.open(kind);
        store = new ReadingStore(database.jdbc);
        history = new ValueHistory(store::between);
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    private static Reading ok(double value, Instant at) {
        return Reading.ok("boiler", "cam1", value, "bar", value / 16, 0.9, AlarmState.NONE, at, at.plusMillis(120));
    }

    /** One reading a second from T0, valued as its second. */
    private void seconds(int n) {
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            readings.add(ok(i, T0.plusSeconds(i)));
        }
        store.saveAll(readings);
    }

    private static ReadRawModifiedDetails raw(Instant start, Instant end, long n, boolean bounds) {
        return new ReadRawModifiedDetails(false, start == null ? DateTime.MIN_VALUE : new DateTime(start),
                end == null ? DateTime.MIN_VALUE : new DateTime(end), uint(n), bounds);
    }

    private ValueHistory.Page read(ReadRawModifiedDetails details) {
        return history.read("boiler", "Value", details, TimestampsToReturn.Both, ByteString.NULL_VALUE);
    }

    private static List<Object> values(ValueHistory.Page page) {
        return page.values().stream().map(v -> v.getValue().getValue()).toList();
    }

    @Test
    void aRange_readsForwardsOrBackwards_theStartInclusiveTheEndExclusive_orFromOneEndForNValues() {
        open("h2");
        seconds(10);
        ValueHistory.Page forward = read(raw(T0.plusSeconds(2), T0.plusSeconds(5), 0, false));
        assertThat(forward.status().isGood()).isTrue();
        assertThat(values(forward)).containsExactly(2.0, 3.0, 4.0);
        assertThat(forward.continuation()).isNull();
        DataValue first = forward.values().get(0);
        assertThat(first.getSourceTime().getJavaInstant()).isEqualTo(T0.plusSeconds(2));
        assertThat(first.getServerTime().getJavaInstant()).isEqualTo(T0.plusSeconds(2).plusMillis(120));

        assertThat(values(read(raw(T0.plusSeconds(5), T0.plusSeconds(2), 0, false)))).as("backwards")
                .containsExactly(5.0, 4.0, 3.0);
        assertThat(values(read(raw(T0.plusSeconds(7), null, 2, false)))).as("a start and a count")
                .containsExactly(7.0, 8.0);
        assertThat(values(read(raw(null, T0.plusSeconds(7), 3, false)))).as("an end and a count: back from it")
                .containsExactly(7.0, 6.0, 5.0);
        // both ends and a count: pages of that many, the next through the continuation point (Part 11)
        ReadRawModifiedDetails twoAtATime = raw(T0.plusSeconds(1), T0.plusSeconds(6), 2, false);
        ValueHistory.Page firstTwo = read(twoAtATime);
        assertThat(values(firstTwo)).containsExactly(1.0, 2.0);
        ValueHistory.Page nextTwo = history.read("boiler", "Value", twoAtATime, TimestampsToReturn.Both,
                firstTwo.continuation());
        assertThat(values(nextTwo)).containsExactly(3.0, 4.0);
        ValueHistory.Page last = history.read("boiler", "Value", twoAtATime, TimestampsToReturn.Both,
                nextTwo.continuation());
        assertThat(values(last)).containsExactly(5.0);
        assertThat(last.continuation()).isNull();

        ValueHistory.Page sourceOnly = history.read("boiler", "Value", raw(T0, T0.plusSeconds(1), 0, false),
                TimestampsToReturn.Source, ByteString.NULL_VALUE);
        assertThat(sourceOnly.values().get(0).getServerTime()).isNull();
        assertThat(sourceOnly.values().get(0).getSourceTime()).isNotNull();

        ValueHistory.Page empty = read(raw(T0.plusSeconds(100), T0.plusSeconds(200), 0, false));
        assertThat(empty.status().getValue()).isEqualTo(StatusCodes.Good_NoData);
        assertThat(empty.values()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void manyValues_comeInPages_eachValueOnce_evenAtOneTimeAcrossAPageEnd_andNoMoreThanAsked(String kind) {
        open(kind);
        seconds(ValueHistory.PAGE - 2);
        // three readings at one time, across the first page's end
        Instant same = T0.plusSeconds(ValueHistory.PAGE);
        store.saveAll(List.of(ok(-1, same), ok(-2, same), ok(-3, same)));
        List<Reading> after = new ArrayList<>();
        for (int i = 1; i <= 1_500; i++) {
            after.add(ok(10_000 + i, same.plusSeconds(i)));
        }
        store.saveAll(after);
        int total = ValueHistory.PAGE - 2 + 3 + 1_500;

        List<Object> got = new ArrayList<>();
        ReadRawModifiedDetails all = raw(T0, T0.plusSeconds(100_000), 0, false);
        ValueHistory.Page page = read(all);
        int pages = 1;
        got.addAll(values(page));
        while (page.continuation() != null) {
            page = history.read("boiler", "Value", all, TimestampsToReturn.Both, page.continuation());
            got.addAll(values(page));
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(got).hasSize(total).doesNotHaveDuplicates().contains(-1.0, -2.0, -3.0, 11_500.0);

        // from a start alone, numValuesPerNode in all, over as many pages as the server needs
        ReadRawModifiedDetails some = raw(T0, null, 1_200, false);
        page = read(some);
        List<Object> capped = new ArrayList<>(values(page));
        assertThat(page.continuation()).isNotNull();
        page = history.read("boiler", "Value", some, TimestampsToReturn.Both, page.continuation());
        capped.addAll(values(page));
        assertThat(page.continuation()).isNull();
        assertThat(capped).hasSize(1_200).doesNotHaveDuplicates();

        // with both ends, pages of numValuesPerNode to the range's end
        ReadRawModifiedDetails sevenHundred = raw(T0, T0.plusSeconds(100_000), 700, false);
        page = read(sevenHundred);
        List<Integer> sizes = new ArrayList<>(List.of(page.values().size()));
        List<Object> paged = new ArrayList<>(values(page));
        while (page.continuation() != null) {
            page = history.read("boiler", "Value", sevenHundred, TimestampsToReturn.Both, page.continuation());
            sizes.add(page.values().size());
            paged.addAll(values(page));
        }
        assertThat(sizes).containsExactly(700, 700, 700, total - 2_100);
        assertThat(paged).hasSize(total).doesNotHaveDuplicates();

        // backwards too
        ReadRawModifiedDetails back = raw(T0.plusSeconds(100_000), T0, 0, false);
        page = read(back);
        List<Object> reversed = new ArrayList<>(values(page));
        while (page.continuation() != null) {
            page = history.read("boiler", "Value", back, TimestampsToReturn.Both, page.continuation());
            reversed.addAll(values(page));
        }
        assertThat(reversed).as("all but the value at T0: the end is not in the range").hasSize(total - 1)
                .doesNotHaveDuplicates().startsWith(11_500.0).endsWith(1.0);
    }

    @Test
    void bounds_areTheValuesJustOutside_orBoundNotFound() {
        open("h2");
        seconds(5);
        ValueHistory.Page inner = read(raw(T0.plusMillis(1_500), T0.plusMillis(3_500), 0, true));
        assertThat(values(inner)).as("1 s before the start, 4 s after the end").containsExactly(1.0, 2.0, 3.0, 4.0);

        ValueHistory.Page exact = read(raw(T0.plusSeconds(1), T0.plusSeconds(3), 0, true));
        assertThat(values(exact)).as("a value at the start is its own bound; the end's is the value at it")
                .containsExactly(1.0, 2.0, 3.0);

        ValueHistory.Page outside = read(raw(T0.minusSeconds(10), T0.plusSeconds(100), 0, true));
        assertThat(outside.values()).hasSize(7);
        assertThat(outside.values().get(0).getStatusCode().getValue()).isEqualTo(StatusCodes.Bad_BoundNotFound);
        assertThat(outside.values().get(6).getStatusCode().getValue()).isEqualTo(StatusCodes.Bad_BoundNotFound);
        assertThat(outside.values().get(6).getSourceTime().getJavaInstant()).isEqualTo(T0.plusSeconds(100));
    }

    @Test
    void bounds_takeRoomInAPage_soNoAnswerHoldsMoreThanAPagesValues() {
        open("h2");
        seconds(2 * ValueHistory.PAGE);
        ReadRawModifiedDetails many = raw(T0.minusSeconds(1), T0.plusSeconds(3 * ValueHistory.PAGE), 0, true);
        ValueHistory.Page page = read(many);
        int total = page.values().size();
        assertThat(page.values()).hasSizeLessThanOrEqualTo(ValueHistory.PAGE);
        while (page.continuation() != null) {
            page = history.read("boiler", "Value", many, TimestampsToReturn.Both, page.continuation());
            assertThat(page.values()).hasSizeLessThanOrEqualTo(ValueHistory.PAGE);
            total += page.values().size();
        }
        assertThat(total).as("every value, and the two bounds").isEqualTo(2 * ValueHistory.PAGE + 2);
    }

    @Test
    void aFailedReading_hasNoValue_andTheQualityOfWhyItFailed() {
        open("h2");
        store.saveAll(List.of(ok(4.5, T0),
                Reading.failed("boiler", "cam1", ReadingStatus.POINTER_NOT_FOUND, "bar", 0.1, T0.plusSeconds(1),
                        T0.plusSeconds(1)),
                Reading.failed("boiler", "cam1", ReadingStatus.CAMERA_DOWN, "bar", 0, T0.plusSeconds(2),
                        T0.plusSeconds(2))));
        List<DataValue> values = read(raw(T0, T0.plusSeconds(3), 0, false)).values();
        assertThat(values).extracting(v -> v.getStatusCode().getValue()).containsExactly(StatusCode.GOOD.getValue(),
                StatusCodes.Bad_SensorFailure, StatusCodes.Bad_NoCommunication);
        assertThat(values.get(1).getValue().isNull()).isTrue();
    }

    @Test
    void theOtherVariables_haveTheirHistoryToo_GoodWhateverTheReading() {
        open("h2");
        store.saveAll(List.of(Reading.ok("boiler", "cam1", 13.5, "bar", 0.84, 0.91, AlarmState.HIGH, T0, T0),
                Reading.failed("boiler", "cam1", ReadingStatus.POINTER_NOT_FOUND, "bar", 0.12, T0.plusSeconds(1),
                        T0.plusSeconds(1))));
        ReadRawModifiedDetails both = raw(T0, T0.plusSeconds(2), 0, false);
        ValueHistory.Page alarm = history.read("boiler", "Alarm", both, TimestampsToReturn.Both, ByteString.NULL_VALUE);
        assertThat(values(alarm)).containsExactly("HIGH", "NONE");
        ValueHistory.Page status = history.read("boiler", "Status", both, TimestampsToReturn.Both,
                ByteString.NULL_VALUE);
        assertThat(values(status)).containsExactly("OK", "POINTER_NOT_FOUND");
        assertThat(status.values()).allMatch(v -> v.getStatusCode().isGood());
        assertThat(values(history.read("boiler", "Confidence", both, TimestampsToReturn.Both,
                ByteString.NULL_VALUE))).containsExactly(0.91, 0.12);
    }

    @Test
    void whatIsNotARawRead_orNotAValidOne_isRefusedWithItsReason() {
        open("h2");
        seconds(3);
        assertThat(history.read("boiler", "Value", new ReadRawModifiedDetails(true, new DateTime(T0),
                new DateTime(T0.plusSeconds(1)), uint(0), false), TimestampsToReturn.Both, ByteString.NULL_VALUE)
                .status().getValue()).isEqualTo(StatusCodes.Bad_HistoryOperationUnsupported);
        assertThat(history.read("boiler", "Value", new ReadAtTimeDetails(new DateTime[] {new DateTime(T0)}, false),
                TimestampsToReturn.Both, ByteString.NULL_VALUE).status().getValue())
                .isEqualTo(StatusCodes.Bad_HistoryOperationUnsupported);
        assertThat(read(raw(T0, null, 0, false)).status().getValue()).as("a start alone")
                .isEqualTo(StatusCodes.Bad_HistoryOperationInvalid);
        assertThat(history.read("boiler", "Value", raw(T0, T0.plusSeconds(2), 0, false), TimestampsToReturn.Neither,
                ByteString.NULL_VALUE).status().getValue()).isEqualTo(StatusCodes.Bad_TimestampsToReturnInvalid);
        assertThat(history.read("boiler", "Value", raw(T0, T0.plusSeconds(2), 0, false), TimestampsToReturn.Both,
                ByteString.of(new byte[] {1, 2, 3})).status().getValue())
                .isEqualTo(StatusCodes.Bad_ContinuationPointInvalid);

        ValueHistory broken = new ValueHistory((meter, from, to, limit) -> {
            throw new IllegalStateException("the database is away");
        });
        assertThat(broken.read("boiler", "Value", raw(T0, T0.plusSeconds(2), 0, false), TimestampsToReturn.Both,
                ByteString.NULL_VALUE).status().getValue()).isEqualTo(StatusCodes.Bad_ResourceUnavailable);
    }

    private ValueHistory.Page processed(Instant start, Instant end, double interval, NodeId aggregate,
                                        ByteString continuation) {
        return history.processed("boiler", "Value", new ReadProcessedDetails(new DateTime(start), new DateTime(end),
                interval, new NodeId[] {aggregate}, null), aggregate, TimestampsToReturn.Both, continuation);
    }

    /** A processed read's status with a request's own aggregate configuration. */
    private StatusCode configured(AggregateConfiguration config) {
        return history.processed("boiler", "Value", new ReadProcessedDetails(new DateTime(T0),
                new DateTime(T0.plusSeconds(2)), 1_000.0, null, config), Identifiers.AggregateFunction_Average,
                TimestampsToReturn.Both, ByteString.NULL_VALUE).status();
    }

    private ValueHistory.Page processed(double interval, NodeId aggregate) {
        return processed(T0, T0.plusSeconds(60), interval, aggregate, ByteString.NULL_VALUE);
    }

    /** The status without its historian bits, and those bits (Part 4: 0x401 calculated, 0x4 partial). */
    private static List<Long> statuses(ValueHistory.Page page) {
        return page.values().stream().map(v -> v.getStatusCode().getValue()).toList();
    }

    private static final long CALCULATED = 0x401;

    @Test
    void processedReads_sumUpEachInterval_ofTheGoodValues_uncertainWhereSomeWereNot() {
        open("h2");
        // a reading a second for a minute, valued as its second; the camera down from 30 s to 34 s
        List<Reading> minute = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Instant t = T0.plusSeconds(i);
            minute.add(i >= 30 && i < 35 ? new Reading("boiler", "cam1", ReadingStatus.CAMERA_DOWN, null, "bar", null,
                    0, AlarmState.NONE, t, t) : ok(i, t));
        }
        store.saveAll(minute);

        ValueHistory.Page count = processed(20_000, Identifiers.AggregateFunction_Count);
        assertThat(count.status().isGood()).isTrue();
        assertThat(values(count)).containsExactly(uint(20), uint(15), uint(20));
        assertThat(statuses(count)).containsExactly(CALCULATED, StatusCodes.Uncertain_DataSubNormal | CALCULATED,
                CALCULATED);
        assertThat(count.values()).extracting(v -> v.getSourceTime().getJavaInstant())
                .containsExactly(T0, T0.plusSeconds(20), T0.plusSeconds(40));
        assertThat(values(processed(20_000, Identifiers.AggregateFunction_Minimum))).containsExactly(0.0, 20.0, 40.0);
        assertThat(values(processed(20_000, Identifiers.AggregateFunction_Maximum))).containsExactly(19.0, 39.0, 59.0);
        double middle = (20 + 29) * 10 / 2.0 + (35 + 39) * 5 / 2.0;
        assertThat(values(processed(20_000, Identifiers.AggregateFunction_Average)))
                .containsExactly(9.5, middle / 15, 49.5);
        ValueHistory.Page end = processed(20_000, Identifiers.AggregateFunction_End);
        assertThat(values(end)).containsExactly(19.0, 39.0, 59.0);
        assertThat(end.values()).extracting(v -> v.getSourceTime().getJavaInstant()).as("the value's own time")
                .containsExactly(T0.plusSeconds(19), T0.plusSeconds(39), T0.plusSeconds(59));
        assertThat(values(processed(20_000, Identifiers.AggregateFunction_Start))).containsExactly(0.0, 20.0, 40.0);

        // the whole range as one interval; a last interval cut short by the end is partial
        assertThat(values(processed(0, Identifiers.AggregateFunction_Count))).containsExactly(uint(55));
        assertThat(statuses(processed(25_000, Identifiers.AggregateFunction_Maximum))).containsExactly(CALCULATED,
                StatusCodes.Uncertain_DataSubNormal | CALCULATED, CALCULATED | 0x4);

        // an interval without a Good value: no value, Bad_NoData (and a count of 0)
        ValueHistory.Page down = processed(T0.plusSeconds(30), T0.plusSeconds(40), 5_000,
                Identifiers.AggregateFunction_Average, ByteString.NULL_VALUE);
        assertThat(statuses(down)).containsExactly(StatusCodes.Bad_NoData, CALCULATED);
        assertThat(values(down)).containsExactly(null, 37.0);
        assertThat(values(processed(T0.plusSeconds(30), T0.plusSeconds(35), 0, Identifiers.AggregateFunction_Count,
                ByteString.NULL_VALUE))).containsExactly(uint(0));

        // a request's PercentDataGood and PercentDataBad, over the raw values (the middle interval: 15
        // Good of 20, 25% Bad)
        assertThat(statuses(percentages(75, 100, Identifiers.AggregateFunction_Average))).as("75% good is enough")
                .containsExactly(CALCULATED, CALCULATED, CALCULATED);
        assertThat(statuses(percentages(80, 100, Identifiers.AggregateFunction_Average))).containsExactly(CALCULATED,
                StatusCodes.Uncertain_DataSubNormal | CALCULATED, CALCULATED);
        ValueHistory.Page bad = percentages(100, 25, Identifiers.AggregateFunction_Average);
        assertThat(statuses(bad)).as("25% bad is too much").containsExactly(CALCULATED, 0x80000000L | CALCULATED,
                CALCULATED);
        assertThat(values(bad)).as("a Bad interval's value left out").containsExactly(9.5, null, 49.5);
        assertThat(values(percentages(100, 25, Identifiers.AggregateFunction_Count)))
                .containsExactly(uint(20), uint(15), uint(20));
    }

    /** Processed over the minute in 20-second intervals with a request's PercentDataGood and PercentDataBad. */
    private ValueHistory.Page percentages(int good, int bad, NodeId aggregate) {
        return history.processed("boiler", "Value", new ReadProcessedDetails(new DateTime(T0),
                new DateTime(T0.plusSeconds(60)), 20_000.0, null,
                new AggregateConfiguration(false, false, ubyte(bad), ubyte(good), false)), aggregate,
                TimestampsToReturn.Both, ByteString.NULL_VALUE);
    }

    @Test
    void processedReads_comeInPagesOfIntervals_andReadTheStoreInBatches() {
        open("h2");
        List<Reading> many = new ArrayList<>();
        for (int i = 0; i < 12_000; i++) {
            many.add(ok(i % 10, T0.plusMillis(100L * i)));
        }
        store.saveAll(many);
        ValueHistory.Page all = processed(T0, T0.plusSeconds(1200), 0, Identifiers.AggregateFunction_Count,
                ByteString.NULL_VALUE);
        assertThat(values(all)).as("beyond one batch of the store").containsExactly(uint(12_000));
        assertThat(values(processed(T0, T0.plusSeconds(1200), 0, Identifiers.AggregateFunction_Average,
                ByteString.NULL_VALUE))).containsExactly(4.5);

        // 1,500 intervals of 0.8 s: a page of 1,000, then the rest
        ValueHistory.Page first = processed(T0, T0.plusSeconds(1200), 800, Identifiers.AggregateFunction_Count,
                ByteString.NULL_VALUE);
        assertThat(first.values()).hasSize(ValueHistory.PAGE);
        assertThat(first.continuation()).isNotNull();
        ValueHistory.Page rest = processed(T0, T0.plusSeconds(1200), 800, Identifiers.AggregateFunction_Count,
                first.continuation());
        assertThat(rest.values()).hasSize(500);
        assertThat(rest.continuation()).isNull();
        assertThat(rest.values().get(0).getSourceTime().getJavaInstant()).isEqualTo(T0.plusMillis(800_000));
        long counted = java.util.stream.Stream.of(first, rest).flatMap(p -> p.values().stream())
                .mapToLong(v -> ((UInteger) v.getValue().getValue()).longValue()).sum();
        assertThat(counted).as("each reading in exactly one interval").isEqualTo(12_000);
    }

    @Test
    void processedReads_refuseWhatTheyCannotDo_withTheReason() {
        open("h2");
        seconds(3);
        assertThat(processed(1_000, Identifiers.AggregateFunction_Interpolative).status().getValue())
                .isEqualTo(StatusCodes.Bad_AggregateNotSupported);
        assertThat(history.processed("boiler", "Status", new ReadProcessedDetails(new DateTime(T0),
                new DateTime(T0.plusSeconds(2)), 1_000.0, null, null), Identifiers.AggregateFunction_Count,
                TimestampsToReturn.Both, ByteString.NULL_VALUE).status().getValue()).as("a string has no aggregates")
                .isEqualTo(StatusCodes.Bad_AggregateNotSupported);
        assertThat(processed(T0.plusSeconds(2), T0, 1_000, Identifiers.AggregateFunction_Count, ByteString.NULL_VALUE)
                .status().getValue()).as("backwards").isEqualTo(StatusCodes.Bad_HistoryOperationUnsupported);
        assertThat(processed(-1, Identifiers.AggregateFunction_Count).status().getValue())
                .isEqualTo(StatusCodes.Bad_HistoryOperationInvalid);
        assertThat(processed(1_000, Identifiers.AggregateFunction_Count).status().isGood()).isTrue();
        // a request's own aggregate configuration is taken; a percentage over 100 is refused
        assertThat(configured(new AggregateConfiguration(false, true, ubyte(100), ubyte(80), true)).isGood()).isTrue();
        assertThat(configured(new AggregateConfiguration(false, false, ubyte(101), ubyte(100), false)).getValue())
                .isEqualTo(StatusCodes.Bad_AggregateConfigurationRejected);
        assertThat(configured(new AggregateConfiguration(true, false, ubyte(255), ubyte(255), false)).isGood())
                .as("the server's defaults asked for: the rest not looked at").isTrue();
        // a raw read's continuation point is not a processed read's
        ValueHistory.Page rawPage = history.read("boiler", "Value", raw(T0, T0.plusSeconds(3), 1, false),
                TimestampsToReturn.Both, ByteString.NULL_VALUE);
        assertThat(processed(T0, T0.plusSeconds(3), 1_000, Identifiers.AggregateFunction_Count,
                rawPage.continuation()).status().getValue()).isEqualTo(StatusCodes.Bad_ContinuationPointInvalid);
        ValueHistory broken = new ValueHistory((meter, from, to, limit) -> {
            throw new IllegalStateException("the database is away");
        });
        assertThat(broken.processed("boiler", "Value", new ReadProcessedDetails(new DateTime(T0),
                new DateTime(T0.plusSeconds(2)), 1_000.0, null, null), Identifiers.AggregateFunction_Count,
                TimestampsToReturn.Both, ByteString.NULL_VALUE).status().getValue())
                .isEqualTo(StatusCodes.Bad_ResourceUnavailable);
    }
}
