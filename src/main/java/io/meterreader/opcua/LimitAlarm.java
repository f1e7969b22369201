package io.meterreader.opcua;

import io.meterreader.frame.AlarmActions;
import io.meterreader.frame.AlarmShelf;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.MeterAlarm;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.api.methods.AbstractMethodInvocationHandler;
import org.eclipse.milo.opcua.sdk.server.api.methods.AbstractMethodInvocationHandler.InvocationContext;
import org.eclipse.milo.opcua.sdk.server.model.methods.AcknowledgeMethod;
import org.eclipse.milo.opcua.sdk.server.model.methods.AddCommentMethod;
import org.eclipse.milo.opcua.sdk.server.model.methods.DisableMethod;
import org.eclipse.milo.opcua.sdk.server.model.methods.EnableMethod;
import org.eclipse.milo.opcua.sdk.server.model.methods.OneShotShelveMethod;
import org.eclipse.milo.opcua.sdk.server.model.methods.TimedShelveMethod;
import org.eclipse.milo.opcua.sdk.server.model.methods.UnshelveMethod;
import org.eclipse.milo.opcua.sdk.server.model.nodes.objects.ExclusiveLimitAlarmTypeNode;
import org.eclipse.milo.opcua.sdk.server.model.nodes.objects.ShelvedStateMachineTypeNode;
import org.eclipse.milo.opcua.sdk.server.model.nodes.variables.TwoStateVariableTypeNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaMethodNode;
import org.eclipse.milo.opcua.stack.core.Identifiers;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned;
import org.eclipse.milo.opcua.stack.core.types.structured.AnonymousIdentityToken;
import org.eclipse.milo.opcua.stack.core.types.structured.Argument;

/**
 * A meter's alarm as an OPC UA condition (Part 9, ExclusiveLimitAlarmType), the way a SCADA's
 * alarm list takes alarms. It shows the service's alarm list ({@link MeterAlarm}): active while
 * the meter is beyond its low or high limit (its LimitState says which), unacknowledged from the
 * moment it goes active until an operator acknowledges it, here or on the service's own API, and
 * retained (listed, and sent again on ConditionRefresh) while it is active or unacknowledged.
 *
 * <p>Each change is one event of the condition (a new EventId) to every client subscribed to the
 * Server object's events: the alarm raised, moved or cleared (at the frame's capture time), an
 * acknowledgement, a comment, the condition disabled or enabled. Acknowledge and AddComment name
 * the EventId they answer, which must be the latest. A disabled condition still follows the
 * meter but tells no one until it is enabled again; disabling and comments belong to the OPC UA
 * server alone, acknowledgements to the service.
 *
 * <p>Its ShelvingState is the service's shelving of the meter's alarm: TimedShelve (at most
 * MaxTimeShelved), OneShotShelve and Unshelve go to the alarm list, as a shelving made on the
 * dashboard comes here; SuppressedOrShelved says whether it is shelved, and UnshelveTime how many
 * milliseconds were left of a timed shelf when it last changed.
 */
final class LimitAlarm {

    static final int SEVERITY_NORMAL = 300;

    private final ExclusiveLimitAlarmTypeNode node;
    private final String meterId;
    /** Where a changed condition goes: the server's event bus. */
    private final Consumer<ExclusiveLimitAlarmTypeNode> post;
    /** Where an Acknowledge or a shelving goes: the service's alarm list; null: none (Bad_NotSupported). */
    private final Supplier<AlarmActions> acknowledger;
    private final Predicate<String> readOnly;
    /** Guarded by this. */
    private AlarmState state = AlarmState.NONE;
    private boolean acked = true;
    private boolean enabled = true;
    private int severity = SEVERITY_NORMAL;
    private AlarmShelf shelf;

