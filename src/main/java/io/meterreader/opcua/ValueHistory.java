package io.meterreader.opcua;

import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingHistory;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadProcessedDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;

/**
 * A meter variable's raw history (OPC UA Part 11, ReadRawModifiedDetails with isReadModified
 * false) from the stored readings: a time range read forwards (start before end) or backwards (start
 * after end, or only an end), the start inclusive and the end exclusive; numValuesPerNode is the
 * size of each page when both ends are given (the rest through continuation points), and the
 * number of values to read from the one time given otherwise; with returnBounds the values at or
 * just outside the range's ends (or Bad_BoundNotFound where there is none). A Value is Good with
 * the value when the reading was OK; without a value, Bad_NoCommunication when its camera was
 * down and Bad_SensorFailure when the gauge could not be read. The other variables (Status, Alarm,
 * Confidence ...) are Good, as they are live. More than a page of values ends with a continuation
 * point: where to go on from, and how many values are still wanted, so that nothing is held on
 * the server between calls.
 */
final class ValueHistory {

    /** The most values one call returns; more come through a continuation point. */
    static final int PAGE = 1_000;
    /** Before and after any reading: a range open at one end. */
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

    private final ReadingHistory store;
    private final ProcessedHistory processed;

    ValueHistory(ReadingHistory store) {
        this.store = store;
        this.processed = new ProcessedHistory(store);
    }

    /** A page of a meter variable's history summed up by an aggregate ({@link ProcessedHistory}). */
    Page processed(String meterId, String variable, ReadProcessedDetails details, NodeId aggregate,
                   TimestampsToReturn timestamps, ByteString continuation) {
        return processed.read(meterId, variable, details, aggregate, timestamps, continuation);
    }

    /** What one node's history read gives: its status, values and continuation point (null for none). */
    record Page(StatusCode status, List<DataValue> values, ByteString continuation) {

        static Page failed(long status) {
            return new Page(new StatusCode(status), List.of(), null);
        }
    }

    /**
     * Where a read goes on from: the time of its last value, how many values at that time it gave,
     * how many are still wanted (0: all).
     */
    private record Cursor(Instant at, int given, long wanted) {

        ByteString encode() {
            ByteBuffer b = ByteBuffer.allocate(8 + 4 + 4 + 8);
            b.putLong(at.getEpochSecond()).putInt(at.getNano()).putInt(given).putLong(wanted);
            return ByteString.of(b.array());
        }

        static Cursor decode(ByteString bytes) {
            byte[] raw = bytes.bytesOrEmpty();
            if (raw.length != 24) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(raw);
            long seconds = b.getLong();
            int nanos = b.getInt();
            int given = b.getInt();
            long wanted = b.getLong();
            if (nanos < 0 || nanos > 999_999_999 || given < 0 || wanted < 0) {
                return null;
            }
            return new Cursor(Instant.ofEpochSecond(seconds, nanos), given, wanted);
        }
    }

