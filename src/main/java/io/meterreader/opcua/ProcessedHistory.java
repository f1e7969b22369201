package io.meterreader.opcua;

import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingHistory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.milo.opcua.stack.core.Identifiers;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.AggregateConfiguration;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadProcessedDetails;

/**
 * A meter variable's processed history (OPC UA Part 11 ReadProcessedDetails, Part 13 aggregates):
 * from the start time, intervals of processingInterval (the whole range where it is 0) up to the
 * end, each summed up by one aggregate of the raw values captured in it (start inclusive, end
 * exclusive). The aggregates are the simple ones a trend or a report asks for:
 * <ul>
 *   <li>Count: how many Good values (0 where there are none);</li>
 *   <li>Minimum, Maximum, Average: of the Good values, stamped with the interval's start;</li>
 *   <li>Start, End: the first and the last Good value, stamped with their own times.</li>
 * </ul>
 * Each result is Calculated, its quality from its interval's raw values, counted (Part 13,
 * 5.4.3.2: these aggregates work on raw values): Good where none was Bad; else Bad where the Bad
 * ones are at least PercentDataBad percent of them; else Good where the Good ones are at least
 * PercentDataGood percent; else Uncertain (DataSubNormal). A raw Value is Bad for a reading that
 * failed (a camera down, a gauge not read), Good otherwise; a Confidence always Good. With the
 * server's defaults (both percentages 100) an interval is Good where every reading was OK,
 * Uncertain where some were not, and Bad_NoData with no value where none was, as a Bad interval
 * with no Good value always is; a Bad interval with Good values has its value left out. A
 * request's own configuration is applied; TreatUncertainAsBad changes nothing (the history has no
 * Uncertain raw values), nor does UseSlopedExtrapolation (nothing is interpolated), and a
 * percentage over 100 is Bad_AggregateConfigurationRejected. A last interval cut short by the
 * end is Partial. Forwards only (start before end); more
 * than a page of intervals ends with a continuation point, the next interval's start. Only
 * numeric variables (Value, Confidence) have aggregates.
 */
final class ProcessedHistory {

    /** The aggregates served, by their function's node. */
    static final Map<NodeId, Aggregate> AGGREGATES = Map.of(
            Identifiers.AggregateFunction_Count, Aggregate.COUNT,
            Identifiers.AggregateFunction_Minimum, Aggregate.MINIMUM,
            Identifiers.AggregateFunction_Maximum, Aggregate.MAXIMUM,
            Identifiers.AggregateFunction_Average, Aggregate.AVERAGE,
            Identifiers.AggregateFunction_Start, Aggregate.START,
            Identifiers.AggregateFunction_End, Aggregate.END);

    enum Aggregate { COUNT, MINIMUM, MAXIMUM, AVERAGE, START, END }

    /** The plain Good and Bad status codes. */
    private static final long GOOD = StatusCode.GOOD.getValue();
    private static final long BAD = StatusCode.BAD.getValue();
    /** Historian bits of a status: info type DataValue, and the value calculated (Part 4, 7.34.1). */
    private static final long CALCULATED = 0x400L | 0x1L;
    private static final long PARTIAL = 0x4L;
    /** Raw readings read from the store at a time. */
    private static final int BATCH = 10_000;
    /** Marks a processed read's continuation point, unlike a raw read's. */
    private static final int TAG = 0x4d52_4147;

    private final ReadingHistory store;

    ProcessedHistory(ReadingHistory store) {
        this.store = store;
    }

    /** PercentDataGood and PercentDataBad (Part 13): the server's defaults, 100 both, or a request's. */
    record Percentages(int good, int bad) {
        static final Percentages DEFAULTS = new Percentages(100, 100);

