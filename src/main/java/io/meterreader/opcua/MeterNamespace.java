package io.meterreader.opcua;

import com.google.common.eventbus.Subscribe;
import io.meterreader.frame.AlarmActions;
import io.meterreader.frame.MeterAlarm;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingHistory;
import io.meterreader.frame.ServiceActions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.core.ValueRanks;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.api.DataItem;
import org.eclipse.milo.opcua.sdk.server.api.EventItem;
import org.eclipse.milo.opcua.sdk.server.api.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.api.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.api.methods.AbstractMethodInvocationHandler;
import org.eclipse.milo.opcua.sdk.server.api.methods.AbstractMethodInvocationHandler.InvocationContext;
import org.eclipse.milo.opcua.sdk.server.api.services.AttributeHistoryServices.HistoryReadContext;
import org.eclipse.milo.opcua.sdk.server.api.services.AttributeServices.WriteContext;
import org.eclipse.milo.opcua.sdk.server.model.nodes.objects.BaseEventTypeNode;
import org.eclipse.milo.opcua.sdk.server.model.nodes.objects.ExclusiveLimitAlarmTypeNode;
import org.eclipse.milo.opcua.sdk.server.model.nodes.variables.AnalogItemTypeNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaMethodNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.nodes.factories.NodeFactory;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.Identifiers;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.Argument;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryData;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadProcessedDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.Range;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteValue;

/**
 * The service's part of the address space, under Objects:
 * <pre>
 * MeterReader/
 *   Meters/METER/   Value (Double, an AnalogItemType: EURange and EngineeringUnits from the
 *                   calibration), Status, Unit, Alarm, Camera (String), Confidence (Double),
 *                   LimitAlarm (an alarm condition, {@link LimitAlarm}, for a meter with limits),
 *                   methods TakeOutOfService(Reason) and PutBackInService()
 *   Cameras/CAMERA/ State, LastError, Warning (String)
 * </pre>
 * Node ids are strings in namespace {@value #URI}: {@code meters/METER/Value},
 * {@code cameras/CAMERA/State}. A meter's folder appears when it is described (calibrated) or
 * first read, a camera's with its first state; both go when they are removed. Every variable is
 * read-only; subscriptions sample them. With the readings' store behind it ({@link #useHistory}),
 * a meter's Value is historizing: a client reads its raw history (HistoryRead, {@link ValueHistory}),
 * or its history summed up by interval ({@link ProcessedHistory}).
 *
 * <p>Events: MeterReader (under the Server by HasNotifier), Meters and each meter's folder are
 * event notifiers. Milo tells the Server's event items every event itself; an item on one of these
 * folders gets a {@link Relay} on the server's event bus that passes on the events of its scope
 * ({@link #eventScope}: a meter's folder, its condition's; the others, every meter's).
 */
final class MeterNamespace extends ManagedNamespaceWithLifecycle {

    static final String URI = "urn:meter-reader";

    /** The variables of each meter, in the order they are shown. */
    static final Map<String, NodeId> METER_VARIABLES = variables("Value", Identifiers.Double, "Status",
            Identifiers.String, "Unit", Identifiers.String, "Alarm", Identifiers.String, "Camera", Identifiers.String,
            "Confidence", Identifiers.Double);
    /**
     * A meter's variable that is no reading's: whether its values have stopped moving for its
     * calibration's stuck-after (false where it is not watched). Not historized.
     */
    static final String STUCK = "Stuck";
    static final Map<String, NodeId> CAMERA_VARIABLES = variables("State", Identifiers.String, "LastError",
            Identifiers.String, "Warning", Identifiers.String);