    /**
     * A page of a meter variable's history.
     *
     * @param variable one of the meter's variables: Value, Status, Unit, Alarm, Camera, Confidence
     */
    Page read(String meterId, String variable, HistoryReadDetails details, TimestampsToReturn timestamps,
              ByteString continuation) {
        if (!(details instanceof ReadRawModifiedDetails raw) || Boolean.TRUE.equals(raw.getIsReadModified())) {
            return Page.failed(StatusCodes.Bad_HistoryOperationUnsupported);
        }
        if (timestamps == null || timestamps == TimestampsToReturn.Neither) {
            return Page.failed(StatusCodes.Bad_TimestampsToReturnInvalid);
        }
        Instant start = instant(raw.getStartTime());
        Instant end = instant(raw.getEndTime());
        long wanted = raw.getNumValuesPerNode() == null ? 0 : raw.getNumValuesPerNode().longValue();
        if (start == null && end == null || (start == null || end == null) && wanted == 0) {
            // two of start, end and numValuesPerNode (Part 11)
            return Page.failed(StatusCodes.Bad_HistoryOperationInvalid);
        }
        // with both ends, numValuesPerNode is a page's size; from one time, how many to read in all
        boolean pages = start != null && end != null;
        boolean forward = start != null && (end == null || !start.isAfter(end));
        Instant from = start != null ? start : end;
        Instant to = end != null && start != null ? end : forward ? LATEST : EARLIEST;
        boolean bounds = Boolean.TRUE.equals(raw.getReturnBounds());
        Cursor cursor = null;
        if (continuation != null && continuation.isNotNull() && continuation.length() > 0) {
            cursor = Cursor.decode(continuation);
            if (cursor == null) {
                return Page.failed(StatusCodes.Bad_ContinuationPointInvalid);
            }
            from = cursor.at();
            wanted = cursor.wanted();
        }
        // room for the two bounds within a page, so that no answer holds more than PAGE values
        int room = bounds ? PAGE - 2 : PAGE;
        int limit = wanted == 0 ? room : (int) Math.min(wanted, room);
        int skip = cursor == null ? 0 : cursor.given();
        List<Reading> rows;
        List<DataValue> values = new ArrayList<>();
        try {
            rows = store.read(meterId, from, to, limit + skip + 1);
            if (bounds && cursor == null && store.read(meterId, from, from, 1).isEmpty()) {
                // no value at the start: the one beyond it bounds the range
                values.add(bound(meterId, variable, from, forward, timestamps));
            }
        } catch (RuntimeException e) {
            return Page.failed(StatusCodes.Bad_ResourceUnavailable);
        }
        // the values at the cursor's time that the previous page gave
        List<Reading> fresh = rows.subList(Math.min(skip, rows.size()), rows.size());
        List<Reading> page = fresh.subList(0, Math.min(limit, fresh.size()));
        page.forEach(r -> values.add(value(r, variable, timestamps)));
        boolean more = fresh.size() > page.size() && (wanted == 0 || pages || wanted > page.size());
        if (more) {
            Instant last = page.get(page.size() - 1).captureTime();
            int atLast = (int) page.stream().filter(r -> r.captureTime().equals(last)).count();
            if (cursor != null && last.equals(cursor.at())) {
                atLast += cursor.given();
            }
            long stillWanted = wanted == 0 || pages ? wanted : wanted - page.size();
            return new Page(StatusCode.GOOD, values, new Cursor(last, atLast, stillWanted).encode());
        }
        if (bounds && end != null && start != null) {
            try {
                values.add(bound(meterId, variable, to, !forward, timestamps));
            } catch (RuntimeException e) {
                return Page.failed(StatusCodes.Bad_ResourceUnavailable);
            }
        }
        boolean none = values.stream().noneMatch(v -> v.getStatusCode() == null
                || v.getStatusCode().getValue() != StatusCodes.Bad_BoundNotFound);
        return new Page(none ? new StatusCode(StatusCodes.Good_NoData) : StatusCode.GOOD, values, null);
    }

    /**
     * The bounding value at {@code at}: the reading there, or else the nearest on the side away from
     * the range ({@code rangeForward}: before it); Bad_BoundNotFound at that time where there is none.
     */
    private DataValue bound(String meterId, String variable, Instant at, boolean rangeForward,
                            TimestampsToReturn timestamps) {
        List<Reading> found = store.read(meterId, at, rangeForward ? EARLIEST : LATEST, 1);
        if (found.isEmpty()) {
            DateTime t = new DateTime(at);
            return new DataValue(Variant.NULL_VALUE, new StatusCode(StatusCodes.Bad_BoundNotFound),
                    timestamps == TimestampsToReturn.Server ? null : t,
                    timestamps == TimestampsToReturn.Source ? null : t);
        }
        return value(found.get(0), variable, timestamps);
    }

    /**
     * A stored reading as a value of the variable's history, with the timestamps asked for: the
     * value with the quality above, the other variables Good whatever the reading (as live).
     */
    static DataValue value(Reading r, String variable, TimestampsToReturn timestamps) {
        DateTime source = timestamps == TimestampsToReturn.Server ? null : new DateTime(r.captureTime());
        DateTime server = timestamps == TimestampsToReturn.Source ? null : new DateTime(r.readTime());
        if (!variable.equals("Value")) {
            return new DataValue(new Variant(MeterNamespace.field(r, variable)), StatusCode.GOOD, source, server);
        }
        StatusCode quality = r.isOk() ? StatusCode.GOOD : new StatusCode(OpcUaOutput.quality(r));
        Variant value = r.isOk() ? new Variant(r.value()) : Variant.NULL_VALUE;
        return new DataValue(value, quality, source, server);
    }

    /** A time of the request, or null where none is given (DateTime.MinValue). */
    static Instant instant(DateTime t) {
        return t == null || t.isNull() || t.getUtcTime() <= 0 ? null : t.getJavaInstant();
    }
}