    /** @param readOnly whether a logged-in user may only read: its calls here are Bad_UserAccessDenied */
    LimitAlarm(ExclusiveLimitAlarmTypeNode node, String meterId, NodeId source,
               Consumer<ExclusiveLimitAlarmTypeNode> post, Supplier<AlarmActions> acknowledger,
               Predicate<String> readOnly) {
        this.readOnly = readOnly;
        this.node = node;
        this.meterId = meterId;
        this.post = post;
        this.acknowledger = acknowledger;
        node.setEventType(Identifiers.ExclusiveLimitAlarmType);
        node.setSourceNode(source);
        node.setSourceName(meterId);
        node.setInputNode(source);
        node.setConditionName("LimitAlarm");
        node.setConditionClassId(Identifiers.ProcessConditionClassType);
        node.setConditionClassName(LocalizedText.english("Process"));
        node.setBranchId(NodeId.NULL_VALUE);
        node.setQuality(StatusCode.GOOD);
        node.setSuppressedOrShelved(false);
        node.setClientUserId("");
        node.setComment(LocalizedText.english(""));
        node.setMessage(LocalizedText.english(meterId + " within its limits"));
        node.setTime(DateTime.now());
        node.setReceiveTime(DateTime.now());
        two(node.getEnabledStateNode(), true, "Enabled", "Disabled");
        two(node.getActiveStateNode(), false, "Active", "Inactive");
        two(node.getAckedStateNode(), true, "Acknowledged", "Unacknowledged");
        node.setSeverity(Unsigned.ushort(severity));
        node.setLastSeverity(Unsigned.ushort(severity));
        node.setRetain(false);
        node.setEventId(newEventId());
        install(node.getAcknowledgeMethodNode(), m -> new AcknowledgeMethod(m) {
            @Override
            protected void invoke(InvocationContext context, ByteString eventId, LocalizedText comment)
                    throws UaException {
                acknowledge(eventId, comment, operator(context));
            }
        });
        install(node.getAddCommentMethodNode(), m -> new AddCommentMethod(m) {
            @Override
            protected void invoke(InvocationContext context, ByteString eventId, LocalizedText comment)
                    throws UaException {
                addComment(eventId, comment, operator(context));
            }
        });
        install(node.getEnableMethodNode(), m -> new EnableMethod(m) {
            @Override
            protected void invoke(InvocationContext context) throws UaException {
                enable(true, operator(context));
            }
        });
        install(node.getDisableMethodNode(), m -> new DisableMethod(m) {
            @Override
            protected void invoke(InvocationContext context) throws UaException {
                enable(false, operator(context));
            }
        });
        maxTimeShelved();
        ShelvedStateMachineTypeNode shelving = node.getShelvingStateNode();
        if (shelving != null) {
            shelvingState(null, Instant.now());
            install(shelving.getTimedShelveMethodNode(), m -> new TimedShelveMethod(m) {
                @Override
                public Argument[] getInputArguments() {
                    return WireArguments.of(super.getInputArguments());
                }

                @Override
                protected void invoke(InvocationContext context, Double shelvingTime) throws UaException {
                    shelve(shelvingTime, operator(context));
                }
            });
            // the standard's InputArguments on the node (a Duration), as clients look them up
            shelving.getTimedShelveMethodNode().setInputArguments(new Argument[] {TimedShelveMethod.SHELVING_TIME});
            install(shelving.getOneShotShelveMethodNode(), m -> new OneShotShelveMethod(m) {
                @Override
                protected void invoke(InvocationContext context) throws UaException {
                    shelve(null, operator(context));
                }
            });
            install(shelving.getUnshelveMethodNode(), m -> new UnshelveMethod(m) {
                @Override
                protected void invoke(InvocationContext context) throws UaException {
                    unshelve(operator(context));
                }
            });
        }
    }

    /** The calibration's limits, null where it has none. */
    synchronized void limits(Double low, Double high) {
        if (node.getLowLimitNode() != null) {
            node.setLowLimit(low);
        }
        if (node.getHighLimitNode() != null) {
            node.setHighLimit(high);
        }
    }