    private final SubscriptionModel subscriptions;
    /** The meters' values' history; null: none (no history read). */
    private volatile ValueHistory history;
    private final Object lock = new Object();
    /** Guarded by lock; null until the namespace has started. */
    private UaFolderNode meters;
    private UaFolderNode cameras;
    /** Where an Acknowledge goes; null until the service's alarm list is wired in. */
    private volatile AlarmActions acknowledger;
    /** Where TakeOutOfService and PutBackInService go; null until wired in (Bad_NotSupported). */
    private volatile ServiceActions service;
    private final Predicate<String> readOnly;
    /** The relay of each event item on one of this namespace's folders; guarded by itself. */
    private final Map<EventItem, Relay> relays = new IdentityHashMap<>();
    /** Each meter's limit alarm; guarded by lock. */
    private final Map<String, LimitAlarm> limitAlarms = new HashMap<>();

    /** @param readOnly whether a logged-in user may only read (a viewer's account): its condition calls are refused */
    MeterNamespace(OpcUaServer server, Predicate<String> readOnly) {
        super(server, URI);
        this.readOnly = readOnly;
        this.subscriptions = new SubscriptionModel(server, this);
        getLifecycleManager().addLifecycle(subscriptions);
        getLifecycleManager().addStartupTask(this::createFolders);
    }

    /**
     * What a meter's variable other than Value holds for a reading, the same live and in its
     * history: the status, unit, alarm state, camera or confidence.
     */
    static Object field(Reading r, String variable) {
        return switch (variable) {
            case "Status" -> r.status().name();
            case "Unit" -> r.unit() == null ? "" : r.unit();
            case "Alarm" -> r.alarm().name();
            case "Camera" -> r.cameraId() == null ? "" : r.cameraId();
            case "Confidence" -> r.confidence();
            default -> throw new IllegalArgumentException("not a meter's plain variable: " + variable);
        };
    }

    private static Map<String, NodeId> variables(Object... nameAndType) {
        Map<String, NodeId> m = new LinkedHashMap<>();
        for (int i = 0; i < nameAndType.length; i += 2) {
            m.put((String) nameAndType[i], (NodeId) nameAndType[i + 1]);
        }
        return m;
    }

    private void createFolders() {
        synchronized (lock) {
            UaFolderNode root = folder("MeterReader", "MeterReader");
            root.addReference(new Reference(root.getNodeId(), Identifiers.Organizes,
                    Identifiers.ObjectsFolder.expanded(), /* forward= */ false));
            meters = folder("meters", "Meters");
            cameras = folder("cameras", "Cameras");
            root.addOrganizes(meters);
            root.addOrganizes(cameras);
            // an area of events, under the Server's: a client may subscribe to all the meters' here or
            // on Meters, or to one meter's on its folder (Part 9's notifiers). No HasNotifier below
            // MeterReader: it would list each child a second time beside its Organizes
            root.setEventNotifier(SUBSCRIBE_TO_EVENTS);
            meters.setEventNotifier(SUBSCRIBE_TO_EVENTS);
            getServer().getAddressSpaceManager().getManagedNode(Identifiers.Server).ifPresent(server ->
                    server.addReference(new Reference(Identifiers.Server, Identifiers.HasNotifier,
                            root.getNodeId().expanded(), true)));
        }
    }

    /** EventNotifier's SubscribeToEvents bit. */
    private static final UByte SUBSCRIBE_TO_EVENTS = UByte.valueOf(1);

    /**
     * Which events an event item on {@code node} is told: on a meter's folder, that meter's (its
     * condition's source is its Value); on the service's or the meters' folder, every meter's.
     */
    Predicate<NodeId> eventScope(NodeId node) {
        String path = node.getIdentifier() instanceof String text ? text : "";
        if (node.getNamespaceIndex().equals(getNamespaceIndex()) && path.startsWith("meters/")
                && path.indexOf('/', "meters/".length()) < 0) {
            NodeId value = meterVariable(path.substring("meters/".length()), "Value");
            return value::equals;
        }
        return source -> source != null && getNamespaceIndex().equals(source.getNamespaceIndex());
    }

    /** Passes the server's events in an item's scope on to it. */
    static final class Relay {
        private final EventItem item;
        private final Predicate<NodeId> scope;

        Relay(EventItem item, Predicate<NodeId> scope) {
            this.item = item;
            this.scope = scope;
        }