        /** A request's configuration (null: none); null where a percentage is over 100. */
        static Percentages of(AggregateConfiguration config) {
            if (config == null || Boolean.TRUE.equals(config.getUseServerCapabilitiesDefaults())) {
                return DEFAULTS;
            }
            int good = percent(config.getPercentDataGood());
            int bad = percent(config.getPercentDataBad());
            return good > 100 || bad > 100 ? null : new Percentages(good, bad);
        }

        private static int percent(UByte value) {
            return value == null ? 100 : value.intValue();
        }

        /** An interval's quality from its raw values: Good, Uncertain_DataSubNormal or Bad. */
        long quality(int raw, int good) {
            int bad = raw - good;
            if (bad == 0) {
                return GOOD;
            }
            if (100L * bad >= (long) this.bad * raw) {
                return BAD;
            }
            return 100L * good >= (long) this.good * raw ? GOOD : StatusCodes.Uncertain_DataSubNormal;
        }
    }

    /** The raw values of one interval, summed up as they come. */
    private static final class Interval {
        int raw;
        int good;
        double sum;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double first;
        Instant firstAt;
        double last;
        Instant lastAt;

        void add(Reading r, double value, boolean isGood) {
            raw++;
            if (!isGood) {
                return;
            }
            good++;
            sum += value;
            min = Math.min(min, value);
            max = Math.max(max, value);
            if (firstAt == null) {
                first = value;
                firstAt = r.captureTime();
            }
            last = value;
            lastAt = r.captureTime();
        }
    }