    /** The meter's alarm as the service's list has it now: the condition takes its state and says so. */
    synchronized void onAlarm(MeterAlarm alarm) {
        boolean active = alarm.active();
        if (alarm.state() != state) {
            node.getActiveStateNode().setTransitionTime(new DateTime(alarm.changed()));
        }
        if (alarm.state() != state && active && !alarm.acknowledged()) {
            // a new alarm: the last one's comment, and who gave it, are not its own
            node.setClientUserId("");
            node.setComment(LocalizedText.english(""));
        }
        state = alarm.state();
        two(node.getActiveStateNode(), active, "Active", "Inactive");
        node.getLimitStateNode().setCurrentState(LocalizedText.english(active ? limitName() : ""));
        node.getLimitStateNode().getCurrentStateNode().setId(active ? limitState() : NodeId.NULL_VALUE);
        acked(alarm.acknowledged());
        shelvingState(alarm.shelf(), alarm.changed());
        if (alarm.acknowledged()) {
            comment(LocalizedText.english(alarm.comment()), alarm.acknowledgedBy());
        }
        if (active && !StatusCode.GOOD.equals(node.getQuality())) {
            // raised or moved by an OK reading: its value is good (the reading's own update comes after)
            node.setQuality(StatusCode.GOOD);
            node.getQualityNode().setSourceTimestamp(DateTime.now());
        }
        String value = new BigDecimal(alarm.value()).round(new MathContext(4)).stripTrailingZeros().toPlainString()
                + (alarm.unit().isEmpty() ? "" : " " + alarm.unit());
        boolean outOfService = !active && node.getQuality() != null
                && node.getQuality().getValue() == StatusCodes.Bad_OutOfService;
        // taken out of service, the gauge is not back within its limits: its alarm leaves the list
        node.setMessage(LocalizedText.english(meterId + (active ? " " + state.name() + ": " + value
                : outOfService ? " taken out of service: its " + alarm.limit().name() + " alarm leaves the list"
                : " back to normal: " + value)));
        // active: its priority's severity (HIGH: 700); back within limits: 300
        int now = active ? alarm.priority().severity() : SEVERITY_NORMAL;
        if (now != severity) {
            severity(now);
        }
        changed(alarm.changed());
    }

    /**
     * The quality of the value the condition watches (Part 9's Quality): Bad_NoCommunication
     * while the meter's camera is down, Good again with its next OK reading; other failed
     * readings leave it as it is (a gauge now and then not read says nothing of the alarm). A
     * change is an event of its own, so that a SCADA shows the alarm as questionable.
     */
    synchronized void quality(StatusCode quality) {
        if (quality.equals(node.getQuality())) {
            return;
        }
        node.setQuality(quality);
        node.getQualityNode().setSourceTimestamp(DateTime.now());
        changed(Instant.now());
    }

    /**
     * The meter is no longer calibrated and its condition goes: where it is retained (active, or not
     * acknowledged), a last event says so with Retain false, inactive, so that a SCADA drops it
     * from its alarm list rather than keep it until its next ConditionRefresh.
     */
    synchronized void removed() {
        if (!retained()) {
            return;
        }
        AlarmState was = state;
        state = AlarmState.NONE;
        two(node.getActiveStateNode(), false, "Active", "Inactive");
        node.getLimitStateNode().setCurrentState(LocalizedText.english(""));
        node.getLimitStateNode().getCurrentStateNode().setId(NodeId.NULL_VALUE);
        node.setMessage(LocalizedText.english(meterId + " removed from the calibration: its "
                + (was == AlarmState.NONE ? "" : was.name() + " ") + "alarm leaves the list"));
        severity(SEVERITY_NORMAL);
        stamp(DateTime.now(), /* retain= */ false);
        if (enabled) {
            post.accept(node);
        }
    }

    /** Retained: active, or not yet acknowledged; what ConditionRefresh sends, unless disabled. */
    synchronized boolean retained() {
        return enabled && (state != AlarmState.NONE || !acked);
    }

    /** Hands the condition's current state to {@code to} (one client's event item), under its lock. */
    /** The node the condition's events come from: its meter's Value. */
    NodeId source() {
        return node.getSourceNode();
    }

    synchronized void refresh(Consumer<ExclusiveLimitAlarmTypeNode> to) {
        if (retained()) {
            to.accept(node);
        }
    }

    private String limitName() {
        return state == AlarmState.HIGH ? "High" : "Low";
    }

    private NodeId limitState() {
        return state == AlarmState.HIGH ? Identifiers.ExclusiveLimitStateMachineType_High
                : Identifiers.ExclusiveLimitStateMachineType_Low;
    }