        @Subscribe
        public void onEvent(BaseEventTypeNode event) {
            if (scope.test(event.getSourceNode())) {
                item.onEvent(event);
            }
        }
    }

    @Override
    public void onEventItemsCreated(List<EventItem> items) {
        for (EventItem item : items) {
            Relay relay = new Relay(item, eventScope(item.getReadValueId().getNodeId()));
            synchronized (relays) {
                relays.put(item, relay);
            }
            getServer().getEventBus().register(relay);
        }
    }

    @Override
    public void onEventItemsDeleted(List<EventItem> items) {
        for (EventItem item : items) {
            Relay relay;
            synchronized (relays) {
                relay = relays.remove(item);
            }
            if (relay != null) {
                getServer().getEventBus().unregister(relay);
            }
        }
    }

    private UaFolderNode folder(String id, String name) {
        UaFolderNode folder = new UaFolderNode(getNodeContext(), newNodeId(id), newQualifiedName(name),
                LocalizedText.english(name));
        getNodeManager().addNode(folder);
        return folder;
    }

    /**
     * Reads the meters' variables' history from {@code store}: each meter's variables become
     * historizing, with HistoryRead in their access level.
     */
    void useHistory(ReadingHistory store) {
        synchronized (lock) {
            history = new ValueHistory(store);
            getNodeManager().getNodes().forEach(node -> {
                if (node instanceof UaVariableNode variable && meterVariableName(node.getNodeId()) != null) {
                    historizing(variable);
                }
            });
        }
    }

    /** The variable's name (Value, Status ...) when the node is a meter's variable; null otherwise. */
    private static String meterVariableName(NodeId node) {
        String path = node.getIdentifier() instanceof String text ? text : "";
        int slash = path.lastIndexOf('/');
        if (!path.startsWith("meters/") || slash <= "meters/".length()) {
            return null;
        }
        String name = path.substring(slash + 1);
        return METER_VARIABLES.containsKey(name) ? name : null;
    }

    private static void historizing(UaVariableNode value) {
        value.setAccessLevel(AccessLevel.toValue(EnumSet.of(AccessLevel.CurrentRead, AccessLevel.HistoryRead)));
        value.setUserAccessLevel(AccessLevel.toValue(EnumSet.of(AccessLevel.CurrentRead, AccessLevel.HistoryRead)));
        value.setHistorizing(true);
    }

    /**
     * Every node here is read-only: a write is Bad_NotWritable (Bad_NodeIdUnknown for a node that
     * is not there), answered without Milo's error and stack trace in the log for each attempt,
     * which any client could fill the log with.
     */
    @Override
    public void write(WriteContext context, List<WriteValue> writeValues) {
        context.success(writeValues.stream().map(w -> new StatusCode(getNodeManager().containsNode(w.getNodeId())
                ? StatusCodes.Bad_NotWritable : StatusCodes.Bad_NodeIdUnknown)).toList());
    }

    @Override
    public void historyRead(HistoryReadContext context, HistoryReadDetails details, TimestampsToReturn timestamps,
                            List<HistoryReadValueId> ids) {
        List<HistoryReadResult> results = new ArrayList<>();
        // a processed read names an aggregate per node, or one for all
        NodeId[] aggregates = details instanceof ReadProcessedDetails p ? p.getAggregateType() : null;
        boolean mismatch = details instanceof ReadProcessedDetails
                && (aggregates == null || aggregates.length != 1 && aggregates.length != ids.size());
        for (int i = 0; i < ids.size(); i++) {
            HistoryReadValueId id = ids.get(i);
            ValueHistory.Page page = mismatch ? ValueHistory.Page.failed(StatusCodes.Bad_AggregateListMismatch)
                    : historyPage(id, details, aggregates == null ? null : aggregates[aggregates.length == 1 ? 0 : i],
                            timestamps);
            results.add(new HistoryReadResult(page.status(),
                    page.continuation() == null ? ByteString.NULL_VALUE : page.continuation(),
                    ExtensionObject.encode(context.getServer().getSerializationContext(),
                            new HistoryData(page.values().toArray(DataValue[]::new)))));
        }
        context.success(results);
    }

