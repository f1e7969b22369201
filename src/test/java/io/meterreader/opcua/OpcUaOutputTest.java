package io.meterreader.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.meterreader.config.OpcUaProperties;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.testing.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.api.subscriptions.UaSubscription;
import org.eclipse.milo.opcua.sdk.server.api.config.OpcUaServerConfig;
import org.eclipse.milo.opcua.stack.client.DiscoveryClient;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MonitoringMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.MonitoredItemCreateRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.MonitoringParameters;
import org.eclipse.milo.opcua.stack.core.types.structured.Range;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpcUaOutputTest {

    private static final Instant T0 = Instant.parse("2026-12-06T05:00:00Z");

    @TempDir
    Path pki;

    private OpcUaOutput server(String user, String password) throws Exception {
        return server(user, password, /* unsecured= */ true);
    }

    private OpcUaOutput server(String user, String password, boolean unsecured) throws Exception {
        OpcUaOutput server = new OpcUaOutput(new OpcUaProperties(FreePorts.next(), "127.0.0.1", "127.0.0.1",
                "/meter-reader", user, password, unsecured, pki, null));
        server.start();
        return server;
    }

    /** A user's certificate and key, as a plant's PKI would issue them (here self-signed). */
    private static java.util.Map.Entry<X509Certificate, KeyPair> user(String name) throws Exception {
        KeyPair keys = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        X509Certificate certificate = new SelfSignedCertificateBuilder(keys).setCommonName(name)
                .setApplicationUri("urn:plant:" + name).build();
        return java.util.Map.entry(certificate, keys);
    }

    private static void writePem(Path file, X509Certificate certificate) throws Exception {
        Files.writeString(file, "-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
    }

    @Test
    void aPkiFolderThatCannotBeMade_isAConfigurationMistakeNamingTheKey() throws Exception {
        Path file = Files.writeString(pki.resolve("a-file"), "not a folder");
        OpcUaOutput server = new OpcUaOutput(new OpcUaProperties(FreePorts.next(), "127.0.0.1", "127.0.0.1",
                "/meter-reader", null, null, true, file.resolve("pki"), null));
        try (server) {
            assertThatThrownBy(server::start).isInstanceOf(io.meterreader.config.ConfigurationException.class)
                    .hasMessageStartingWith("meter-reader.opcua.pki-dir '" + file.resolve("pki")
                            + "' cannot hold the server's certificate and trust list: ");
        }
    }

    @Test
    void userCertificates_letTheirHoldersIn_andOnlyWhileTheirFileIsThere() throws Exception {
        Path users = Files.createDirectories(pki.resolve("users"));
        var operator = user("operator");
        var stranger = user("stranger");
        writePem(users.resolve("operator.pem"), operator.getKey());
        Files.writeString(users.resolve("README.txt"), "not a certificate");
        OpcUaOutput server = new OpcUaOutput(new OpcUaProperties(FreePorts.next(), "127.0.0.1", "127.0.0.1",
                "/meter-reader", "eng", "secret-pw", true, pki, users));
        server.start();
        try (server) {
            server.accept(reading("boiler", ReadingStatus.OK, 7.5, T0));
            OpcUaClient client = OpcUaClients.connectAsUser(server.endpoint(), operator.getKey(),
                    operator.getValue().getPrivate());
            try {
                assertThat(OpcUaClients.read(client, "meters/boiler/Value").getValue().getValue()).isEqualTo(7.5);
            } finally {
                client.disconnect().get();
            }
            assertThatThrownBy(() -> OpcUaClients.connectAsUser(server.endpoint(), stranger.getKey(),
                    stranger.getValue().getPrivate())).as("a certificate not in the folder").isInstanceOf(Exception.class);
            assertThatThrownBy(() -> OpcUaClients.connect(server.endpoint(), null, null))
                    .as("anonymous, with users set").isInstanceOf(Exception.class);
            OpcUaClient byPassword = OpcUaClients.connect(server.endpoint(), "eng", "secret-pw");
            byPassword.disconnect().get();

            Files.delete(users.resolve("operator.pem"));
            assertThatThrownBy(() -> OpcUaClients.connectAsUser(server.endpoint(), operator.getKey(),
                    operator.getValue().getPrivate())).as("revoked: its file removed").isInstanceOf(Exception.class);
            assertThat(server.refusedLogIns()).as("the stranger and the revoked").isEqualTo(2);
        }
    }

    private static Reading reading(String meter, ReadingStatus status, Double value, Instant at) {
        return new Reading(meter, "cam1", status, value, "bar", value == null ? null : value / 16, 0.8,
                value != null && value > 12 ? AlarmState.HIGH : AlarmState.NONE, at, at.plusMillis(100));
    }

    @Test
    @org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
    void aWrite_isNotWritable_withoutAStackTraceInTheLogForEachTry(
            org.springframework.boot.test.system.CapturedOutput output) throws Exception {
        try (OpcUaOutput server = server(null, null)) {
            server.accept(reading("boiler", ReadingStatus.OK, 4.0, T0));
            OpcUaClient client = OpcUaClients.connect(server.endpoint(), null, null);
            try {
                org.eclipse.milo.opcua.stack.core.types.builtin.NodeId value =
                        OpcUaClients.node(client, "meters/boiler/Value");
                org.eclipse.milo.opcua.stack.core.types.builtin.NodeId ghost =
                        new org.eclipse.milo.opcua.stack.core.types.builtin.NodeId(value.getNamespaceIndex(),
                                "meters/ghost/Value");
                List<org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode> results = client.writeValues(
                        List.of(value, ghost), List.of(DataValue.valueOnly(
                                new org.eclipse.milo.opcua.stack.core.types.builtin.Variant(9.0)), DataValue.valueOnly(
                                new org.eclipse.milo.opcua.stack.core.types.builtin.Variant(9.0)))).get(10, TimeUnit.SECONDS);

                assertThat(results).extracting(org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode::getValue)
                        .containsExactly(StatusCodes.Bad_NotWritable, StatusCodes.Bad_NodeIdUnknown);
                assertThat(OpcUaClients.read(client, "meters/boiler/Value").getValue().getValue()).isEqualTo(4.0);
                assertThat(output.getOut()).doesNotContain("Unable to write value");
            } finally {
                client.disconnect().get();
            }
        }
    }

    @Test
    void aMetersReadings_areItsVariables_withOpcUasQuality() throws Exception {
        try (OpcUaOutput server = server(null, null)) {
            OpcUaClient client = OpcUaClients.connect(server.endpoint(), null, null);
            try {
                server.accept(reading("boiler", ReadingStatus.LOW_CONFIDENCE, null, T0));
                DataValue before = OpcUaClients.read(client, "meters/boiler/Value");
                assertThat(before.getStatusCode().getValue()).isEqualTo(StatusCodes.Bad_WaitingForInitialData);
                assertThat(before.getValue().getValue()).isNull();

                server.accept(reading("boiler", ReadingStatus.OK, 13.25, T0.plusSeconds(1)));
                DataValue ok = OpcUaClients.read(client, "meters/boiler/Value");
                assertThat(ok.getStatusCode().isGood()).isTrue();
                assertThat(ok.getValue().getValue()).isEqualTo(13.25);
                assertThat(ok.getSourceTime().getJavaInstant()).isEqualTo(T0.plusSeconds(1));
                assertThat(OpcUaClients.read(client, "meters/boiler/Unit").getValue().getValue()).isEqualTo("bar");
                assertThat(OpcUaClients.read(client, "meters/boiler/Alarm").getValue().getValue()).isEqualTo("HIGH");
                assertThat(OpcUaClients.read(client, "meters/boiler/Status").getValue().getValue()).isEqualTo("OK");
                assertThat(OpcUaClients.read(client, "meters/boiler/Camera").getValue().getValue()).isEqualTo("cam1");
                // no reading's: whether its values have stopped moving
                assertThat(OpcUaClients.read(client, "meters/boiler/Stuck").getValue().getValue()).isEqualTo(false);
                server.stuck("boiler", T0.minusSeconds(3600));
                DataValue stuck = OpcUaClients.read(client, "meters/boiler/Stuck");
                assertThat(stuck.getValue().getValue()).isEqualTo(true);
                assertThat(stuck.getSourceTime().getJavaInstant()).as("since it last moved")
                        .isEqualTo(T0.minusSeconds(3600));
                server.stuck("boiler", null);
                assertThat(OpcUaClients.read(client, "meters/boiler/Stuck").getValue().getValue()).isEqualTo(false);

                server.accept(reading("boiler", ReadingStatus.IMPLAUSIBLE, null, T0.plusSeconds(2)));
                DataValue uncertain = OpcUaClients.read(client, "meters/boiler/Value");
                assertThat(uncertain.getStatusCode().getValue()).isEqualTo(StatusCodes.Uncertain_LastUsableValue);
                assertThat(uncertain.getValue().getValue()).as("the last OK value, marked").isEqualTo(13.25);
                assertThat(OpcUaClients.read(client, "meters/boiler/Status").getValue().getValue())
                        .isEqualTo("IMPLAUSIBLE");

                server.accept(reading("boiler", ReadingStatus.CAMERA_DOWN, null, T0.plusSeconds(3)));
                assertThat(OpcUaClients.read(client, "meters/boiler/Value").getStatusCode().getValue())
                        .isEqualTo(StatusCodes.Bad_NoCommunication);

                server.accept(reading("boiler", ReadingStatus.OUT_OF_SERVICE, null, T0.plusSeconds(4)));
                DataValue outOfService = OpcUaClients.read(client, "meters/boiler/Value");
                assertThat(outOfService.getStatusCode().getValue()).isEqualTo(StatusCodes.Bad_OutOfService);
                assertThat(outOfService.getValue().getValue()).as("no value, not even the last OK one").isNull();
                server.accept(reading("boiler", ReadingStatus.LOW_CONFIDENCE, null, T0.plusSeconds(5)));
                assertThat(OpcUaClients.read(client, "meters/boiler/Value").getStatusCode().getValue())
                        .as("back in service: the old gauge's value is no last usable one")
                        .isEqualTo(StatusCodes.Bad_WaitingForInitialData);

                server.publishCamera("cam1", Map.of("state", "RECONNECTING", "lastError", "Connection refused"));
                assertThat(OpcUaClients.read(client, "cameras/cam1/State").getValue().getValue())
                        .isEqualTo("RECONNECTING");
                assertThat(OpcUaClients.read(client, "cameras/cam1/LastError").getValue().getValue())
                        .isEqualTo("Connection refused");
                assertThat(server.sessions()).isEqualTo(1);

                server.forget("boiler");
                server.forgetCamera("cam1");
                assertThat(OpcUaClients.read(client, "meters/boiler/Value").getStatusCode().getValue())
                        .isEqualTo(StatusCodes.Bad_NodeIdUnknown);
                assertThat(OpcUaClients.read(client, "meters/boiler/Stuck").getStatusCode().getValue())
                        .isEqualTo(StatusCodes.Bad_NodeIdUnknown);
                server.stuck("boiler", T0);
                assertThat(OpcUaClients.read(client, "meters/boiler/Stuck").getStatusCode().getValue())
                        .as("a meter gone is not made again").isEqualTo(StatusCodes.Bad_NodeIdUnknown);
                assertThat(OpcUaClients.read(client, "cameras/cam1/State").getStatusCode().getValue())
                        .isEqualTo(StatusCodes.Bad_NodeIdUnknown);
            } finally {
                client.disconnect().get();
            }
        }
    }

    @Test
    void aCalibratedMetersValue_isAnAnalogItem_withItsRangeAndUnit() throws Exception {
        try (OpcUaOutput server = server(null, null)) {
            server.describe("boiler", 0, 16, "bar", null, null);
            OpcUaClient client = OpcUaClients.connect(server.endpoint(), null, null);
            try {
                assertThat(OpcUaClients.read(client, "meters/boiler/Value").getStatusCode().getValue())
                        .as("described, not read yet").isEqualTo(StatusCodes.Bad_WaitingForInitialData);
                ExtensionObject range = (ExtensionObject) OpcUaClients.read(client, "meters/boiler/Value/0:EURange")
                        .getValue().getValue();
                Range r = (Range) range.decode(client.getStaticSerializationContext());
                assertThat(r.getLow()).isEqualTo(0.0);
                assertThat(r.getHigh()).isEqualTo(16.0);
                ExtensionObject units = (ExtensionObject) OpcUaClients.read(client,
                        "meters/boiler/Value/0:EngineeringUnits").getValue().getValue();
                EUInformation eu = (EUInformation) units.decode(client.getStaticSerializationContext());
                assertThat(eu.getDisplayName().getText()).isEqualTo("bar");
                assertThat(eu.getUnitId()).as("UN/CEFACT BAR").isEqualTo(0x424152);
                assertThat(eu.getNamespaceUri()).isEqualTo("http://www.opcfoundation.org/UA/units/un/cefact");

                server.describe("boiler", 0, 25, "bar", null, null);
                range = (ExtensionObject) OpcUaClients.read(client, "meters/boiler/Value/0:EURange").getValue().getValue();
                assertThat(((Range) range.decode(client.getStaticSerializationContext())).getHigh())
                        .as("a new range in the calibration").isEqualTo(25.0);
                server.accept(reading("boiler", ReadingStatus.OK, 7.5, T0));
                assertThat(OpcUaClients.read(client, "meters/boiler/Value").getValue().getValue()).isEqualTo(7.5);
            } finally {
                client.disconnect().get();
            }
        }
    }

    @Test
    void aSubscribedClient_isToldEachNewReading() throws Exception {
        try (OpcUaOutput server = server(null, null)) {
            server.accept(reading("boiler", ReadingStatus.OK, 1.0, T0));
            OpcUaClient client = OpcUaClients.connect(server.endpoint(), null, null);
            try {
                List<Object> seen = new CopyOnWriteArrayList<>();
                UaSubscription subscription = client.getSubscriptionManager().createSubscription(50.0).get();
                MonitoredItemCreateRequest request = new MonitoredItemCreateRequest(new ReadValueId(
                        OpcUaClients.node(client, "meters/boiler/Value"), AttributeId.Value.uid(), null,
                        QualifiedName.NULL_VALUE), MonitoringMode.Reporting,
                        new MonitoringParameters(uint(1), 25.0, null, uint(10), true));
                subscription.createMonitoredItems(TimestampsToReturn.Both, List.of(request),
                        (item, i) -> item.setValueConsumer((it, value) -> seen.add(value.getValue().getValue()))).get();
                awaitSeen(seen, 1.0);
                for (double v : new double[] {2.0, 3.0}) {
                    server.accept(reading("boiler", ReadingStatus.OK, v, T0.plusSeconds((long) v)));
                    awaitSeen(seen, v);
                }
                assertThat(seen).containsSubsequence(1.0, 2.0, 3.0);
            } finally {
                client.disconnect().get();
            }
        }
    }

    private static void awaitSeen(List<Object> seen, double value) throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        while (!seen.contains(value) && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat(seen).contains(value);
    }

    @Test
    void encryptedOnly_offersNoUnsecuredEndpoint_andTakesAClientOnceItsCertificateIsTrusted() throws Exception {
        try (OpcUaOutput server = server(null, null, /* unsecured= */ false)) {
            server.accept(reading("boiler", ReadingStatus.OK, 5.5, T0));
            List<EndpointDescription> endpoints = DiscoveryClient.getEndpoints(server.endpoint() + "/discovery")
                    .get(10, TimeUnit.SECONDS);
            assertThat(endpoints).filteredOn(e -> e.getEndpointUrl().equals(server.endpoint()))
                    .extracting(EndpointDescription::getSecurityPolicyUri)
                    .containsExactly(SecurityPolicy.Basic256Sha256.getUri());

            // the discovery endpoint serves the endpoints, no session
            assertThat(endpoints).extracting(EndpointDescription::getSecurityPolicyUri)
                    .doesNotContain(SecurityPolicy.None.getUri());
            EndpointDescription encrypted = endpoints.get(0);
            EndpointDescription discovery = new EndpointDescription(server.endpoint() + "/discovery",
                    encrypted.getServer(), ByteString.NULL_VALUE, MessageSecurityMode.None,
                    SecurityPolicy.None.getUri(), new UserTokenPolicy[] {OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS},
                    encrypted.getTransportProfileUri(), encrypted.getSecurityLevel());
            assertThatThrownBy(() -> OpcUaClients.connectTo(discovery))
                    .as("no session over the unsecured discovery endpoint")
                    .hasStackTraceContaining("Bad_ServiceUnsupported");

            KeyPair keys = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
            X509Certificate certificate = new SelfSignedCertificateBuilder(keys).setCommonName("scada")
                    .setApplicationUri("urn:meter-reader:tests").build();
            assertThatThrownBy(() -> OpcUaClients.connectEncrypted(server.endpoint() + "/discovery", keys,
                    certificate)).as("not trusted yet").isInstanceOf(Exception.class);
            Path rejected;
            try (var files = Files.list(pki.resolve("pki/rejected"))) {
                rejected = files.findFirst().orElseThrow();
            }
            Files.move(rejected, pki.resolve("pki/trusted/certs").resolve(rejected.getFileName()));

            OpcUaClient client = null;
            long end = System.nanoTime() + 20_000_000_000L;   // the trust list is read again when it changes
            while (client == null) {
                try {
                    client = OpcUaClients.connectEncrypted(server.endpoint() + "/discovery", keys, certificate);
                } catch (Exception notYet) {
                    if (System.nanoTime() > end) {
                        throw notYet;
                    }
                    Thread.sleep(500);
                }
            }
            assertThat(OpcUaClients.read(client, "meters/boiler/Value").getValue().getValue()).isEqualTo(5.5);
            client.disconnect().get();
        }
    }

    @Test
    @org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
    void connectionsThatDoNotSpeakOpcUa_areOneLineEach_notMilosStackTraces(
            org.springframework.boot.test.system.CapturedOutput output) throws Exception {
        try (OpcUaOutput server = server(null, null)) {
            int port = Integer.parseInt(server.endpoint().replaceAll(".*:(\\d+)/.*", "$1"));
            for (int i = 0; i < 3; i++) {
                try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                    socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
                    socket.setSoTimeout(5000);
                    byte[] answer = socket.getInputStream().readNBytes(4);
                    assertThat(new String(answer)).as("Milo still answers with an ErrorMessage").isEqualTo("ERRF");
                }
            }
            long end = System.nanoTime() + 5_000_000_000L;
            while (!output.getOut().contains("does not speak OPC UA") && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            Thread.sleep(300);   // Milo logs after it answered
            String log = output.getOut();
            assertThat(log).contains("OPC UA: refused a connection from /127.0.0.1:")
                    .contains("that does not speak OPC UA: answered Bad_TcpMessageTooLarge (max message length exceeded");
            assertThat(log.split("does not speak OPC UA", -1)).as("one line for the host within a minute").hasSize(2);
            assertThat(log).doesNotContain("Exception caught").doesNotContain("DecoderException");
        }
    }

    @Test
    @org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
    void withAUsername_anonymousClientsAreRefused_andTheCertificateIsKept(
            org.springframework.boot.test.system.CapturedOutput output) throws Exception {
        byte[] certificate;
        try (OpcUaOutput server = server("scada", "s3cret-ua")) {
            server.accept(reading("boiler", ReadingStatus.OK, 4.0, T0));
            // the endpoints offer no anonymous login, and a client finds none to use
            assertThatThrownBy(() -> OpcUaClients.connect(server.endpoint(), null, null)).hasStackTraceContaining(
                    "no anonymous token policy");
            assertThatThrownBy(() -> OpcUaClients.connect(server.endpoint(), "scada", "wrong")).hasStackTraceContaining(
                    "Bad_UserAccessDenied");
            assertThat(output.getOut()).as("logged, as HTTP logs one")
                    .contains("OPC UA log-in refused: wrong username or password, from the client application ");
            OpcUaClient client = OpcUaClients.connect(server.endpoint(), "scada", "s3cret-ua");
            assertThat(OpcUaClients.read(client, "meters/boiler/Value").getValue().getValue()).isEqualTo(4.0);
            client.disconnect().get();
            certificate = Files.readAllBytes(pki.resolve("server.p12"));
        }
        try (OpcUaOutput again = server(null, null)) {
            assertThat(Files.readAllBytes(pki.resolve("server.p12"))).as("made once, kept").isEqualTo(certificate);
        }
    }

    @Test
    void aHashedPassword_letsInTheUserWithThePassword_notWithTheHash() throws Exception {
        String hash = io.meterreader.config.Passwords.hash("s3cret-ua".toCharArray());
        try (OpcUaOutput server = server("scada", hash)) {
            server.accept(reading("boiler", ReadingStatus.OK, 4.0, T0));
            assertThatThrownBy(() -> OpcUaClients.connect(server.endpoint(), "scada", hash)).hasStackTraceContaining(
                    "Bad_UserAccessDenied");
            assertThatThrownBy(() -> OpcUaClients.connect(server.endpoint(), "other", "s3cret-ua"))
                    .hasStackTraceContaining("Bad_UserAccessDenied");
            OpcUaClient client = OpcUaClients.connect(server.endpoint(), "scada", "s3cret-ua");
            assertThat(OpcUaClients.read(client, "meters/boiler/Value").getValue().getValue()).isEqualTo(4.0);
            client.disconnect().get();
        }
    }
}
