package io.meterreader.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.meterreader.config.OpcUaProperties;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.Reading;
import io.meterreader.store.ReadingStore;
import io.meterreader.testing.FreePorts;
import io.meterreader.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.Identifiers;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.AggregateConfiguration;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryData;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadProcessedDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client's HistoryRead of a meter's value, over the wire (Eclipse Milo's client), from the stored readings. */
class OpcUaHistoryTest {

    private static final Instant T0 = Instant.parse("2026-12-06T09:00:00Z");
    /** The server's own aggregate configuration (Part 13's defaults), as a client asks for it. */
    private static final AggregateConfiguration DEFAULTS = new AggregateConfiguration(true, false, ubyte(100),
            ubyte(100), false);

    @TempDir
    Path pki;

    private static ReadRawModifiedDetails raw(Instant start, Instant end, long n) {
        return new ReadRawModifiedDetails(false, new DateTime(start), new DateTime(end), uint(n), false);
    }

    private static HistoryReadResult historyRead(OpcUaClient client, NodeId node, ReadRawModifiedDetails details,
                                                 ByteString continuation) throws Exception {
        return client.historyRead(details, TimestampsToReturn.Both, false,
                List.of(new HistoryReadValueId(node, null, QualifiedName.NULL_VALUE, continuation)))
                .get(10, TimeUnit.SECONDS).getResults()[0];
    }

    private static DataValue[] values(OpcUaClient client, HistoryReadResult result) {
        return ((HistoryData) result.getHistoryData().decode(client.getStaticSerializationContext())).getDataValues();
    }

    private static Object attribute(OpcUaClient client, NodeId node, AttributeId attribute) throws Exception {
        return client.read(0, TimestampsToReturn.Neither, List.of(new ReadValueId(node, attribute.uid(), null,
                QualifiedName.NULL_VALUE))).get(10, TimeUnit.SECONDS).getResults()[0].getValue().getValue();
    }

    @Test
    void aMetersValue_isHistorizing_andAClientReadsItsStoredReadingsPageByPage() throws Exception {
        try (TestDatabase database = TestDatabase.open("h2");
             OpcUaOutput server = new OpcUaOutput(new OpcUaProperties(FreePorts.next(), "127.0.0.1", "127.0.0.1",
                     "/meter-reader", null, null, true, pki, null))) {
            ReadingStore store = new ReadingStore(database.jdbc);
            List<Reading> readings = new ArrayList<>();
            for (int i = 0; i < 1_200; i++) {
                readings.add(Reading.ok("boiler", "cam1", i / 100.0, "bar", i / 1600.0, 0.9, AlarmState.NONE,
                        T0.plusSeconds(i), T0.plusSeconds(i).plusMillis(90)));
            }
            store.saveAll(readings);
            server.start();
            server.describe("boiler", 0, 16, "bar", null, null);
            OpcUaClient client = OpcUaClients.connect(server.endpoint(), null, null);
            try {
                NodeId value = OpcUaClients.node(client, "meters/boiler/Value");
                assertThat(historyRead(client, value, raw(T0, T0.plusSeconds(10), 0), ByteString.NULL_VALUE)
                        .getStatusCode().getValue()).as("before the store is behind it")
                        .isEqualTo(StatusCodes.Bad_HistoryOperationUnsupported);

                server.useHistory(store::between);
                assertThat(AccessLevel.fromValue((UByte) attribute(client, value, AttributeId.AccessLevel)))
                        .isEqualTo(EnumSet.of(AccessLevel.CurrentRead, AccessLevel.HistoryRead));
                assertThat(attribute(client, value, AttributeId.Historizing)).isEqualTo(true);
                assertThat(attribute(client, Identifiers.HistoryServerCapabilities_AccessHistoryDataCapability,
                        AttributeId.Value)).isEqualTo(true);

                HistoryReadResult few = historyRead(client, value, raw(T0.plusSeconds(5), T0.plusSeconds(8), 0),
                        ByteString.NULL_VALUE);
                assertThat(few.getStatusCode().isGood()).isTrue();
                DataValue[] got = values(client, few);
                assertThat(got).extracting(v -> v.getValue().getValue()).containsExactly(0.05, 0.06, 0.07);
                assertThat(got[0].getSourceTime().getJavaInstant()).isEqualTo(T0.plusSeconds(5));

                // all of them: a first page, and the rest through its continuation point
                ReadRawModifiedDetails all = raw(T0, T0.plusSeconds(10_000), 0);
                HistoryReadResult first = historyRead(client, value, all, ByteString.NULL_VALUE);
                assertThat(values(client, first)).hasSize(ValueHistory.PAGE);
                assertThat(first.getContinuationPoint().isNotNull()).isTrue();
                HistoryReadResult rest = historyRead(client, value, all, first.getContinuationPoint());
                assertThat(values(client, rest)).hasSize(200);
                assertThat(values(client, rest)[199].getValue().getValue()).isEqualTo(11.99);
                assertThat(rest.getContinuationPoint().isNull()).isTrue();

                HistoryReadResult status = historyRead(client, OpcUaClients.node(client, "meters/boiler/Status"),
                        raw(T0, T0.plusSeconds(2), 0), ByteString.NULL_VALUE);
                assertThat(values(client, status)).extracting(v -> v.getValue().getValue())
                        .containsExactly("OK", "OK");
                assertThat(attribute(client, OpcUaClients.node(client, "meters/boiler/Alarm"),
                        AttributeId.Historizing)).isEqualTo(true);
                server.publishCamera("cam1", Map.of("state", "STREAMING"));
                assertThat(historyRead(client, OpcUaClients.node(client, "cameras/cam1/State"), all,
                        ByteString.NULL_VALUE).getStatusCode().getValue()).as("a camera's state has no history")
                        .isEqualTo(StatusCodes.Bad_HistoryOperationUnsupported);
                assertThat(historyRead(client, OpcUaClients.node(client, "meters/nothing/Value"), all,
                        ByteString.NULL_VALUE).getStatusCode().getValue()).isEqualTo(StatusCodes.Bad_NodeIdUnknown);

                // processed: one aggregate per node, over 10-minute intervals
                NodeId confidence = OpcUaClients.node(client, "meters/boiler/Confidence");
                ReadProcessedDetails tenMinutes = new ReadProcessedDetails(new DateTime(T0),
                        new DateTime(T0.plusSeconds(1_200)), 600_000.0, new NodeId[] {
                            Identifiers.AggregateFunction_Average, Identifiers.AggregateFunction_Count}, DEFAULTS);
                HistoryReadResult[] processed = client.historyRead(tenMinutes, TimestampsToReturn.Source, false,
                        List.of(new HistoryReadValueId(value, null, QualifiedName.NULL_VALUE, ByteString.NULL_VALUE),
                                new HistoryReadValueId(confidence, null, QualifiedName.NULL_VALUE,
                                        ByteString.NULL_VALUE))).get(10, TimeUnit.SECONDS).getResults();
                assertThat(values(client, processed[0])).extracting(v -> (Double) v.getValue().getValue())
                        .satisfiesExactly(a -> assertThat(a).isCloseTo(2.995, within(1e-9)),
                                b -> assertThat(b).isCloseTo(8.995, within(1e-9)));
                assertThat(values(client, processed[0])[1].getSourceTime().getJavaInstant())
                        .isEqualTo(T0.plusSeconds(600));
                assertThat(values(client, processed[1])).extracting(v -> v.getValue().getValue())
                        .containsExactly(uint(600), uint(600));
                HistoryReadResult[] mismatched = client.historyRead(new ReadProcessedDetails(new DateTime(T0),
                        new DateTime(T0.plusSeconds(1_200)), 0.0, new NodeId[] {Identifiers.AggregateFunction_Average,
                            Identifiers.AggregateFunction_Count, Identifiers.AggregateFunction_End}, DEFAULTS),
                        TimestampsToReturn.Source, false,
                        List.of(new HistoryReadValueId(value, null, QualifiedName.NULL_VALUE, ByteString.NULL_VALUE),
                                new HistoryReadValueId(confidence, null, QualifiedName.NULL_VALUE,
                                        ByteString.NULL_VALUE))).get(10, TimeUnit.SECONDS).getResults();
                assertThat(mismatched[0].getStatusCode().getValue()).isEqualTo(StatusCodes.Bad_AggregateListMismatch);
                // where a client looks the aggregates up
                List<ReferenceDescription> aggregates = client.getAddressSpace().browse(
                        Identifiers.HistoryServerCapabilities_AggregateFunctions);
                assertThat(aggregates).extracting(r -> r.getBrowseName().getName()).contains("Average", "Count",
                        "Minimum", "Maximum", "Start", "End");

                // a meter calibrated later is historizing from the start
                server.describe("tank", 0, 100, "%", null, null);
                assertThat(attribute(client, OpcUaClients.node(client, "meters/tank/Value"), AttributeId.Historizing))
                        .isEqualTo(true);
            } finally {
                client.disconnect().get();
            }
        }
    }
}
