package io.meterreader.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.meterreader.config.OpcUaProperties;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.testing.FreePorts;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.api.subscriptions.UaSubscription;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.Identifiers;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MonitoringMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.ContentFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.EventFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.MonitoredItemCreateRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.MonitoringParameters;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.SimpleAttributeOperand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A meter going beyond an alarm limit and back: events a client subscribed to the Server object is told. */
class OpcUaAlarmEventTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:30:00Z");

    @TempDir
    Path pki;

    private static SimpleAttributeOperand field(String name) {
        return new SimpleAttributeOperand(Identifiers.BaseEventType, new QualifiedName[] {new QualifiedName(0, name)},
                AttributeId.Value.uid(), null);
    }

    private static Reading reading(double value, AlarmState alarm, int second) {
        return Reading.ok("boiler", "cam1", value, "bar", value / 16, 0.9, alarm, T0.plusSeconds(second),
                T0.plusSeconds(second).plusMillis(80));
    }

    @Test
    void aMeterBeyondItsLimitAndBack_isAnEventEachWay_andAFailedReadingIsNeither() throws Exception {
        try (OpcUaOutput server = new OpcUaOutput(new OpcUaProperties(FreePorts.next(), "127.0.0.1", "127.0.0.1",
                "/meter-reader", null, null, true, pki, null))) {
            server.start();
            OpcUaClient client = OpcUaClients.connect(server.endpoint(), null, null);
            try {
                List<Variant[]> events = new CopyOnWriteArrayList<>();
                UaSubscription subscription = client.getSubscriptionManager().createSubscription(50.0).get();
                EventFilter filter = new EventFilter(new SimpleAttributeOperand[] {field("SourceName"),
                        field("Message"), field("Severity"), field("Time"), field("SourceNode")},
                        new ContentFilter(null));
                MonitoredItemCreateRequest request = new MonitoredItemCreateRequest(
                        new ReadValueId(Identifiers.Server, AttributeId.EventNotifier.uid(), null,
                                QualifiedName.NULL_VALUE),
                        MonitoringMode.Reporting, new MonitoringParameters(uint(1), 0.0,
                        ExtensionObject.encode(client.getStaticSerializationContext(), filter), uint(100), true));
                subscription.createMonitoredItems(TimestampsToReturn.Both, List.of(request),
                        (item, i) -> item.setEventConsumer((it, fields) -> events.add(fields)))
                        .get(10, TimeUnit.SECONDS);

                server.accept(reading(8.0, AlarmState.NONE, 1));
                server.accept(reading(13.5, AlarmState.HIGH, 2));
                server.accept(reading(13.9, AlarmState.HIGH, 3));
                server.accept(Reading.failed("boiler", "cam1", ReadingStatus.POINTER_NOT_FOUND, "bar", 0.1,
                        T0.plusSeconds(4), T0.plusSeconds(4)));
                server.accept(reading(14.0, AlarmState.HIGH, 5));
                server.accept(reading(9.0, AlarmState.NONE, 6));

                long end = System.nanoTime() + 10_000_000_000L;
                while (events.size() < 2 && System.nanoTime() < end) {
                    Thread.sleep(50);
                }
                Thread.sleep(500);
                assertThat(events).as("into HIGH and back; a failed reading neither clears nor raises").hasSize(2);
                Variant[] high = events.get(0);
                assertThat(high[0].getValue()).isEqualTo("boiler");
                assertThat(((LocalizedText) high[1].getValue()).getText()).isEqualTo("boiler HIGH: 13.5 bar");
                assertThat(((UShort) high[2].getValue()).intValue()).isEqualTo(700);
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
}