    private ValueHistory.Page historyPage(HistoryReadValueId id, HistoryReadDetails details, NodeId aggregate,
                                          TimestampsToReturn timestamps) {
        if (!getNodeManager().containsNode(id.getNodeId())) {
            return ValueHistory.Page.failed(StatusCodes.Bad_NodeIdUnknown);
        }
        String variable = meterVariableName(id.getNodeId());
        ValueHistory h = history;
        if (h == null || variable == null) {
            return ValueHistory.Page.failed(StatusCodes.Bad_HistoryOperationUnsupported);
        }
        String path = (String) id.getNodeId().getIdentifier();
        String meterId = path.substring("meters/".length(), path.length() - variable.length() - 1);
        if (details instanceof ReadProcessedDetails processed) {
            return h.processed(meterId, variable, processed, aggregate, timestamps, id.getContinuationPoint());
        }
        return h.read(meterId, variable, details, timestamps, id.getContinuationPoint());
    }

    /** A change of a meter's alarm on the service's list: its LimitAlarm shows it, made first if it has none. */
    void alarm(MeterAlarm change) {
        LimitAlarm alarm;
        synchronized (lock) {
            alarm = limitAlarms.get(change.meterId());
            if (alarm == null && meters == null) {
                return;
            }
            if (alarm == null) {
                ensure(meters, "meters/", change.meterId(), METER_VARIABLES);
                alarm = limitAlarm(change.meterId());
            }
        }
        alarm.onAlarm(change);
    }

    /** The quality of the value a meter's LimitAlarm watches, where it has one (see {@link LimitAlarm#quality}). */
    void alarmQuality(String meterId, StatusCode quality) {
        LimitAlarm alarm;
        synchronized (lock) {
            alarm = limitAlarms.get(meterId);
        }
        if (alarm != null) {
            alarm.quality(quality);
        }
    }

    /** Counts the timed shelves' UnshelveTime down to {@code now}. */
    void countDownShelves(Instant now) {
        limitAlarms().forEach(alarm -> alarm.countDown(now));
    }

    /** Where the conditions' Acknowledge and shelving go: the service's alarm list. */
    void operateWith(AlarmActions list) {
        acknowledger = list;
        limitAlarms().forEach(alarm -> {
            alarm.maxTimeShelved();
            alarm.disabledAsBefore();
        });
    }

    /** The conditions the alarm list now says are disabled, read back late: disabled, and clients told. */
    void conditionsDisabledLate() {
        limitAlarms().forEach(LimitAlarm::disabledLate);
    }

    /** Where the meters' TakeOutOfService and PutBackInService go: the service's alarm list. */
    void serviceWith(ServiceActions actions) {
        service = actions;
    }

    /** The methods of each meter's folder. */
    static final List<String> METER_METHODS = List.of("TakeOutOfService", "PutBackInService");

    /**
     * A meter's TakeOutOfService(Reason) and PutBackInService(), as the API's out-of-service and
     * in-service, under the caller's name: Bad_UserAccessDenied for a viewer's account,
     * Bad_InvalidState for a meter out of service already, or not out of service.
     */
    private void serviceMethods(UaFolderNode folder, String meterId) {
        method(folder, meterId, METER_METHODS.get(0), "Takes the meter out of service (a gauge away for maintenance "
                        + "or being replaced): it reads OUT_OF_SERVICE, with no value, and raises no alarm until it is "
                        + "put back; kept over restarts",
                new Argument[] {new Argument("Reason", Identifiers.String, ValueRanks.Scalar, null,
                        LocalizedText.english("why, for the alarm journal (may be empty)"))},
                (actions, user, in) -> actions.takeOutOfService(meterId, user, reason(in[0])));
        method(folder, meterId, METER_METHODS.get(1), "Puts the meter back in service: read and alarmed afresh from "
                        + "its next frame", new Argument[0],
                (actions, user, in) -> actions.putBackInService(meterId, user));
    }

