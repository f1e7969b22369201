package io.meterreader.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.meterreader.config.OpcUaProperties;
import io.meterreader.frame.AlarmEvent;
import io.meterreader.frame.AlarmPriority;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.ConditionDisabled;
import io.meterreader.frame.MeterAlarm;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.frame.Via;
import io.meterreader.pipeline.AlarmList;
import io.meterreader.testing.FreePorts;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.api.subscriptions.UaSubscription;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.Identifiers;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MonitoringMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseResult;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.ContentFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.EventFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.MonitoredItemCreateRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.MonitoringParameters;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.SimpleAttributeOperand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A meter going beyond an alarm limit and back: events a client subscribed to the Server object
 * is told, and the meter's LimitAlarm condition as a SCADA's alarm list works it (Part 9).
 */
class OpcUaAlarmEventTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:30:00Z");

    @TempDir
    Path pki;

    private static SimpleAttributeOperand field(String name) {
        return new SimpleAttributeOperand(Identifiers.BaseEventType, new QualifiedName[] {new QualifiedName(0, name)},
                AttributeId.Value.uid(), null);
    }

    /** An OPC UA server on a free port, anonymous clients welcome, started. */
    private OpcUaOutput startedServer() throws Exception {
        OpcUaOutput server = new OpcUaOutput(new OpcUaProperties(FreePorts.next(), "127.0.0.1", "127.0.0.1",
                "/meter-reader", null, null, true, pki, null));
        server.start();
        return server;
    }

    /**
     * A server, started, that the personal accounts log in to (access-users): ann, an operator whose
     * password "ann-5-secret" is stored hashed, and ron, a viewer ("r0n-looks").
     */
    private OpcUaOutput personalAccountsServer() throws Exception {
        List<io.meterreader.config.AccessProperties.Account> accounts = List.of(
                new io.meterreader.config.AccessProperties.Account("ann",
                        io.meterreader.config.Passwords.hash("ann-5-secret".toCharArray()), null),
                new io.meterreader.config.AccessProperties.Account("ron", "r0n-looks",
                        io.meterreader.config.AccessProperties.Role.VIEWER));
        OpcUaOutput server = new OpcUaOutput(new OpcUaProperties(FreePorts.next(), "127.0.0.1", "127.0.0.1",
                "/meter-reader", null, null, true, pki, null, /* accessUsers= */ true), accounts);
        server.start();
        return server;
    }

    /** The alarm list wired to the server as the service wires it: the server shows it, and acknowledges on it. */
    private static AlarmList alarmListOf(OpcUaOutput server) {
        return alarmListOf(server, AlarmPriority.HIGH);
    }

    /** As {@link #alarmListOf(OpcUaOutput)}, every meter's alarms of this priority. */
    private static AlarmList alarmListOf(OpcUaOutput server, AlarmPriority priority) {
        return wired(server, new AlarmList(Clock.systemUTC(), meter -> priority));
    }

    /** {@code alarms} wired to the server as the service wires it. */
    private static AlarmList wired(OpcUaOutput server, AlarmList alarms) {
        alarms.addListener(server::alarm);
        alarms.addServiceListener(server::outOfService);
        server.operateWith(alarms.via(Via.OPC_UA));
        return alarms;
    }

    private static Reading reading(double value, AlarmState alarm, int second) {
        return Reading.ok("boiler", "cam1", value, "bar", value / 16, 0.9, alarm, T0.plusSeconds(second),
                T0.plusSeconds(second).plusMillis(80));
    }

    @Test
    void aMeterInAlarmTakenOutOfService_saysSoWithItsQualityBad_backInServiceItsNewAlarmIsGood_andRemovedItGoes()
            throws Exception {
        try (OpcUaOutput server = startedServer()) {
            AlarmList alarms = alarmListOf(server);
            Consumer<Reading> outputs = alarms.andThen(server);
            server.describe("boiler", 0, 16, "bar", null, 12.0);
            OpcUaClient client = OpcUaClients.connect(server.endpoint(), null, null);
            try {
                List<Variant[]> events = new CopyOnWriteArrayList<>();
                subscribe(client, events);
                outputs.accept(reading(13.5, AlarmState.HIGH, 1));
                await(events, 1);
                events.clear();

                alarms.via(Via.HTTP).takeOutOfService("boiler", "ann", "sent for calibration");
                await(events, 2);
                Variant[] leaving = events.get(events.size() - 1);
                assertThat(((LocalizedText) leaving[MESSAGE].getValue()).getText())
                        .isEqualTo("boiler taken out of service: its HIGH alarm leaves the list");
                assertThat(leaving[ACTIVE].getValue()).isEqualTo(false);
                assertThat(leaving[RETAIN].getValue()).isEqualTo(false);
                assertThat(((StatusCode) leaving[QUALITY].getValue()).getValue()).as("not a good 'back to normal'")
                        .isEqualTo(StatusCodes.Bad_OutOfService);
                assertThat(events).noneMatch(e -> ((LocalizedText) e[MESSAGE].getValue()).getText()
                        .contains("back to normal"));

                events.clear();
                alarms.via(Via.HTTP).putBackInService("boiler", "ann");
                outputs.accept(reading(13.6, AlarmState.HIGH, 5));
                await(events, 1);
                assertThat(events.get(0)[ACTIVE].getValue()).isEqualTo(true);
                assertThat(events.get(0)[QUALITY].getValue()).as("raised by an OK reading").isEqualTo(StatusCode.GOOD);

                events.clear();
                server.forget("boiler");
                await(events, 1);
                assertThat(events).as("a retained condition is told gone").hasSize(1);
                assertThat(((LocalizedText) events.get(0)[MESSAGE].getValue()).getText())
                        .isEqualTo("boiler removed from the calibration: its HIGH alarm leaves the list");
                assertThat(events.get(0)[RETAIN].getValue()).isEqualTo(false);
                assertThat(events.get(0)[ACTIVE].getValue()).isEqualTo(false);
            } finally {
                client.disconnect().get();
            }
        }
    }

    @Test
    void aMeterBeyondItsLimitAndBack_isAnEventEachWay_andAFailedReadingIsNeither() throws Exception {
        try (OpcUaOutput server = startedServer()) {
            AlarmList alarms = alarmListOf(server, AlarmPriority.CRITICAL);
            Consumer<Reading> outputs = alarms.andThen(server);
            OpcUaClient client = OpcUaClients.connect(server.endpoint(), null, null);
            try {
                List<Variant[]> events = new CopyOnWriteArrayList<>();
                // only BaseEventType's fields, as a plain event log selects them
                subscribe(client, events, field("SourceName"), field("Message"), field("Severity"), field("Time"),
                        field("SourceNode"));

                outputs.accept(reading(8.0, AlarmState.NONE, 1));
                outputs.accept(reading(13.5, AlarmState.HIGH, 2));
                outputs.accept(reading(13.9, AlarmState.HIGH, 3));
                outputs.accept(Reading.failed("boiler", "cam1", ReadingStatus.POINTER_NOT_FOUND, "bar", 0.1,
                        T0.plusSeconds(4), T0.plusSeconds(4)));
                outputs.accept(reading(14.0, AlarmState.HIGH, 5));
                outputs.accept(reading(9.0, AlarmState.NONE, 6));

                await(events, 2);
                assertThat(events).as("into HIGH and back; a failed reading neither clears nor raises").hasSize(2);
                Variant[] high = events.get(0);
                assertThat(high[0].getValue()).isEqualTo("boiler");
                assertThat(((LocalizedText) high[1].getValue()).getText()).isEqualTo("boiler HIGH: 13.5 bar");
                assertThat(((UShort) high[2].getValue()).intValue()).as("a critical alarm's severity").isEqualTo(900);
                assertThat(((DateTime) high[3].getValue()).getJavaInstant()).isEqualTo(T0.plusSeconds(2));
                assertThat(high[4].getValue()).isEqualTo(OpcUaClients.node(client, "meters/boiler/Value"));
                Variant[] back = events.get(1);
                assertThat(((LocalizedText) back[1].getValue()).getText()).isEqualTo("boiler back to normal: 9 bar");
                assertThat(((UShort) back[2].getValue()).intValue()).isEqualTo(300);
            } finally {
                client.disconnect().get();
            }
        }
    }

    /** A select clause: a field of an event type, by its browse path. */
    private static SimpleAttributeOperand field(NodeId type, String... path) {
        QualifiedName[] names = new QualifiedName[path.length];
        for (int i = 0; i < path.length; i++) {
            names[i] = new QualifiedName(0, path[i]);
        }
        return new SimpleAttributeOperand(type, names, AttributeId.Value.uid(), null);
    }

    /** The fields a SCADA's alarm list selects, in this order (see {@link #subscribe}). */
    private static final int EVENT_ID = 0;
    private static final int EVENT_TYPE = 1;
    private static final int MESSAGE = 2;
    private static final int CONDITION = 3;
    private static final int ACTIVE = 4;
    private static final int ACKED = 5;
    private static final int RETAIN = 6;
    private static final int LIMIT = 7;
    private static final int HIGH_LIMIT = 8;
    private static final int COMMENT = 9;
    private static final int ENABLED = 10;
    private static final int QUALITY = 11;
    private static final int SHELVING = 12;
    private static final int SHELVED = 13;
    private static final int CLIENT_USER = 14;

    /** A subscription to the Server object's events: its id and its one item's. */
    private record Subscribed(UInteger subscription, UInteger item) {
    }

    /** Subscribes to the Server object's events with the fields a SCADA's alarm list selects. */
    private static Subscribed subscribe(OpcUaClient client, List<Variant[]> events) throws Exception {
        return subscribe(client, events,
                field(Identifiers.BaseEventType, "EventId"),
                field(Identifiers.BaseEventType, "EventType"),
                field(Identifiers.BaseEventType, "Message"),
                new SimpleAttributeOperand(Identifiers.ConditionType, new QualifiedName[0], AttributeId.NodeId.uid(),
                        null),
                field(Identifiers.AlarmConditionType, "ActiveState", "Id"),
                field(Identifiers.AcknowledgeableConditionType, "AckedState", "Id"),
                field(Identifiers.ConditionType, "Retain"),
                field(Identifiers.ExclusiveLimitAlarmType, "LimitState", "CurrentState"),
                field(Identifiers.LimitAlarmType, "HighLimit"),
                field(Identifiers.ConditionType, "Comment"),
                field(Identifiers.ConditionType, "EnabledState", "Id"),
                field(Identifiers.ConditionType, "Quality"),
                field(Identifiers.AlarmConditionType, "ShelvingState", "CurrentState"),
                field(Identifiers.AlarmConditionType, "SuppressedOrShelved"),
                field(Identifiers.ConditionType, "ClientUserId"));
    }

    /** Subscribes to the Server object's events with these fields, each event's told into {@code events}. */
    private static Subscribed subscribe(OpcUaClient client, List<Variant[]> events, SimpleAttributeOperand... fields)
            throws Exception {
        return subscribe(client, Identifiers.Server, events, fields);
    }

    /** As {@link #subscribe(OpcUaClient, List, SimpleAttributeOperand...)}, to the events of another notifier. */
    private static Subscribed subscribe(OpcUaClient client, NodeId notifier, List<Variant[]> events,
                                        SimpleAttributeOperand... fields) throws Exception {
        UaSubscription subscription = client.getSubscriptionManager().createSubscription(50.0).get();
        EventFilter filter = new EventFilter(fields, new ContentFilter(null));
        MonitoredItemCreateRequest request = new MonitoredItemCreateRequest(
                new ReadValueId(notifier, AttributeId.EventNotifier.uid(), null, QualifiedName.NULL_VALUE),
                MonitoringMode.Reporting, new MonitoringParameters(uint(1), 0.0,
                ExtensionObject.encode(client.getStaticSerializationContext(), filter), uint(100), true));
        var items = subscription.createMonitoredItems(TimestampsToReturn.Both, List.of(request),
                (item, i) -> item.setEventConsumer((it, values) -> events.add(values))).get(10, TimeUnit.SECONDS);
        return new Subscribed(subscription.getSubscriptionId(), items.get(0).getMonitoredItemId());
    }

    /** Waits until {@code events} holds {@code n}, then a little longer for any that should not come. */
    private static void await(List<Variant[]> events, int n) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (events.size() < n && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        Thread.sleep(300);
    }

    private static StatusCode call(OpcUaClient client, NodeId object, NodeId method, Object... arguments)
            throws Exception {
        Variant[] in = new Variant[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            in[i] = new Variant(arguments[i]);
        }
        return client.call(new CallMethodRequest(object, method, in)).get(10, TimeUnit.SECONDS).getStatusCode();
    }

    private static StatusCode acknowledge(OpcUaClient client, NodeId condition, Variant[] event, String comment)
            throws Exception {
        return call(client, condition, Identifiers.AcknowledgeableConditionType_Acknowledge, event[EVENT_ID].getValue(),
                LocalizedText.english(comment));
    }

    @Test
    void aMetersLimitAlarm_isActiveUntilCleared_andRetainedUntilAcknowledged_andConditionRefreshListsIt()
            throws Exception {
        try (OpcUaOutput server = startedServer()) {
            AlarmList alarms = alarmListOf(server);
            List<AlarmEvent> journal = new CopyOnWriteArrayList<>();
            alarms.addJournal(journal::add);
            Consumer<Reading> outputs = alarms.andThen(server);
            server.describe("boiler", 0, 16, "bar", null, 12.0);
            server.describe("tank", 0, 100, "%", null, null);
            OpcUaClient operator = OpcUaClients.connect(server.endpoint(), null, null);
            OpcUaClient other = OpcUaClients.connect(server.endpoint(), null, null);
            try {
                NodeId condition = OpcUaClients.node(operator, "meters/boiler/LimitAlarm");
                assertThat(OpcUaClients.read(operator, "meters/tank/LimitAlarm/0:HighLimit").getStatusCode()
                        .getValue()).as("a meter without limits has no condition").isEqualTo(StatusCodes.Bad_NodeIdUnknown);
                assertThat(OpcUaClients.read(operator, "meters/boiler/LimitAlarm/0:HighLimit").getValue().getValue())
                        .isEqualTo(12.0);
                List<Variant[]> events = new CopyOnWriteArrayList<>();
                subscribe(operator, events);

                outputs.accept(reading(8.0, AlarmState.NONE, 1));
                outputs.accept(reading(13.5, AlarmState.HIGH, 2));
                await(events, 1);
                assertThat(events).hasSize(1);
                Variant[] high = events.get(0);
                assertThat(high[EVENT_TYPE].getValue()).isEqualTo(Identifiers.ExclusiveLimitAlarmType);
                assertThat(high[CONDITION].getValue()).isEqualTo(condition);
                assertThat(high[ACTIVE].getValue()).isEqualTo(true);
                assertThat(high[ACKED].getValue()).isEqualTo(false);
                assertThat(high[RETAIN].getValue()).isEqualTo(true);
                assertThat(((LocalizedText) high[LIMIT].getValue()).getText()).isEqualTo("High");
                assertThat(high[HIGH_LIMIT].getValue()).isEqualTo(12.0);

                assertThat(acknowledge(operator, condition, new Variant[] {new Variant(ByteString.of(new byte[16]))},
                        "?").getValue()).as("an unknown EventId").isEqualTo(StatusCodes.Bad_EventIdUnknown);
                outputs.accept(reading(9.0, AlarmState.NONE, 3));
                await(events, 2);
                Variant[] cleared = events.get(1);
                assertThat(((LocalizedText) cleared[MESSAGE].getValue()).getText())
                        .isEqualTo("boiler back to normal: 9 bar");
                assertThat(cleared[ACTIVE].getValue()).isEqualTo(false);
                assertThat(cleared[ACKED].getValue()).isEqualTo(false);
                assertThat(cleared[RETAIN].getValue()).as("cleared, but no one has acknowledged it").isEqualTo(true);
                assertThat(acknowledge(operator, condition, high, "late").getValue())
                        .as("an EventId no longer the latest").isEqualTo(StatusCodes.Bad_EventIdUnknown);

                // a comment with a control character is refused, as on every other edge: a NUL held
                // every meter's alarm writes behind it on PostgreSQL
                assertThat(acknowledge(operator, condition, cleared, "seen\u0000").getValue())
                        .isEqualTo(StatusCodes.Bad_InvalidArgument);
                assertThat(alarms.get("boiler").orElseThrow().acknowledged()).isFalse();
                // a comment is kept to its first 1000 characters, as on every other edge
                String report = "gauge checked " + "x".repeat(1200);
                assertThat(acknowledge(operator, condition, cleared, report).isGood()).isTrue();
                await(events, 3);
                Variant[] acked = events.get(2);
                assertThat(acked[ACKED].getValue()).isEqualTo(true);
                assertThat(acked[RETAIN].getValue()).isEqualTo(false);
                assertThat(((LocalizedText) acked[COMMENT].getValue()).getText()).isEqualTo(report.substring(0, 1000));
                assertThat(alarms.get("boiler").orElseThrow()).as("the service's alarm list took it")
                        .extracting(MeterAlarm::acknowledged, MeterAlarm::comment)
                        .containsExactly(true, report.substring(0, 1000));
                assertThat(acknowledge(operator, condition, acked, "again").getValue())
                        .isEqualTo(StatusCodes.Bad_ConditionBranchAlreadyAcked);

                outputs.accept(reading(14.0, AlarmState.HIGH, 4));
                await(events, 4);
                assertThat(events).hasSize(4);
                assertThat(events.get(3)[ACTIVE].getValue()).isEqualTo(true);
                Object comment = events.get(3)[COMMENT].getValue();
                assertThat(comment == null ? null : ((LocalizedText) comment).getText())
                        .as("a new alarm: the last one's comment is not its own").isNullOrEmpty();

                // a SCADA connecting now fills its alarm list: only its own subscription is told
                List<Variant[]> refreshed = new CopyOnWriteArrayList<>();
                Subscribed subscribed = subscribe(other, refreshed);
                assertThat(call(other, Identifiers.ConditionType, Identifiers.ConditionType_ConditionRefresh,
                        subscribed.subscription())).isEqualTo(StatusCode.GOOD);
                await(refreshed, 3);
                assertThat(refreshed).extracting(e -> e[EVENT_TYPE].getValue()).containsExactly(
                        Identifiers.RefreshStartEventType, Identifiers.ExclusiveLimitAlarmType,
                        Identifiers.RefreshEndEventType);
                assertThat(refreshed.get(1)[CONDITION].getValue()).isEqualTo(condition);
                assertThat(refreshed.get(1)[ACTIVE].getValue()).isEqualTo(true);
                assertThat(events).as("the operator's subscription was not refreshed").hasSize(4);
                assertThat(call(other, Identifiers.ConditionType, Identifiers.ConditionType_ConditionRefresh,
                        uint(999_999)).getValue()).isEqualTo(StatusCodes.Bad_SubscriptionIdInvalid);
                // ConditionRefresh2: one item of the subscription
                assertThat(call(other, Identifiers.ConditionType, Identifiers.ConditionType_ConditionRefresh2,
                        subscribed.subscription(), subscribed.item())).isEqualTo(StatusCode.GOOD);
                await(refreshed, 6);
                assertThat(refreshed).hasSize(6);
                assertThat(call(other, Identifiers.ConditionType, Identifiers.ConditionType_ConditionRefresh2,
                        subscribed.subscription(), uint(999_999)).getValue())
                        .isEqualTo(StatusCodes.Bad_MonitoredItemIdInvalid);

                // disabled, it follows the meter without a word, and tells where it stands when enabled
                assertThat(call(operator, condition, Identifiers.ConditionType_Disable).isGood()).isTrue();
                await(events, 5);
                assertThat(events.get(4)[ENABLED].getValue()).isEqualTo(false);
                assertThat(events.get(4)[RETAIN].getValue()).isEqualTo(false);
                outputs.accept(reading(9.5, AlarmState.NONE, 5));
                assertThat(call(operator, condition, Identifiers.ConditionType_Disable).getValue())
                        .isEqualTo(StatusCodes.Bad_ConditionAlreadyDisabled);
                assertThat(call(operator, condition, Identifiers.ConditionType_Enable).isGood()).isTrue();
                await(events, 6);
                assertThat(events).hasSize(6);
                Variant[] enabled = events.get(5);
                assertThat(enabled[ENABLED].getValue()).isEqualTo(true);
                assertThat(enabled[ACTIVE].getValue()).isEqualTo(false);
                assertThat(enabled[ACKED].getValue()).isEqualTo(false);
                assertThat(enabled[RETAIN].getValue()).isEqualTo(true);
                assertThat(journal).extracting(AlarmEvent::kind).as("both in the alarm journal, the refused one not")
                        .containsSubsequence(AlarmEvent.Kind.DISABLED, AlarmEvent.Kind.ENABLED)
                        .filteredOn(k -> k == AlarmEvent.Kind.DISABLED).hasSize(1);
                assertThat(journal).filteredOn(e -> e.kind() == AlarmEvent.Kind.DISABLED)
                        .extracting(AlarmEvent::via).containsExactly(Via.OPC_UA);

                // acknowledged on the service's own API: the condition says so too
                alarms.via(Via.HTTP).acknowledge("boiler", "shift-lead", "from the dashboard");
                await(events, 7);
                Variant[] onApi = events.get(6);
                assertThat(onApi[ACKED].getValue()).isEqualTo(true);
                assertThat(onApi[RETAIN].getValue()).isEqualTo(false);
                assertThat(((LocalizedText) onApi[COMMENT].getValue()).getText()).isEqualTo("from the dashboard");
                assertThat(onApi[CLIENT_USER].getValue()).isEqualTo("shift-lead");
                assertThat(alarms.listed()).isEmpty();
                // raised again: a new alarm, neither shift-lead's name nor comment on it
                outputs.accept(reading(14.5, AlarmState.HIGH, 6));
                await(events, 8);
                Variant[] again = events.get(7);
                assertThat(again[ACTIVE].getValue()).isEqualTo(true);
                assertThat(again[CLIENT_USER].getValue()).isIn(null, "");
                Object againComment = again[COMMENT].getValue();
                assertThat(againComment == null ? null : ((LocalizedText) againComment).getText()).isNullOrEmpty();

                server.forget("boiler");
                assertThat(OpcUaClients.read(operator, "meters/boiler/LimitAlarm/0:HighLimit").getStatusCode()
                        .getValue()).as("the meter's condition goes with it").isEqualTo(StatusCodes.Bad_NodeIdUnknown);
            } finally {
                other.disconnect().get();
                operator.disconnect().get();
            }
        }
    }

    @Test
    void aCameraDown_makesTheConditionsQualityBad_andItsNextOkReadingGood_otherFailuresNeither() throws Exception {
        try (OpcUaOutput server = startedServer()) {
            AlarmList alarms = alarmListOf(server);
            Consumer<Reading> outputs = alarms.andThen(server);
            server.describe("boiler", 0, 16, "bar", null, 12.0);
            OpcUaClient client = OpcUaClients.connect(server.endpoint(), null, null);
            try {
                List<Variant[]> events = new CopyOnWriteArrayList<>();
                subscribe(client, events);
                outputs.accept(reading(13.5, AlarmState.HIGH, 1));
                outputs.accept(Reading.failed("boiler", "cam1", ReadingStatus.CAMERA_DOWN, "bar", 0, T0.plusSeconds(2),
                        T0.plusSeconds(2)));
                outputs.accept(Reading.failed("boiler", "cam1", ReadingStatus.CAMERA_DOWN, "bar", 0, T0.plusSeconds(3),
                        T0.plusSeconds(3)));
                outputs.accept(Reading.failed("boiler", "cam1", ReadingStatus.POINTER_NOT_FOUND, "bar", 0,
                        T0.plusSeconds(4), T0.plusSeconds(4)));
                outputs.accept(reading(13.6, AlarmState.HIGH, 5));
                await(events, 3);
                assertThat(events).hasSize(3);
                assertThat(events).extracting(e -> ((StatusCode) e[QUALITY].getValue()).getValue()).containsExactly(
                        0L, StatusCodes.Bad_NoCommunication, 0L);
                assertThat(events.get(1)[ACTIVE].getValue()).as("still active while the camera is down").isEqualTo(true);
            } finally {
                client.disconnect().get();
            }
        }
    }

    @Test
    void thePlantsLongestShelf_isMaxTimeShelved_andALongerTimedShelveIsOutOfRange() throws Exception {
        try (OpcUaOutput server = startedServer()) {
            server.describe("boiler", 0, 16, "bar", null, 12.0);
            AlarmList alarms = wired(server, new AlarmList(Clock.systemUTC(), meter -> AlarmPriority.HIGH,
                    Duration.ofHours(8)));
            Consumer<Reading> outputs = alarms.andThen(server);
            OpcUaClient client = OpcUaClients.connect(server.endpoint(), null, null);
            try {
                assertThat(OpcUaClients.read(client, "meters/boiler/LimitAlarm/0:MaxTimeShelved").getValue()
                        .getValue()).as("a condition made before the list was known, too").isEqualTo(28_800_000.0);
                outputs.accept(reading(13.5, AlarmState.HIGH, 1));
                NodeId shelving = OpcUaClients.node(client, "meters/boiler/LimitAlarm/0:ShelvingState");
                assertThat(call(client, shelving, Identifiers.ShelvedStateMachineType_TimedShelve, 9 * 3_600_000.0)
                        .getValue()).isEqualTo(StatusCodes.Bad_ShelvingTimeOutOfRange);
                assertThat(call(client, shelving, Identifiers.ShelvedStateMachineType_TimedShelve, 7 * 3_600_000.0)
                        .isGood()).isTrue();
            } finally {
                client.disconnect().get();
            }
        }
    }

    @Test
    void aConditionDisabledBeforeARestart_isMadeDisabled_andSaysNothingUntilEnabled() throws Exception {
        try (OpcUaOutput server = startedServer()) {
            server.describe("pump", 0, 16, "bar", null, 12.0);   // made before the list was known
            AlarmList before = new AlarmList(Clock.systemUTC());
            before.restoreDisabledConditions(Map.of("boiler", new ConditionDisabled(T0, "CN=scada-1"),
                    "pump", new ConditionDisabled(T0, "CN=scada-1")));
            AlarmList alarms = wired(server, before);
            Consumer<Reading> outputs = alarms.andThen(server);
            server.describe("boiler", 0, 16, "bar", null, 12.0);
            OpcUaClient client = OpcUaClients.connect(server.endpoint(), null, null);
            try {
                for (String meter : List.of("boiler", "pump")) {
                    assertThat(call(client, OpcUaClients.node(client, "meters/" + meter + "/LimitAlarm"),
                            Identifiers.ConditionType_Disable).getValue()).as(meter)
                            .isEqualTo(StatusCodes.Bad_ConditionAlreadyDisabled);
                }
                List<Variant[]> events = new CopyOnWriteArrayList<>();
                subscribe(client, events);
                outputs.accept(reading(13.5, AlarmState.HIGH, 1));
                assertThat(alarms.get("boiler")).as("on the list all the same").isPresent();
                NodeId condition = OpcUaClients.node(client, "meters/boiler/LimitAlarm");
                assertThat(call(client, condition, Identifiers.ConditionType_Enable).isGood()).isTrue();
                await(events, 1);
                assertThat(events).as("nothing while disabled; enabled, where it stands").hasSize(1);
                assertThat(events.get(0)[ENABLED].getValue()).isEqualTo(true);
                assertThat(events.get(0)[ACTIVE].getValue()).isEqualTo(true);
                assertThat(alarms.conditionDisabled("boiler")).isFalse();
                assertThat(alarms.conditionDisabled("pump")).isTrue();
            } finally {
                client.disconnect().get();
            }
        }
    }

    @Test
    void aConditionDisabledBeforeARestart_readBackLate_isDisabled_andClientsAreToldOnce() throws Exception {
        try (OpcUaOutput server = startedServer()) {
            AlarmList alarms = wired(server, new AlarmList(Clock.systemUTC()));
            server.describe("boiler", 0, 16, "bar", null, 12.0);
            server.describe("pump", 0, 16, "bar", null, 12.0);
            OpcUaClient client = OpcUaClients.connect(server.endpoint(), null, null);
            try {
                List<Variant[]> events = new CopyOnWriteArrayList<>();
                subscribe(client, events);
                // the database came: the boiler's condition was disabled when the service stopped
                alarms.resumeDisabledConditions(Map.of("boiler", new ConditionDisabled(T0, "CN=scada-1")));
                server.conditionsDisabledLate();
                server.conditionsDisabledLate();   // told once only

                await(events, 1);
                assertThat(events).hasSize(1);
                assertThat(events.get(0)[ENABLED].getValue()).isEqualTo(false);
                assertThat(call(client, OpcUaClients.node(client, "meters/boiler/LimitAlarm"),
                        Identifiers.ConditionType_Disable).getValue()).isEqualTo(StatusCodes.Bad_ConditionAlreadyDisabled);
                assertThat(call(client, OpcUaClients.node(client, "meters/pump/LimitAlarm"),
                        Identifiers.ConditionType_Disable).isGood()).as("the pump's was not disabled").isTrue();
            } finally {
                client.disconnect().get();
            }
        }
    }

    @Test
    void personalAccounts_logIn_anOperatorActsUnderItsName_andAViewerOnlyReads() throws Exception {
        try (OpcUaOutput server = personalAccountsServer()) {
            assertThat(server.needsLogIn()).isTrue();
            AlarmList alarms = alarmListOf(server);
            List<AlarmEvent> journal = new CopyOnWriteArrayList<>();
            alarms.addJournal(journal::add);
            Consumer<Reading> outputs = alarms.andThen(server);
            server.describe("boiler", 0, 16, "bar", null, 12.0);
            assertThatThrownBy(() -> OpcUaClients.connect(server.endpoint(), null, null))
                    .as("no anonymous clients").isInstanceOf(Exception.class);
            assertThatThrownBy(() -> OpcUaClients.connect(server.endpoint(), "ann", "wrong"))
                    .hasStackTraceContaining("Bad_UserAccessDenied");
            OpcUaClient ann = OpcUaClients.connect(server.endpoint(), "ann", "ann-5-secret");
            OpcUaClient ron = OpcUaClients.connect(server.endpoint(), "ron", "r0n-looks");
            try {
                NodeId condition = OpcUaClients.node(ann, "meters/boiler/LimitAlarm");
                List<Variant[]> events = new CopyOnWriteArrayList<>();
                subscribe(ron, events);
                outputs.accept(reading(13.5, AlarmState.HIGH, 1));
                await(events, 1);
                assertThat(acknowledge(ron, condition, events.get(0), "seen").getValue())
                        .isEqualTo(StatusCodes.Bad_UserAccessDenied);
                assertThat(call(ron, condition, Identifiers.ConditionType_Disable).getValue())
                        .isEqualTo(StatusCodes.Bad_UserAccessDenied);
                assertThat(alarms.get("boiler").orElseThrow().acknowledged()).isFalse();
                assertThat(acknowledge(ann, condition, events.get(0), "relief valve checked").isGood()).isTrue();
                assertThat(alarms.get("boiler").orElseThrow().acknowledgedBy()).isEqualTo("ann");
                assertThat(journal).last().extracting(AlarmEvent::kind, AlarmEvent::user)
                        .containsExactly(AlarmEvent.Kind.ACKNOWLEDGED, "ann");
            } finally {
                ann.disconnect().get();
                ron.disconnect().get();
            }
        }
    }

    @Test
    void anAnonymousClient_onlyReads_whileTheServiceAsksHttpClientsToLogIn() throws Exception {
        // meter-reader.access set, OPC UA without a log-in of its own: an anonymous client had an operator's powers
        try (OpcUaOutput server = new OpcUaOutput(new OpcUaProperties(FreePorts.next(), "127.0.0.1", "127.0.0.1",
                "/meter-reader", null, null, true, pki, null), List.of(), /* httpLocked= */ true)) {
            server.start();
            AlarmList alarms = alarmListOf(server);
            server.serviceWith(alarms.via(Via.OPC_UA));
            server.describe("boiler", 0, 16, "bar", null, 12.0);
            OpcUaClient anonymous = OpcUaClients.connect(server.endpoint(), null, null);
            try {
                List<Variant[]> events = new CopyOnWriteArrayList<>();
                subscribe(anonymous, events);
                alarms.andThen(server).accept(reading(13.5, AlarmState.HIGH, 1));
                await(events, 1);
                NodeId condition = OpcUaClients.node(anonymous, "meters/boiler/LimitAlarm");
                assertThat(acknowledge(anonymous, condition, events.get(0), "seen").getValue())
                        .isEqualTo(StatusCodes.Bad_UserAccessDenied);
                assertThat(call(anonymous, condition, Identifiers.ConditionType_Disable).getValue())
                        .isEqualTo(StatusCodes.Bad_UserAccessDenied);
                assertThat(call(anonymous, OpcUaClients.node(anonymous, "meters/boiler"),
                        OpcUaClients.node(anonymous, "meters/boiler/TakeOutOfService"), "no one").getValue())
                        .isEqualTo(StatusCodes.Bad_UserAccessDenied);
                assertThat(alarms.get("boiler").orElseThrow().acknowledged()).isFalse();
                assertThat(alarms.isOutOfService("boiler")).isFalse();
                assertThat(OpcUaClients.read(anonymous, "meters/boiler/Value").getValue().getValue()).as("it reads")
                        .isEqualTo(13.5);
            } finally {
                anonymous.disconnect().get();
            }
        }
    }

    @Test
    void aMetersTakeOutOfServiceAndPutBackInService_actUnderTheCallersName_aViewerOnlyReads() throws Exception {
        try (OpcUaOutput server = personalAccountsServer()) {
            AlarmList alarms = alarmListOf(server);
            server.serviceWith(alarms.via(Via.OPC_UA));
            List<AlarmEvent> journal = new CopyOnWriteArrayList<>();
            alarms.addJournal(journal::add);
            server.describe("boiler", 0, 16, "bar", null, 12.0);
            alarms.andThen(server).accept(reading(13.5, AlarmState.HIGH, 1));
            OpcUaClient ann = OpcUaClients.connect(server.endpoint(), "ann", "ann-5-secret");
            OpcUaClient ron = OpcUaClients.connect(server.endpoint(), "ron", "r0n-looks");
            try {
                NodeId boiler = OpcUaClients.node(ann, "meters/boiler");
                NodeId takeOut = OpcUaClients.node(ann, "meters/boiler/TakeOutOfService");
                NodeId putBack = OpcUaClients.node(ann, "meters/boiler/PutBackInService");
                assertThat(call(ron, boiler, takeOut, "I only look").getValue())
                        .isEqualTo(StatusCodes.Bad_UserAccessDenied);
                assertThat(alarms.isOutOfService("boiler")).isFalse();
                assertThat(call(ann, boiler, takeOut).getValue()).as("the reason missing")
                        .isEqualTo(StatusCodes.Bad_ArgumentsMissing);

                assertThat(call(ann, boiler, takeOut, "gauge sent for calibration").isGood()).isTrue();
                assertThat(alarms.outOfService("boiler").orElseThrow()).extracting(
                        io.meterreader.frame.OutOfService::user, io.meterreader.frame.OutOfService::reason)
                        .containsExactly("ann", "gauge sent for calibration");
                assertThat(alarms.get("boiler")).as("its alarm off the list").isEmpty();
                assertThat(call(ann, boiler, takeOut, "again").getValue()).isEqualTo(StatusCodes.Bad_InvalidState);

                assertThat(call(ron, boiler, putBack).getValue()).isEqualTo(StatusCodes.Bad_UserAccessDenied);
                assertThat(call(ann, boiler, putBack).isGood()).isTrue();
                assertThat(alarms.isOutOfService("boiler")).isFalse();
                assertThat(call(ann, boiler, putBack).getValue()).isEqualTo(StatusCodes.Bad_InvalidState);
                // a null Reason is none, and a long one is cut as the API's and MQTT's are
                assertThat(call(ann, boiler, takeOut, new Object[] {null}).isGood()).isTrue();
                assertThat(alarms.outOfService("boiler").orElseThrow().reason()).isEmpty();
                assertThat(call(ann, boiler, putBack).isGood()).isTrue();
                assertThat(call(ann, boiler, takeOut, "x".repeat(5000)).isGood()).isTrue();
                assertThat(alarms.outOfService("boiler").orElseThrow().reason()).hasSize(1000);
                assertThat(call(ann, boiler, putBack).isGood()).isTrue();
                assertThat(journal).extracting(AlarmEvent::kind, AlarmEvent::user, AlarmEvent::via).contains(
                        org.assertj.core.groups.Tuple.tuple(AlarmEvent.Kind.OUT_OF_SERVICE, "ann", Via.OPC_UA),
                        org.assertj.core.groups.Tuple.tuple(AlarmEvent.Kind.BACK_IN_SERVICE, "ann", Via.OPC_UA));

                // a meter no longer calibrated takes its methods with it
                server.forget("boiler");
                assertThat(call(ann, boiler, takeOut, "gone").isGood()).isFalse();
                assertThat(alarms.isOutOfService("boiler")).isFalse();
            } finally {
                ann.disconnect().get();
                ron.disconnect().get();
            }
        }
    }

    @Test
    void aMetersFolder_andTheMetersArea_notifyTheirOwnMetersEvents_andConditionRefreshKeepsToThem() throws Exception {
        try (OpcUaOutput server = startedServer()) {
            AlarmList alarms = alarmListOf(server);
            Consumer<Reading> outputs = alarms.andThen(server);
            server.describe("boiler", 0, 16, "bar", null, 12.0);
            server.describe("tank", 0, 100, "%", 10.0, null);
            OpcUaClient client = OpcUaClients.connect(server.endpoint(), null, null);
            try {
                List<Variant[]> boilerEvents = new CopyOnWriteArrayList<>();
                List<Variant[]> areaEvents = new CopyOnWriteArrayList<>();
                List<Variant[]> serverEvents = new CopyOnWriteArrayList<>();
                Subscribed boiler = subscribe(client, OpcUaClients.node(client, "meters/boiler"), boilerEvents,
                        field("SourceName"), field("EventType"));
                subscribe(client, OpcUaClients.node(client, "meters"), areaEvents, field("SourceName"),
                        field("EventType"));
                subscribe(client, serverEvents, field("SourceName"), field("EventType"));

                outputs.accept(reading(13.5, AlarmState.HIGH, 1));
                outputs.accept(Reading.ok("tank", "cam1", 5.0, "%", 0.05, 0.9, AlarmState.LOW, T0.plusSeconds(2),
                        T0.plusSeconds(2)));
                await(areaEvents, 2);
                assertThat(boilerEvents).extracting(e -> e[0].getValue()).containsExactly("boiler");
                assertThat(areaEvents).extracting(e -> e[0].getValue()).containsExactlyInAnyOrder("boiler", "tank");
                assertThat(serverEvents).as("the Server's notifier, as before").hasSize(2);

                // a refresh of the boiler's subscription gives its condition alone between the markers
                boilerEvents.clear();
                assertThat(call(client, Identifiers.ConditionType, Identifiers.ConditionType_ConditionRefresh,
                        boiler.subscription())).isEqualTo(StatusCode.GOOD);
                await(boilerEvents, 3);
                assertThat(boilerEvents).extracting(e -> e[1].getValue()).containsExactly(
                        Identifiers.RefreshStartEventType, Identifiers.ExclusiveLimitAlarmType,
                        Identifiers.RefreshEndEventType);
                assertThat(boilerEvents.get(1)[0].getValue()).isEqualTo("boiler");
                // the area is found from the Server by HasNotifier, and a meter is listed once under Meters
                assertThat(client.getAddressSpace().browse(Identifiers.Server))
                        .extracting(r -> r.getBrowseName().getName()).contains("MeterReader");
                assertThat(client.getAddressSpace().browse(OpcUaClients.node(client, "meters")))
                        .extracting(r -> r.getBrowseName().getName()).containsExactlyInAnyOrder("boiler", "tank");
                // a SCADA finds the condition from the meter's Value by HasCondition, or any non-hierarchical reference
                // (Bad_ReferenceTypeIdInvalid, and left out, before the server knew the reference type)
                NodeId value = OpcUaClients.node(client, "meters/boiler/Value");
                NodeId condition = OpcUaClients.node(client, "meters/boiler/LimitAlarm");
                for (NodeId type : List.of(Identifiers.HasCondition, Identifiers.NonHierarchicalReferences)) {
                    BrowseResult found = client.browse(new BrowseDescription(value, BrowseDirection.Forward, type, true,
                            uint(0), uint(63))).get();
                    assertThat(found.getStatusCode()).as("browsed by " + type).isEqualTo(StatusCode.GOOD);
                    assertThat(found.getReferences()).as("browsed by " + type)
                            .anyMatch(r -> r.getReferenceTypeId().equals(Identifiers.HasCondition)
                                    && condition.equals(r.getNodeId().toNodeId(client.getNamespaceTable()).orElse(null)));
                }
            } finally {
                client.disconnect().get();
            }
        }
    }

    @Test
    void anAddComment_showsOnTheCondition_andGoesToTheAlarmJournal() throws Exception {
        try (OpcUaOutput server = startedServer()) {
            AlarmList alarms = alarmListOf(server);
            List<AlarmEvent> journal = new CopyOnWriteArrayList<>();
            alarms.addJournal(journal::add);
            Consumer<Reading> outputs = alarms.andThen(server);
            server.describe("boiler", 0, 16, "bar", null, 12.0);
            OpcUaClient client = OpcUaClients.connect(server.endpoint(), null, null);
            try {
                NodeId condition = OpcUaClients.node(client, "meters/boiler/LimitAlarm");
                List<Variant[]> events = new CopyOnWriteArrayList<>();
                subscribe(client, events);
                outputs.accept(reading(13.5, AlarmState.HIGH, 1));
                await(events, 1);
                assertThat(call(client, condition, Identifiers.ConditionType_AddComment, events.get(0)[EVENT_ID]
                        .getValue(), LocalizedText.english("relief valve lifting")).isGood()).isTrue();
                await(events, 2);
                assertThat(((LocalizedText) events.get(1)[COMMENT].getValue()).getText())
                        .isEqualTo("relief valve lifting");
                assertThat(journal).last().extracting(AlarmEvent::kind, AlarmEvent::text, AlarmEvent::user,
                        AlarmEvent::state).containsExactly(AlarmEvent.Kind.COMMENTED, "relief valve lifting", "",
                        AlarmState.HIGH);
                assertThat(alarms.get("boiler").orElseThrow().acknowledged()).as("a comment acknowledges nothing")
                        .isFalse();
            } finally {
                client.disconnect().get();
            }
        }
    }

    @Test
    void shelvingOverOpcUa_goesToTheAlarmList_andShelvingOnTheList_showsOnTheCondition() throws Exception {
        try (OpcUaOutput server = startedServer()) {
            AlarmList alarms = alarmListOf(server);
            Consumer<Reading> outputs = alarms.andThen(server);
            server.describe("boiler", 0, 16, "bar", null, 12.0);
            OpcUaClient client = OpcUaClients.connect(server.endpoint(), null, null);
            try {
                NodeId shelving = OpcUaClients.node(client, "meters/boiler/LimitAlarm/0:ShelvingState");
                assertThat(call(client, shelving, Identifiers.ShelvedStateMachineType_OneShotShelve).getValue())
                        .as("nothing active to shelve once").isEqualTo(StatusCodes.Bad_StateNotActive);
                assertThat(OpcUaClients.read(client, "meters/boiler/LimitAlarm/0:MaxTimeShelved").getValue()
                        .getValue()).isEqualTo(86_400_000.0);
                List<Variant[]> events = new CopyOnWriteArrayList<>();
                subscribe(client, events);

                outputs.accept(reading(13.5, AlarmState.HIGH, 1));
                await(events, 1);
                assertThat(((LocalizedText) events.get(0)[SHELVING].getValue()).getText()).isEqualTo("Unshelved");
                assertThat(events.get(0)[SHELVED].getValue()).isEqualTo(false);

                assertThat(call(client, shelving, Identifiers.ShelvedStateMachineType_TimedShelve, 25 * 3_600_000.0)
                        .getValue()).isEqualTo(StatusCodes.Bad_ShelvingTimeOutOfRange);
                Instant before = Instant.now();
                assertThat(call(client, shelving, Identifiers.ShelvedStateMachineType_TimedShelve, 7_200_000.0)
                        .isGood()).isTrue();
                await(events, 2);
                assertThat(((LocalizedText) events.get(1)[SHELVING].getValue()).getText()).isEqualTo("TimedShelved");
                assertThat(events.get(1)[SHELVED].getValue()).isEqualTo(true);
                assertThat(alarms.get("boiler").orElseThrow().shelf().until())
                        .isBetween(before.plusSeconds(7200), Instant.now().plusSeconds(7200));
                assertThat(alarms.get("boiler").orElseThrow().shelf().user())
                        .as("an anonymous client names nobody, not Milo's made-up session name").isEmpty();
                assertThat((Double) OpcUaClients.read(client, "meters/boiler/LimitAlarm/0:ShelvingState/0:UnshelveTime")
                        .getValue().getValue()).isBetween(7_100_000.0, 7_200_000.0);
                assertThat(alarms.count(/* acknowledged= */ false)).as("out of the count").isZero();
                // the service counts UnshelveTime down every second: an hour on, an hour is left
                server.countDownShelves(Instant.now().plusSeconds(3600));
                assertThat((Double) OpcUaClients.read(client, "meters/boiler/LimitAlarm/0:ShelvingState/0:UnshelveTime")
                        .getValue().getValue()).isBetween(3_500_000.0, 3_600_000.0);

                assertThat(call(client, shelving, Identifiers.ShelvedStateMachineType_Unshelve).isGood()).isTrue();
                await(events, 3);
                assertThat(((LocalizedText) events.get(2)[SHELVING].getValue()).getText()).isEqualTo("Unshelved");
                assertThat(alarms.get("boiler").orElseThrow().shelved()).isFalse();
                assertThat(call(client, shelving, Identifiers.ShelvedStateMachineType_Unshelve).getValue())
                        .isEqualTo(StatusCodes.Bad_ConditionNotShelved);

                // shelved once on the service's own list (the dashboard): the condition says so, until it clears
                alarms.via(Via.HTTP).shelve("boiler", null, "ana", "");
                await(events, 4);
                assertThat(((LocalizedText) events.get(3)[SHELVING].getValue()).getText()).isEqualTo("OneShotShelved");
                assertThat(call(client, shelving, Identifiers.ShelvedStateMachineType_OneShotShelve).getValue())
                        .as("once is enough").isEqualTo(StatusCodes.Bad_ConditionAlreadyShelved);
                outputs.accept(reading(9.0, AlarmState.NONE, 2));
                await(events, 5);
                assertThat(events.get(4)[ACTIVE].getValue()).isEqualTo(false);
                assertThat(((LocalizedText) events.get(4)[SHELVING].getValue()).getText()).isEqualTo("Unshelved");
                assertThat(events.get(4)[SHELVED].getValue()).isEqualTo(false);
            } finally {
                client.disconnect().get();
            }
        }
    }
}
