package io.meterreader.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.api.config.OpcUaClientConfig;
import org.eclipse.milo.opcua.sdk.client.api.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.api.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.api.identity.UsernameProvider;
import org.eclipse.milo.opcua.stack.core.Identifiers;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;

/** A plain OPC UA client for the tests, as a SCADA system would connect: the unsecured endpoint. */
public final class OpcUaClients {

    private OpcUaClients() {
    }

    /** Connected anonymously (user null) or with a username and password. */
    public static OpcUaClient connect(String endpoint, String user, String password) throws Exception {
        IdentityProvider identity = user == null ? new AnonymousProvider() : new UsernameProvider(user, password);
        OpcUaClient client = OpcUaClient.create(endpoint,
                endpoints -> endpoints.stream()
                        .filter(e -> e.getSecurityPolicyUri().equals(SecurityPolicy.None.getUri())).findFirst(),
                config -> config.setApplicationName(LocalizedText.english("meter-reader tests"))
                        .setApplicationUri("urn:meter-reader:tests")
                        .setIdentityProvider(identity)
                        .setRequestTimeout(uint(5000))
                        .build());
        return connected(client);
    }

    /** Connected over the unsecured endpoint, logged in with a user certificate (an X.509 user token). */
    public static OpcUaClient connectAsUser(String endpoint, X509Certificate user, java.security.PrivateKey key)
            throws Exception {
        OpcUaClient client = OpcUaClient.create(endpoint,
                endpoints -> endpoints.stream()
                        .filter(e -> e.getSecurityPolicyUri().equals(SecurityPolicy.None.getUri())).findFirst(),
                config -> config.setApplicationName(LocalizedText.english("meter-reader tests"))
                        .setApplicationUri("urn:meter-reader:tests")
                        .setIdentityProvider(new org.eclipse.milo.opcua.sdk.client.api.identity.X509IdentityProvider(
                                user, key))
                        .setRequestTimeout(uint(5000))
                        .build());
        return connected(client);
    }

    /** The client once connected; one that could not connect is disconnected, so that it stops trying. */
    private static OpcUaClient connected(OpcUaClient client) throws Exception {
        try {
            client.connect().get(10, TimeUnit.SECONDS);
            return client;
        } catch (Exception e) {
            client.disconnect().get(10, TimeUnit.SECONDS);
            throw e;
        }
    }

    /**
     * Connected anonymously over the signed and encrypted endpoint (Basic256Sha256) with the
     * client's own certificate, asking for the endpoints at {@code discoveryUrl}.
     */
    public static OpcUaClient connectEncrypted(String discoveryUrl, KeyPair keys, X509Certificate certificate)
            throws Exception {
        OpcUaClient client = OpcUaClient.create(discoveryUrl,
                endpoints -> endpoints.stream()
                        .filter(e -> e.getSecurityPolicyUri().equals(SecurityPolicy.Basic256Sha256.getUri()))
                        .findFirst(),
                config -> config.setApplicationName(LocalizedText.english("meter-reader tests"))
                        .setApplicationUri("urn:meter-reader:tests")
                        .setKeyPair(keys)
                        .setCertificate(certificate)
                        .setIdentityProvider(new AnonymousProvider())
                        .setRequestTimeout(uint(5000))
                        .build());
        return connected(client);
    }

    /** Connected anonymously to this very endpoint, as a client that skips discovery would. */
    public static OpcUaClient connectTo(EndpointDescription endpoint) throws Exception {
        OpcUaClient client = OpcUaClient.create(OpcUaClientConfig.builder()
                .setEndpoint(endpoint)
                .setApplicationName(LocalizedText.english("meter-reader tests"))
                .setApplicationUri("urn:meter-reader:tests")
                .setIdentityProvider(new AnonymousProvider())
                .setRequestTimeout(uint(5000))
                .build());
        connected(client);
        try {
            client.readValue(0, TimestampsToReturn.Both, Identifiers.Server_ServerStatus_State)
                    .get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            client.disconnect().get(10, TimeUnit.SECONDS);
            throw e;
        }
        return client;
    }

    /** The node id of a variable under the service's namespace, e.g. {@code meters/boiler/Value}. */
    public static NodeId node(OpcUaClient client, String path) {
        return new NodeId(client.getNamespaceTable().getIndex("urn:meter-reader"), path);
    }

    public static DataValue read(OpcUaClient client, String path) throws Exception {
        return client.readValue(0, TimestampsToReturn.Both, node(client, path)).get(5, TimeUnit.SECONDS);
    }
}
