package io.meterreader.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * An OPC UA server (Eclipse Milo) whose address space holds every meter's latest reading, for a
 * plant's SCADA, historian or PLC gateway: {@code opc.tcp://HOST:PORT/PATH}.
 *
 * @param port        the TCP port to listen on (4840 is OPC UA's own); unset (the default): no server
 * @param bindAddress the address to listen on (default 0.0.0.0: all)
 * @param hostname    the host name the endpoints name and the certificate is made for (default:
 *                    this machine's name); clients must reach the server by it
 * @param path        the endpoints' path (default /meter-reader)
 * @param username    optional, with password: clients log in with them, and anonymous clients are
 *                    refused; unset: anonymous clients read (and act as an operator may, unless
 *                    meter-reader.access is set)
 * @param password    optional; never shown, and may be given hashed as {@code hash-password} prints
 *                    it ({@link Passwords}). Sent encrypted with the server's certificate even
 *                    over an unsecured channel
 * @param unsecured   whether the unsecured endpoint (security None) is offered besides the signed
 *                    and encrypted one (default true); false where the plant's policy allows only
 *                    encrypted connections
 * @param pkiDir      the server's own certificate (made on first start, kept) and the client
 *                    certificates trusted for the encrypted endpoint ({@code trusted/certs}; a
 *                    client refused is put in {@code rejected}: move it to trust it); default
 *                    data/opcua-pki
 * @param userCertificates optional: a folder of user certificates (PEM or DER, one a file); a client
 *                    that logs in with one of them, proving it holds its key, reads (an X.509
 *                    user token). The folder is read at each log-in: add or remove a file to grant
 *                    or revoke. With username or this set, anonymous clients are refused
 * @param accessUsers whether clients may also log in with the personal accounts of
 *                    {@code meter-reader.access.users} (default false), so that what an operator
 *                    does over OPC UA is recorded under their own name; a viewer's account reads
 *                    and subscribes, and its calls that change something (Acknowledge, shelving,
 *                    comments, Enable, Disable) are Bad_UserAccessDenied
 */
public record OpcUaProperties(
        @Min(1) @Max(65535) Integer port,
        @DefaultValue("0.0.0.0") @NotNull String bindAddress,
        String hostname,
        @DefaultValue("/meter-reader") @NotNull
        @Pattern(regexp = "/[A-Za-z0-9_./-]*", message = "must start with '/' and hold letters, digits, '_', '.', '-', '/'")
        String path,
        String username,
        String password,
        @DefaultValue("true") boolean unsecured,
        @DefaultValue("data/opcua-pki") @NotNull Path pkiDir,
        Path userCertificates,
        @DefaultValue("false") boolean accessUsers) {

    /** Without the personal accounts of {@code meter-reader.access.users}. */
    public OpcUaProperties(Integer port, String bindAddress, String hostname, String path, String username,
                           String password, boolean unsecured, Path pkiDir, Path userCertificates) {
        this(port, bindAddress, hostname, path, username, password, unsecured, pkiDir, userCertificates, false);
    }

    @ConstructorBinding
    public OpcUaProperties {
        boolean user = username != null && !username.isEmpty();
        boolean pass = password != null && !password.isEmpty();
        if (user != pass) {
            throw new ConfigurationException(user ? "meter-reader.opcua.password" : "meter-reader.opcua.username",
                    "must be set together with meter-reader.opcua." + (user ? "username" : "password")
                            + " (both, or neither for anonymous clients)");
        }
        String problem = pass ? Passwords.problem(password) : null;
        if (problem != null) {
            throw new ConfigurationException("meter-reader.opcua.password", problem);
        }
    }

    public boolean enabled() {
        return port != null;
    }

    /** The password masked: a record's own toString would print it. */
    @Override
    public String toString() {
        return "OpcUaProperties[port=" + port + ", bindAddress=" + bindAddress + ", hostname=" + hostname + ", path="
                + path + ", username=" + username + ", password=" + (password == null ? null : "***") + ", unsecured="
                + unsecured + ", pkiDir=" + pkiDir + ", userCertificates=" + userCertificates + ", accessUsers="
                + accessUsers + "]";
    }
}