    /**
     * A page of intervals of one meter variable's history, summed up by {@code aggregateType}.
     *
     * @param variable one of the meter's variables; only Value and Confidence have aggregates
     */
    ValueHistory.Page read(String meterId, String variable, ReadProcessedDetails details, NodeId aggregateType,
                           TimestampsToReturn timestamps, ByteString continuation) {
        Aggregate aggregate = aggregateType == null ? null : AGGREGATES.get(aggregateType);
        if (aggregate == null || !(variable.equals("Value") || variable.equals("Confidence"))) {
            return ValueHistory.Page.failed(StatusCodes.Bad_AggregateNotSupported);
        }
        if (timestamps == null || timestamps == TimestampsToReturn.Neither) {
            return ValueHistory.Page.failed(StatusCodes.Bad_TimestampsToReturnInvalid);
        }
        Percentages percentages = Percentages.of(details.getAggregateConfiguration());
        if (percentages == null) {
            return ValueHistory.Page.failed(StatusCodes.Bad_AggregateConfigurationRejected);
        }
        Instant start = ValueHistory.instant(details.getStartTime());
        Instant end = ValueHistory.instant(details.getEndTime());
        Double interval = details.getProcessingInterval();
        if (start == null || end == null || !start.isBefore(end) || interval == null || interval.isNaN()
                || interval < 0) {
            return ValueHistory.Page.failed(start != null && end != null && start.isAfter(end)
                    ? StatusCodes.Bad_HistoryOperationUnsupported : StatusCodes.Bad_HistoryOperationInvalid);
        }
        long span = Duration.between(start, end).toMillis();
        long step = interval == 0 ? span : Math.max(1, interval.longValue());
        long first = 0;
        if (continuation != null && continuation.isNotNull() && continuation.length() > 0) {
            long at = next(continuation);
            if (at <= 0 || at >= span || at % step != 0) {
                return ValueHistory.Page.failed(StatusCodes.Bad_ContinuationPointInvalid);
            }
            first = at / step;
        }
        long total = (span + step - 1) / step;
        int count = (int) Math.min(ValueHistory.PAGE, total - first);
        Interval[] intervals = new Interval[count];
        for (int i = 0; i < count; i++) {
            intervals[i] = new Interval();
        }
        Instant from = start.plusMillis(first * step);
        Instant to = first + count >= total ? end : start.plusMillis((first + count) * step);
        try {
            gather(meterId, variable, from, to, start, step, first, intervals);
        } catch (RuntimeException e) {
            return ValueHistory.Page.failed(StatusCodes.Bad_ResourceUnavailable);
        }
        List<DataValue> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Instant at = start.plusMillis((first + i) * step);
            boolean partial = first + i == total - 1 && span % step != 0;
            values.add(result(aggregate, intervals[i], at, partial, timestamps, percentages));
        }
        ByteString more = first + count < total ? ByteString.of(encode((first + count) * step)) : null;
        return new ValueHistory.Page(StatusCode.GOOD, values, more);
    }

    /** Every raw reading of [from, to) into its interval, read from the store in batches. */
    private void gather(String meterId, String variable, Instant from, Instant to, Instant start, long step,
                        long first, Interval[] intervals) {
        Instant at = from;
        int skip = 0;
        while (true) {
            List<Reading> rows = store.read(meterId, at, to, BATCH + skip);
            for (Reading r : rows.subList(Math.min(skip, rows.size()), rows.size())) {
                long k = Duration.between(start, r.captureTime()).toMillis() / step - first;
                if (k >= 0 && k < intervals.length) {
                    boolean isGood = !variable.equals("Value") || r.isOk();
                    double value = variable.equals("Value") ? (r.isOk() ? r.value() : 0) : r.confidence();
                    intervals[(int) k].add(r, value, isGood);
                }
            }
            if (rows.size() < BATCH + skip) {
                return;
            }
            // go on after the last reading, past those at its time already counted
            Instant last = rows.get(rows.size() - 1).captureTime();
            int atLast = (int) rows.stream().filter(r -> r.captureTime().equals(last)).count();
            skip = atLast;
            at = last;
        }
    }

    private static DataValue result(Aggregate aggregate, Interval in, Instant intervalStart, boolean partial,
                                    TimestampsToReturn timestamps, Percentages percentages) {
        long bits = CALCULATED | (partial ? PARTIAL : 0);
        long quality = percentages.quality(in.raw, in.good);
        if (aggregate == Aggregate.COUNT) {
            return stamped(new Variant(UInteger.valueOf(in.good)), new StatusCode(quality | bits), intervalStart,
                    timestamps);
        }
        if (in.good == 0) {
            return stamped(Variant.NULL_VALUE, new StatusCode(StatusCodes.Bad_NoData), intervalStart, timestamps);
        }
        if (quality == BAD) {
            return stamped(Variant.NULL_VALUE, new StatusCode(quality | bits), intervalStart, timestamps);
        }
        StatusCode status = new StatusCode(quality | bits);
        return switch (aggregate) {
            case MINIMUM -> stamped(new Variant(in.min), status, intervalStart, timestamps);
            case MAXIMUM -> stamped(new Variant(in.max), status, intervalStart, timestamps);
            case AVERAGE -> stamped(new Variant(in.sum / in.good), status, intervalStart, timestamps);
            case START -> stamped(new Variant(in.first), status, in.firstAt, timestamps);
            case END -> stamped(new Variant(in.last), status, in.lastAt, timestamps);
            case COUNT -> throw new IllegalStateException("counted above");
        };
    }

    private static DataValue stamped(Variant value, StatusCode status, Instant at, TimestampsToReturn timestamps) {
        DateTime t = new DateTime(at);
        return new DataValue(value, status, timestamps == TimestampsToReturn.Server ? null : t,
                timestamps == TimestampsToReturn.Source ? null : t);
    }

    /** A continuation point: the next interval's offset from the start, milliseconds, tagged. */
    private static byte[] encode(long offset) {
        ByteBuffer b = ByteBuffer.allocate(12);
        b.putInt(TAG).putLong(offset);
        return b.array();
    }

    private static long next(ByteString continuation) {
        byte[] raw = continuation.bytesOrEmpty();
        if (raw.length != 12) {
            return -1;
        }
        ByteBuffer b = ByteBuffer.wrap(raw);
        return b.getInt() == TAG ? b.getLong() : -1;
    }
}
