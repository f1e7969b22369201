package io.meterreader.opcua;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.api.methods.AbstractMethodInvocationHandler;
import org.eclipse.milo.opcua.sdk.server.api.methods.AbstractMethodInvocationHandler.InvocationContext;
import org.eclipse.milo.opcua.sdk.server.items.BaseMonitoredItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredEventItem;
import org.eclipse.milo.opcua.sdk.server.model.methods.ConditionRefresh2Method;
import org.eclipse.milo.opcua.sdk.server.model.methods.ConditionRefreshMethod;
import org.eclipse.milo.opcua.sdk.server.model.nodes.objects.BaseEventTypeNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaMethodNode;
import org.eclipse.milo.opcua.sdk.server.subscriptions.Subscription;
import org.eclipse.milo.opcua.stack.core.Identifiers;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned;
import org.eclipse.milo.opcua.stack.core.types.structured.Argument;
import org.eclipse.milo.opcua.stack.core.util.NonceUtil;

/**
 * ConditionRefresh and ConditionRefresh2 (Part 9, 5.5.7-8) as a SCADA calls them on connecting or
 * reconnecting, to fill its alarm list: RefreshStartEvent, then every retained condition's current
 * state, then RefreshEndEvent, to the event items of the calling session's subscription (or the
 * one item) only. Milo's own handler refuses a UInt32 subscription id (every client's: {@link
 * WireArguments}), and would send the two markers to every client and no condition between them.
 */
final class ConditionRefresh {

    private ConditionRefresh() {
    }

    /**
     * Installs the handlers on the standard methods (ConditionType's), for the given conditions; an
     * event item on a node other than the Server is refreshed with the conditions whose source is in
     * {@code scope} of that node (a meter's folder: its own).
     */
    static void install(OpcUaServer server, Supplier<List<LimitAlarm>> conditions,
                        Function<NodeId, Predicate<NodeId>> scope) {
        server.getAddressSpaceManager().getManagedNode(Identifiers.ConditionType_ConditionRefresh)
                .ifPresent(node -> handle((UaMethodNode) node, new ConditionRefreshMethod((UaMethodNode) node) {
                    @Override
                    public Argument[] getInputArguments() {
                        return WireArguments.of(super.getInputArguments());
                    }

                    @Override
                    protected void invoke(InvocationContext context, UInteger subscriptionId) throws UaException {
                        refresh(server, subscription(context, subscriptionId).getMonitoredItems().values(),
                                conditions.get(), scope);
                    }
                }));
        server.getAddressSpaceManager().getManagedNode(Identifiers.ConditionType_ConditionRefresh2)
                .ifPresent(node -> handle((UaMethodNode) node, new ConditionRefresh2Method((UaMethodNode) node) {
                    @Override
                    public Argument[] getInputArguments() {
                        return WireArguments.of(super.getInputArguments());
                    }

                    @Override
                    protected void invoke(InvocationContext context, UInteger subscriptionId, UInteger itemId)
                            throws UaException {
                        BaseMonitoredItem<?> item = subscription(context, subscriptionId).getMonitoredItems()
                                .get(itemId);
                        if (item == null) {
                            throw new UaException(StatusCodes.Bad_MonitoredItemIdInvalid);
                        }
                        refresh(server, List.of(item), conditions.get(), scope);
                    }
                }));
    }

    /** The handler on the method; the method's own InputArguments (IntegerId, the standard's) are left as they are. */
    private static void handle(UaMethodNode method, AbstractMethodInvocationHandler handler) {
        method.setInvocationHandler(handler);
    }

    /** The caller's own subscription: another session's is refused, as an unknown one is. */
    private static Subscription subscription(InvocationContext context, UInteger id) throws UaException {
        Session session = context.getSession().orElseThrow(() -> new UaException(StatusCodes.Bad_SessionIdInvalid));
        Subscription subscription = session.getSubscriptionManager().getSubscription(id);
        if (subscription == null) {
            throw new UaException(StatusCodes.Bad_SubscriptionIdInvalid);
        }
        return subscription;
    }

    private static void refresh(OpcUaServer server, Iterable<? extends BaseMonitoredItem<?>> items,
                                List<LimitAlarm> conditions, Function<NodeId, Predicate<NodeId>> scope)
            throws UaException {
        BaseEventTypeNode start = marker(server, Identifiers.RefreshStartEventType, "RefreshStart");
        BaseEventTypeNode end = marker(server, Identifiers.RefreshEndEventType, "RefreshEnd");
        try {
            for (BaseMonitoredItem<?> item : items) {
                if (item instanceof MonitoredEventItem events && item.isSamplingEnabled()) {
                    NodeId notifier = item.getReadValueId().getNodeId();
                    Predicate<NodeId> sources = Identifiers.Server.equals(notifier) ? source -> true
                            : scope.apply(notifier);
                    events.onEvent(start);
                    conditions.stream().filter(c -> sources.test(c.source())).forEach(c -> c.refresh(events::onEvent));
                    events.onEvent(end);
                }
            }
        } finally {
            start.delete();
            end.delete();
        }
    }

    private static BaseEventTypeNode marker(OpcUaServer server, NodeId type, String name) throws UaException {
        BaseEventTypeNode event = server.getEventFactory().createEvent(new NodeId(1, UUID.randomUUID()), type);
        event.setBrowseName(new QualifiedName(1, name));
        event.setDisplayName(LocalizedText.english(name));
        event.setEventId(NonceUtil.generateNonce(16));
        event.setEventType(type);
        event.setSourceNode(Identifiers.Server);
        event.setSourceName("Server");
        event.setTime(DateTime.now());
        event.setReceiveTime(DateTime.now());
        event.setMessage(LocalizedText.english(name));
        event.setSeverity(Unsigned.ushort(0));
        return event;
    }
}