    private void acked(boolean value) {
        acked = value;
        two(node.getAckedStateNode(), value, "Acknowledged", "Unacknowledged");
    }

    /**
     * The shelving as the service has it: ShelvingState's CurrentState (Unshelved, TimedShelved,
     * OneShotShelved), UnshelveTime (a timed shelf's milliseconds left at {@code now}; for one-shot,
     * MaxTimeShelved, as Part 9 has it) and SuppressedOrShelved.
     */
    private void shelvingState(AlarmShelf value, Instant now) {
        shelf = value;
        node.setSuppressedOrShelved(value != null);
        ShelvedStateMachineTypeNode shelving = node.getShelvingStateNode();
        if (shelving == null) {
            return;
        }
        String name = value == null ? "Unshelved" : value.oneShot() ? "OneShotShelved" : "TimedShelved";
        NodeId state = value == null ? Identifiers.ShelvedStateMachineType_Unshelved
                : value.oneShot() ? Identifiers.ShelvedStateMachineType_OneShotShelved
                : Identifiers.ShelvedStateMachineType_TimedShelved;
        shelving.setCurrentState(LocalizedText.english(name));
        shelving.getCurrentStateNode().setId(state);
        double left = value == null ? 0 : value.oneShot() ? maxShelf().toMillis()
                : Math.max(0, Duration.between(now, value.until()).toMillis());
        shelving.setUnshelveTime(left);
    }

    /** The longest shelf the service's alarm list allows (before it is known: the default). */
    private Duration maxShelf() {
        AlarmActions list = acknowledger.get();
        return list == null ? AlarmShelf.MAX_TIME : list.maxShelfTime();
    }

    /** MaxTimeShelved as the alarm list has it: set as the condition is made, and again once the list is known. */
    synchronized void maxTimeShelved() {
        if (node.getMaxTimeShelvedNode() != null) {
            node.setMaxTimeShelved((double) maxShelf().toMillis());
        }
    }

    /**
     * Counts a timed shelf's UnshelveTime down to {@code now} (Part 9: the time left until the
     * alarm unshelves itself, which a SCADA shows); no event, as the state has not changed.
     */
    synchronized void countDown(Instant now) {
        if (shelf != null && !shelf.oneShot() && node.getShelvingStateNode() != null) {
            node.getShelvingStateNode().setUnshelveTime(
                    (double) Math.max(0, Duration.between(now, shelf.until()).toMillis()));
        }
    }

    private void severity(int value) {
        node.setLastSeverity(Unsigned.ushort(severity));
        severity = value;
        node.setSeverity(Unsigned.ushort(value));
    }

    /** A new state: a new EventId, Retain, and the event to clients (none while disabled). */
    private void changed(Instant time) {
        stamp(new DateTime(time), retained());
        if (enabled) {
            post.accept(node);
        }
    }

    /** An event's own fields: a new EventId, its time, received now, and Retain. */
    private void stamp(DateTime time, boolean retain) {
        node.setEventId(newEventId());
        node.setTime(time);
        node.setReceiveTime(DateTime.now());
        node.setRetain(retain);
    }

    /**
     * Enabled or disabled, told to clients either way (disabling once, with Retain false, so that
     * clients drop it from their lists); under this condition's lock.
     */
    private void setEnabled(boolean value) {
        enabled = value;
        two(node.getEnabledStateNode(), value, "Enabled", "Disabled");
        stamp(DateTime.now(), retained());
        post.accept(node);
    }

    /**
     * An operator's Acknowledge: checked here (enabled, the latest EventId, not yet acknowledged),
     * then handed to the service's alarm list, outside this condition's lock (the list tells this
     * condition back, from the thread that holds its own lock).
     */
    void acknowledge(ByteString eventId, LocalizedText comment, String user) throws UaException {
        checkComment(comment);
        synchronized (this) {
            checkEnabled();
            checkEventId(eventId);
            if (acked) {
                throw new UaException(StatusCodes.Bad_ConditionBranchAlreadyAcked);
            }
        }
        AlarmActions list = acknowledger.get();
        if (list == null) {
            throw new UaException(StatusCodes.Bad_NotSupported);
        }
        try {
            list.acknowledge(meterId, user, text(comment));
        } catch (IllegalStateException | NoSuchElementException e) {
            // acknowledged meanwhile, on the API or by another client
            throw new UaException(StatusCodes.Bad_ConditionBranchAlreadyAcked);
        }
    }