    /** A Reason argument: a null String is none, a long one is cut as MQTT's is. */
    private static String reason(Variant argument) {
        return AlarmActions.text(argument.getValue() instanceof String s ? s : null);
    }

    /** What a meter's method does, for a caller who may. */
    private interface ServiceCall {
        void call(ServiceActions actions, String user, Variant[] in);
    }

    private void method(UaFolderNode folder, String meterId, String name, String description, Argument[] inputs,
                        ServiceCall call) {
        UaMethodNode node = UaMethodNode.builder(getNodeContext())
                .setNodeId(newNodeId("meters/" + meterId + "/" + name))
                .setBrowseName(newQualifiedName(name))
                .setDisplayName(LocalizedText.english(name))
                .setDescription(LocalizedText.english(description))
                .build();
        AbstractMethodInvocationHandler handler = new AbstractMethodInvocationHandler(node) {
            @Override
            public Argument[] getInputArguments() {
                return inputs;
            }

            @Override
            public Argument[] getOutputArguments() {
                return new Argument[0];
            }

            @Override
            protected Variant[] invoke(InvocationContext context, Variant[] in) throws UaException {
                ServiceActions actions = service;
                if (actions == null) {
                    throw new UaException(StatusCodes.Bad_NotSupported, "meters are not taken out of service here");
                }
                String user = LimitAlarm.operator(context, readOnly);
                try {
                    call.call(actions, user, in);
                } catch (IllegalStateException e) {
                    throw new UaException(StatusCodes.Bad_InvalidState, e.getMessage());
                }
                return new Variant[0];
            }
        };
        node.setInvocationHandler(handler);
        if (inputs.length > 0) {
            node.setInputArguments(inputs);
        }
        getNodeManager().addNode(node);
        folder.addReference(new Reference(folder.getNodeId(), Identifiers.HasComponent, node.getNodeId().expanded(),
                true));
    }

    /** The meters' limit alarms, for ConditionRefresh. */
    List<LimitAlarm> limitAlarms() {
        synchronized (lock) {
            return List.copyOf(limitAlarms.values());
        }
    }

    /** Makes a meter's LimitAlarm condition, in its folder; under lock, the folder made. */
    private LimitAlarm limitAlarm(String meterId) {
        String id = "meters/" + meterId + "/LimitAlarm";
        try {
            ExclusiveLimitAlarmTypeNode node = (ExclusiveLimitAlarmTypeNode) getNodeFactory().createNode(newNodeId(id),
                    Identifiers.ExclusiveLimitAlarmType, new NodeFactory.InstantiationCallback() {
                        @Override
                        public boolean includeOptionalNode(NodeId typeDefinitionId, QualifiedName browseName) {
                            // the limits, and shelving (Part 9's ShelvingState, with MaxTimeShelved)
                            return List.of("HighLimit", "LowLimit", "ShelvingState", "MaxTimeShelved")
                                    .contains(browseName.getName());
                        }
                    });
            node.setBrowseName(newQualifiedName("LimitAlarm"));
            node.setDisplayName(LocalizedText.english("LimitAlarm"));
            NodeId value = meterVariable(meterId, "Value");
            getNodeManager().getNode(newNodeId("meters/" + meterId)).ifPresent(folder -> folder.addReference(
                    new Reference(folder.getNodeId(), Identifiers.HasComponent, node.getNodeId().expanded(), true)));
            getNodeManager().getNode(value).ifPresent(v -> v.addReference(
                    new Reference(v.getNodeId(), Identifiers.HasCondition, node.getNodeId().expanded(), true)));
            LimitAlarm alarm = new LimitAlarm(node, meterId, value, getServer().getEventBus()::post, () -> acknowledger,
                    readOnly);
            alarm.disabledAsBefore();
            limitAlarms.put(meterId, alarm);
            return alarm;
        } catch (UaException e) {
            throw new IllegalStateException("the standard ExclusiveLimitAlarmType could not be made: " + e.getMessage(),
                    e);
        }
    }

    /** The node id of a meter's variable. */
    NodeId meterVariable(String meterId, String name) {
        return newNodeId("meters/" + meterId + "/" + name);
    }

    /** The node id of a camera's variable. */
    NodeId cameraVariable(String cameraId, String name) {
        return newNodeId("cameras/" + cameraId + "/" + name);
    }

    /** Sets a meter's variables, its folder made first if it has none; false before the namespace started. */
    boolean setMeter(String meterId, Map<String, DataValue> values) {
        return set(meters, "meters/", meterId, METER_VARIABLES, values);
    }

    /** Sets a meter's Stuck (since when, or null: not stuck), where the meter has its folder. */
    void setStuck(String meterId, Instant since) {
        synchronized (lock) {
            getNodeManager().getNode(meterVariable(meterId, STUCK)).ifPresent(node -> ((UaVariableNode) node)
                    .setValue(new DataValue(new Variant(since != null), StatusCode.GOOD,
                            new DateTime(since == null ? Instant.now() : since), DateTime.now())));
        }
    }

    boolean setCamera(String cameraId, Map<String, DataValue> values) {
        return set(cameras, "cameras/", cameraId, CAMERA_VARIABLES, values);
    }

    void removeMeter(String meterId) {
        LimitAlarm going;
        synchronized (lock) {
            going = limitAlarms.get(meterId);
        }
        if (going != null) {
            // a client's alarm list holds a retained condition until told otherwise: told before it goes
            going.removed();
        }
        synchronized (lock) {
            List<String> prefixes = new ArrayList<>();
            if (limitAlarms.remove(meterId) != null) {
                prefixes.add("meters/" + meterId + "/LimitAlarm");
            }
            METER_METHODS.forEach(name -> prefixes.add("meters/" + meterId + "/" + name));
            prefixes.add("meters/" + meterId + "/" + STUCK);
            getNodeManager().getNodes().stream()
                    .filter(n -> n.getNodeId().getIdentifier() instanceof String text
                            && prefixes.stream().anyMatch(text::startsWith))
                    .toList().forEach(UaNode::delete);
            remove(meters, "meters/", meterId, METER_VARIABLES);
        }
    }

    void removeCamera(String cameraId) {
        remove(cameras, "cameras/", cameraId, CAMERA_VARIABLES);
    }

    private boolean set(UaFolderNode parent, String prefix, String id, Map<String, NodeId> variables,
                        Map<String, DataValue> values) {
        synchronized (lock) {
            if (parent == null) {
                return false;
            }
            NodeId folderId = newNodeId(prefix + id);
            ensure(parent, prefix, id, variables);
            values.forEach((name, value) -> getNodeManager().getNode(newNodeId(prefix + id + "/" + name))
                    .ifPresent(node -> ((UaVariableNode) node).setValue(value)));
            return true;
        }
    }

    /**
     * Gives a meter's value its scale: EURange (the calibration's range) and EngineeringUnits (its
     * unit), which a SCADA client reads to scale a bar or a trend, and its LimitAlarm the
     * calibration's alarm limits (made here for a meter that has any); the folder made first if
     * it has none.
     */
    boolean describeMeter(String meterId, double min, double max, String unit, Double low, Double high) {
        synchronized (lock) {
            if (meters == null) {
                return false;
            }
            ensure(meters, "meters/", meterId, METER_VARIABLES);
            LimitAlarm alarm = limitAlarms.get(meterId);
            if (alarm == null && (low != null || high != null)) {
                alarm = limitAlarm(meterId);
            }
            if (alarm != null) {
                alarm.limits(low, high);
            }
            getNodeManager().getNode(meterVariable(meterId, "Value")).ifPresent(node -> {
                AnalogItemTypeNode value = (AnalogItemTypeNode) node;
                value.setEURange(new Range(min, max));
                value.setEngineeringUnits(EngineeringUnit.of(unit));
            });
            return true;
        }
    }