    /**
     * An operator's TimedShelve ({@code millis}) or OneShotShelve (null): checked here (enabled,
     * the time within MaxTimeShelved), then handed to the service's alarm list, outside this
     * condition's lock, as an acknowledgement is.
     */
    void shelve(Double millis, String user) throws UaException {
        synchronized (this) {
            checkEnabled();
            if (millis == null && state == AlarmState.NONE) {
                // Part 9 has OneShotShelve for an active alarm: it ends when the alarm clears
                throw new UaException(StatusCodes.Bad_StateNotActive);
            }
            if (millis == null && shelf != null && shelf.oneShot()) {
                // Part 9: a OneShotShelve of an alarm OneShotShelved already (a timed shelf may be reset)
                throw new UaException(StatusCodes.Bad_ConditionAlreadyShelved);
            }
        }
        Duration duration = null;
        if (millis != null) {
            if (millis.isNaN() || millis <= 0 || millis > maxShelf().toMillis()) {
                throw new UaException(StatusCodes.Bad_ShelvingTimeOutOfRange);
            }
            duration = Duration.ofMillis(Math.round(millis));
        }
        AlarmActions list = acknowledger.get();
        if (list == null) {
            throw new UaException(StatusCodes.Bad_NotSupported);
        }
        try {
            list.shelve(meterId, duration, user, "");
        } catch (NoSuchElementException e) {
            // the condition was made from the calibration; the list knows the meter once it has had an alarm
            throw new UaException(StatusCodes.Bad_StateNotActive);
        } catch (IllegalStateException e) {
            throw new UaException(StatusCodes.Bad_StateNotActive);
        } catch (IllegalArgumentException e) {
            throw new UaException(StatusCodes.Bad_ShelvingTimeOutOfRange);
        }
    }

    /** An operator's Unshelve: Bad_ConditionNotShelved where it is not. */
    void unshelve(String user) throws UaException {
        synchronized (this) {
            checkEnabled();
            if (shelf == null) {
                throw new UaException(StatusCodes.Bad_ConditionNotShelved);
            }
        }
        AlarmActions list = acknowledger.get();
        if (list == null) {
            throw new UaException(StatusCodes.Bad_NotSupported);
        }
        try {
            list.unshelve(meterId, user);
        } catch (IllegalStateException | NoSuchElementException e) {
            throw new UaException(StatusCodes.Bad_ConditionNotShelved);
        }
    }

    /**
     * An operator's AddComment: shown on the condition (an event), then put in the service's alarm
     * journal, outside this condition's lock, as an acknowledgement is handed on.
     */
    void addComment(ByteString eventId, LocalizedText comment, String user) throws UaException {
        checkComment(comment);
        synchronized (this) {
            checkEnabled();
            checkEventId(eventId);
            comment(comment, user);
            changed(Instant.now());
        }
        AlarmActions list = acknowledger.get();
        String text = text(comment);
        if (list != null && !text.isEmpty()) {
            try {
                list.comment(meterId, user, text);
            } catch (NoSuchElementException e) {
                // a condition with no alarm on the list since the start: the comment stays on the condition
            }
        }
    }

    /** An operator's Enable or Disable: the condition's alone, then put in the alarm journal outside its lock. */
    void enable(boolean value, String user) throws UaException {
        synchronized (this) {
            if (enabled == value) {
                throw new UaException(value ? StatusCodes.Bad_ConditionAlreadyEnabled
                        : StatusCodes.Bad_ConditionAlreadyDisabled);
            }
            setEnabled(value);
        }
        AlarmActions list = acknowledger.get();
        if (list != null) {
            list.conditionEnabled(meterId, value, user);
        }
    }

    /**
     * Disabled as the alarm list now says a client disabled it before the restart, read back once
     * a database that was away at the start came: told to clients once (Retain false, as a
     * client's Disable is), for they may have seen it enabled meanwhile; no journal entry.
     */
    void disabledLate() {
        AlarmActions list = acknowledger.get();
        if (list == null || !list.conditionDisabled(meterId)) {
            return;
        }
        synchronized (this) {
            if (enabled) {
                setEnabled(false);
            }
        }
    }