    /** Makes the folder and its variables, where it has none. */
    private void ensure(UaFolderNode parent, String prefix, String id, Map<String, NodeId> variables) {
        if (getNodeManager().containsNode(newNodeId(prefix + id))) {
            return;
        }
        UaFolderNode folder = folder(prefix + id, id);
        parent.addOrganizes(folder);
        variables.forEach((name, type) -> folder.addOrganizes(prefix.equals("meters/") && name.equals("Value")
                ? analogItem(prefix + id + "/" + name, name) : variable(prefix + id + "/" + name, name, type)));
        if (prefix.equals("meters/")) {
            UaVariableNode stuck = variable(prefix + id + "/" + STUCK, STUCK, Identifiers.Boolean);
            stuck.setValue(new DataValue(new Variant(false)));
            folder.addOrganizes(stuck);
            serviceMethods(folder, id);
            folder.setEventNotifier(SUBSCRIBE_TO_EVENTS);
        }
    }

    private UaVariableNode variable(String id, String name, NodeId type) {
        UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                .setNodeId(newNodeId(id))
                .setAccessLevel(AccessLevel.READ_ONLY)
                .setUserAccessLevel(AccessLevel.READ_ONLY)
                .setBrowseName(newQualifiedName(name))
                .setDisplayName(LocalizedText.english(name))
                .setDataType(type)
                .setTypeDefinition(Identifiers.BaseDataVariableType)
                .setValue(new DataValue(new StatusCode(StatusCodes.Bad_WaitingForInitialData)))
                .build();
        if (history != null && meterVariableName(node.getNodeId()) != null) {
            historizing(node);
        }
        getNodeManager().addNode(node);
        return node;
    }

    /** A meter's value: an AnalogItemType variable (Part 8), with its EngineeringUnits property too. */
    private UaVariableNode analogItem(String id, String name) {
        try {
            AnalogItemTypeNode node = (AnalogItemTypeNode) getNodeFactory().createNode(newNodeId(id),
                    Identifiers.AnalogItemType, new NodeFactory.InstantiationCallback() {
                        @Override
                        public boolean includeOptionalNode(NodeId typeDefinitionId, QualifiedName browseName) {
                            return browseName.getName().equals("EngineeringUnits");
                        }
                    });
            node.setBrowseName(newQualifiedName(name));
            node.setDisplayName(LocalizedText.english(name));
            node.setDataType(Identifiers.Double);
            node.setAccessLevel(AccessLevel.toValue(AccessLevel.READ_ONLY));
            node.setUserAccessLevel(AccessLevel.toValue(AccessLevel.READ_ONLY));
            if (history != null) {
                historizing(node);
            }
            node.setValue(new DataValue(new StatusCode(StatusCodes.Bad_WaitingForInitialData)));
            getNodeManager().addNode(node);
            return node;
        } catch (UaException e) {
            throw new IllegalStateException("the standard AnalogItemType could not be made: " + e.getMessage(), e);
        }
    }

    private void remove(UaFolderNode parent, String prefix, String id, Map<String, NodeId> variables) {
        synchronized (lock) {
            if (parent == null) {
                return;
            }
            getNodeManager().getNode(newNodeId(prefix + id)).ifPresent(folder -> {
                parent.removeOrganizes(folder);
                variables.keySet().forEach(name -> getNodeManager().getNode(newNodeId(prefix + id + "/" + name))
                        .ifPresent(node -> {
                            if (node instanceof AnalogItemTypeNode analog) {
                                analog.getEURangeNode().delete();
                                analog.getEngineeringUnitsNode().delete();
                            }
                            node.delete();
                        }));
                folder.delete();
            });
        }
    }

    @Override
    public void onDataItemsCreated(List<DataItem> items) {
        subscriptions.onDataItemsCreated(items);
    }

    @Override
    public void onDataItemsModified(List<DataItem> items) {
        subscriptions.onDataItemsModified(items);
    }

    @Override
    public void onDataItemsDeleted(List<DataItem> items) {
        subscriptions.onDataItemsDeleted(items);
    }

    @Override
    public void onMonitoringModeChanged(List<MonitoredItem> items) {
        subscriptions.onMonitoringModeChanged(items);
    }
}