    /**
     * Disabled, without an event or a journal entry, when the alarm list says a client disabled it
     * before (the service restarted since, or the condition was made again).
     */
    void disabledAsBefore() {
        AlarmActions list = acknowledger.get();
        if (list == null || !list.conditionDisabled(meterId)) {
            return;
        }
        synchronized (this) {
            enabled = false;
            two(node.getEnabledStateNode(), false, "Enabled", "Disabled");
            node.setRetain(retained());
        }
    }

    private void checkEnabled() throws UaException {
        if (!enabled) {
            throw new UaException(StatusCodes.Bad_ConditionDisabled);
        }
    }

    private void checkEventId(ByteString eventId) throws UaException {
        if (eventId == null || !eventId.equals(node.getEventId())) {
            throw new UaException(StatusCodes.Bad_EventIdUnknown);
        }
    }

    /**
     * Refuses a comment the API and MQTT refuse too (a control character but line breaks and tabs,
     * half a UTF-16 pair): Bad_InvalidArgument, saying which character.
     */
    private static void checkComment(LocalizedText comment) throws UaException {
        String refused = AlarmActions.textRefused("comment", text(comment), /* name= */ false);
        if (refused != null) {
            throw new UaException(StatusCodes.Bad_InvalidArgument, refused);
        }
    }

    /** An operator's comment as the service keeps it: "" for none, cut as every edge cuts one. */
    private static String text(LocalizedText comment) {
        return AlarmActions.text(comment == null ? null : comment.getText());
    }

    private void comment(LocalizedText comment, String user) {
        node.setClientUserId(user);
        if (!text(comment).isEmpty()) {
            node.setComment(new LocalizedText(comment.getLocale(), text(comment)));
            node.getCommentNode().setSourceTimestamp(DateTime.now());
        }
    }

    /** A two-state variable (EnabledState, ActiveState, AckedState): its text and its Id. */
    private static void two(TwoStateVariableTypeNode v, boolean id, String trueName, String falseName) {
        v.setValue(new DataValue(new Variant(LocalizedText.english(id ? trueName : falseName))));
        v.setId(id);
    }

    private static ByteString newEventId() {
        UUID id = UUID.randomUUID();
        return ByteString.of(ByteBuffer.allocate(16).putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits()).array());
    }

    /** The caller, who must be allowed to change something (not a viewer's account). */
    private String operator(InvocationContext context) throws UaException {
        return operator(context, readOnly);
    }

    /**
     * The caller of a method that changes something, as {@link #user}
     *
     * @throws UaException Bad_UserAccessDenied for a user who may only read (a viewer's account, or an
     *                     anonymous client while the service's HTTP access is set)
     */
    static String operator(InvocationContext context, Predicate<String> readOnly) throws UaException {
        String user = user(context);
        if (readOnly.test(user)) {
            throw new UaException(StatusCodes.Bad_UserAccessDenied, user.isEmpty()
                    ? "an anonymous client may only read while the service asks for a log-in (meter-reader.access)"
                    : user + " may only read");
        }
        return user;
    }

    /**
     * Who called a method, as Part 9's ClientUserId: the username, or the user certificate's
     * subject; "" for an anonymous client (Milo's identity for one is a made-up session name, which
     * would name nobody on the alarm list and in its journal).
     */
    static String user(InvocationContext context) {
        Session session = context.getSession().orElse(null);
        if (session == null || session.getIdentityToken() instanceof AnonymousIdentityToken) {
            return "";
        }
        Object identity = session.getIdentityObject();
        if (identity instanceof String name) {
            return name;
        }
        if (identity instanceof X509Certificate certificate) {
            return certificate.getSubjectX500Principal().getName();
        }
        return "";
    }

    private static void install(UaMethodNode method, Function<UaMethodNode, AbstractMethodInvocationHandler> make) {
        AbstractMethodInvocationHandler handler = make.apply(method);
        method.setInvocationHandler(handler);
        method.setInputArguments(handler.getInputArguments());
        method.setOutputArguments(handler.getOutputArguments());
    }
}
