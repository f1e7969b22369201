package io.meterreader.opcua;

import io.meterreader.config.AccessProperties;
import io.meterreader.config.CalibrationLoader;
import io.meterreader.config.ConfigurationException;
import io.meterreader.config.OpcUaProperties;
import io.meterreader.config.Passwords;
import io.meterreader.frame.AlarmActions;
import io.meterreader.frame.MeterAlarm;
import io.meterreader.frame.OutOfService;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingHistory;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.frame.ServiceActions;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.api.config.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.CompositeValidator;
import org.eclipse.milo.opcua.sdk.server.identity.IdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.UsernameIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.X509IdentityValidator;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.stack.core.Identifiers;
import org.eclipse.milo.opcua.stack.core.ReferenceType;
import org.eclipse.milo.opcua.stack.core.Stack;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.DefaultTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.BuildInfo;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.server.EndpointConfiguration;
import org.eclipse.milo.opcua.stack.server.security.DefaultServerCertificateValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OPC UA server: every meter's latest reading and every camera's state as variables
 * ({@link MeterNamespace}). A reading's value carries OPC UA's own quality: Good when the reading
 * is OK; when it is not, the meter's last OK value as Uncertain_LastUsableValue (Bad_NoCommunication
 * while its camera is down), or Bad_WaitingForInitialData with no value before the first OK one.
 * The reading's status, unit, alarm and confidence are variables beside it, and its capture time
 * is the value's source timestamp. Each meter's alarm on the service's alarm list is an alarm
 * condition (Part 9, {@link LimitAlarm}): a SCADA's alarm list gets it going active and clearing
 * as events of the Server object, acknowledges it, and fills its list on connecting by
 * ConditionRefresh.
 *
 * <p>Two endpoints: one unsecured (unless {@code unsecured: false}), one signed and encrypted
 * (Basic256Sha256) for clients whose certificate is trusted ({@code pki-dir/pki/trusted/certs}). Setting a value never waits: the
 * inference stage calls {@link #accept} under its lock.
 */
public final class OpcUaOutput implements Consumer<Reading>, AutoCloseable {

    /** Part 9's HasCondition (i=9006): from a condition's source to the condition, a NonHierarchicalReference. */
    private static final ReferenceType HAS_CONDITION = new ReferenceType() {
        @Override
        public NodeId getNodeId() {
            return Identifiers.HasCondition;
        }

        @Override
        public QualifiedName getBrowseName() {
            return new QualifiedName(0, "HasCondition");
        }

        @Override
        public Optional<String> getInverseName() {
            return Optional.of("IsConditionOf");
        }

        @Override
        public boolean isSymmetric() {
            return false;
        }

        @Override
        public boolean isAbstract() {
            return false;
        }

        @Override
        public Optional<NodeId> getSuperTypeId() {
            return Optional.of(Identifiers.NonHierarchicalReferences);
        }
    };


    private static final Logger log = LoggerFactory.getLogger(OpcUaOutput.class);
    /** A username's password is always sent encrypted with the server's certificate, even on the unsecured endpoint. */
    private static final UserTokenPolicy USERNAME = new UserTokenPolicy("username", UserTokenType.UserName, null, null,
            SecurityPolicy.Basic256Sha256.getUri());
    /** A user certificate's token is signed with its key, by this policy, whatever the channel's. */
    private static final UserTokenPolicy CERTIFICATE = new UserTokenPolicy("certificate", UserTokenType.Certificate,
            null, null, SecurityPolicy.Basic256Sha256.getUri());

    private final OpcUaProperties config;
    /** Whether an anonymous client may only read (the service's HTTP access is set). */
    private final boolean anonymousReadOnly;
    /** The personal accounts that may log in too, by name (none unless {@code access-users}). */
    private final Map<String, AccessProperties.Account> accounts = new LinkedHashMap<>();
    private final String hostname;
    private final Map<String, Double> lastOk = new ConcurrentHashMap<>();
    private final AtomicLong refusedLogIns = new AtomicLong();
    private OpcUaServer server;
    private MeterNamespace namespace;
    private DefaultTrustListManager trustList;

    public OpcUaOutput(OpcUaProperties config) {
        this(config, List.of());
    }

    /**
     * @param accounts the personal accounts of {@code meter-reader.access.users}, which may log in
     *                 too where {@code access-users} is set
     */
    public OpcUaOutput(OpcUaProperties config, List<AccessProperties.Account> accounts) {
        this(config, accounts, false);
    }

    /**
     * @param httpLocked whether {@code meter-reader.access} asks the dashboard and the API for a
     *                   log-in: anonymous clients, where they are let in, then only read and
     *                   subscribe, as an HTTP client that has not logged in cannot act either
     */
    public OpcUaOutput(OpcUaProperties config, List<AccessProperties.Account> accounts, boolean httpLocked) {
        this.anonymousReadOnly = httpLocked;
        if (!config.enabled()) {
            throw new IllegalArgumentException("no OPC UA port");
        }
        this.config = config;
        this.hostname = config.hostname() != null ? config.hostname() : localHostname();
        if (config.accessUsers()) {
            accounts.forEach(a -> this.accounts.put(a.username(), a));
        }
    }

    /**
     * Whether a user may only read: a viewer's personal account, or an anonymous client ({@code ""})
     * while the service's HTTP access is set.
     */
    boolean readOnly(String user) {
        if (user.isEmpty()) {
            return anonymousReadOnly;
        }
        AccessProperties.Account account = accounts.get(user);
        return account != null && account.role() == AccessProperties.Role.VIEWER
                && !user.equals(config.username());
    }

    private static String localHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** The endpoint clients connect to. */
    public String endpoint() {
        return "opc.tcp://" + hostname + ":" + config.port() + config.path();
    }

    /**
     * Starts listening; a port that is taken fails here, at start-up, as a configuration error,
     * and a PKI folder that cannot be written as an I/O error.
     */
    public synchronized void start() throws IOException, GeneralSecurityException {
        String applicationUri = "urn:meter-reader:" + hostname;
        ServerCertificate certificate;
        try {
            certificate = ServerCertificate.loadOrCreate(config.pkiDir(), applicationUri, hostname);
            trustList = new DefaultTrustListManager(config.pkiDir().resolve("pki").toFile());
        } catch (IOException e) {
            // a folder that cannot be made or written: said as the key, not 95 lines of causes
            String file = e instanceof FileSystemException fs && fs.getFile() != null ? " (" + fs.getFile() + ")" : "";
            throw new ConfigurationException("meter-reader.opcua.pki-dir", "'" + config.pkiDir().toAbsolutePath()
                    + "' cannot hold the server's certificate and trust list: " + CalibrationLoader.whyUnreadable(e)
                    + file + "; name a folder the service may write");
        }
        UserCertificates users = config.userCertificates() == null ? null : new UserCertificates(config.userCertificates());
        List<UserTokenPolicy> tokens = new ArrayList<>();
        if (config.username() != null || !accounts.isEmpty()) {
            tokens.add(USERNAME);
        }
        if (users != null) {
            tokens.add(CERTIFICATE);
        }
        if (tokens.isEmpty()) {
            tokens.add(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS);
        }
        Set<EndpointConfiguration> endpoints = new LinkedHashSet<>();
        EndpointConfiguration.Builder builder = EndpointConfiguration.newBuilder()
                .setBindAddress(config.bindAddress())
                .setBindPort(config.port())
                .setHostname(hostname)
                .setPath(config.path())
                .setCertificate(certificate.certificate())
                .addTokenPolicies(tokens.toArray(UserTokenPolicy[]::new));
        if (config.unsecured()) {
            endpoints.add(builder.copy().setSecurityPolicy(SecurityPolicy.None)
                    .setSecurityMode(MessageSecurityMode.None).build());
        } else {
            // Clients ask for the endpoints over an unsecured channel first: one for that alone (OPC UA Part 6)
            endpoints.add(builder.copy().setPath(config.path() + "/discovery").setSecurityPolicy(SecurityPolicy.None)
                    .setSecurityMode(MessageSecurityMode.None).build());
        }
        endpoints.add(builder.copy().setSecurityPolicy(SecurityPolicy.Basic256Sha256)
                .setSecurityMode(MessageSecurityMode.SignAndEncrypt).build());
        OpcUaServerConfig serverConfig = OpcUaServerConfig.builder()
                .setApplicationUri(applicationUri)
                .setApplicationName(LocalizedText.english("Meter Reader"))
                .setProductUri("urn:meter-reader")
                .setBuildInfo(new BuildInfo("urn:meter-reader", "Meter Reader", "Meter Reader",
                        OpcUaOutput.class.getPackage().getImplementationVersion() == null ? "dev"
                                : OpcUaOutput.class.getPackage().getImplementationVersion(), "", DateTime.now()))
                .setEndpoints(endpoints)
                .setCertificateManager(new DefaultCertificateManager(certificate.keyPair(), certificate.certificate()))
                .setTrustListManager(trustList)
                .setCertificateValidator(new DefaultServerCertificateValidator(trustList))
                .setIdentityValidator(identities(users))
                .build();
        ForeignConnections.install();
        server = new OpcUaServer(serverConfig);
        // Milo 0.6 knows Part 5's reference types, not Part 9's HasCondition, which a meter's Value
        // points to its condition by: a browse filtered on it was Bad_ReferenceTypeIdInvalid, and
        // every browse of the Value logged "Unknown reference type" (the OPC UA audit)
        server.getReferenceTypes().putIfAbsent(Identifiers.HasCondition, HAS_CONDITION);
        namespace = new MeterNamespace(server, this::readOnly);
        namespace.startup();
        try {
            server.startup().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            close();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ConfigurationException("meter-reader.opcua.port", "cannot be listened on at "
                    + config.bindAddress() + ":" + config.port() + " (" + cause.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the OPC UA server started", e);
        }
        MeterNamespace meters = namespace;
        ConditionRefresh.install(server, meters::limitAlarms, meters::eventScope);
        if (server.getStackServer().getBoundEndpoints().isEmpty()) {
            // Milo logs a failed bind and starts all the same, serving nothing
            close();
            throw new ConfigurationException("meter-reader.opcua.port", "cannot be listened on at "
                    + config.bindAddress() + ":" + config.port() + " (in use by another program, or not an address "
                    + "of this machine: the log above says which)");
        }
        log.info("OPC UA: serving the meters' readings at {} ({}; client certificates for the encrypted endpoint "
                + "trusted in {})", endpoint(), whoMayLogIn(), config.pkiDir().resolve("pki/trusted/certs"));
        if (!needsLogIn() && !anonymousReadOnly) {
            log.warn("OPC UA: any client that reaches {} may acknowledge and shelve alarms and take meters out of "
                    + "service, anonymously: set meter-reader.opcua.username and password (or user-certificates) "
                    + "where more than the plant's SCADA can reach it", endpoint());
        }
    }

    private boolean counted(boolean accepted) {
        if (!accepted) {
            refusedLogIns.incrementAndGet();
        }
        return accepted;
    }

    /** Log-ins refused: a wrong username or password, or a user certificate not let in. */
    public long refusedLogIns() {
        return refusedLogIns.get();
    }

    /** Whether clients must log in (with a username or a user certificate). */
    public boolean needsLogIn() {
        return config.username() != null || !accounts.isEmpty() || config.userCertificates() != null;
    }

    /** Who may log in, as the start-up log says it. */
    private String whoMayLogIn() {
        String password = config.username() == null && accounts.isEmpty() ? null
                : config.username() == null ? "the personal accounts of meter-reader.access.users " + accounts.keySet()
                : accounts.isEmpty() ? "username and password"
                : "username and password, or the personal accounts of meter-reader.access.users " + accounts.keySet();
        String certificate = config.userCertificates() == null ? null
                : "a user certificate in " + config.userCertificates().toAbsolutePath();
        if (password == null && certificate == null) {
            return anonymousReadOnly ? "anonymous clients, reading only: meter-reader.access is set" : "anonymous clients";
        }
        return password == null ? certificate : certificate == null ? password : password + ", or " + certificate;
    }

    /** Who may log in: anonymous clients, or only those with the username and password or a user certificate. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private IdentityValidator<?> identities(UserCertificates users) {
        List<IdentityValidator> validators = new ArrayList<>();
        if (config.username() != null || !accounts.isEmpty()) {
            // the name and the password both checked, in the same time whoever asks (the password may be hashed)
            byte[] name = config.username() == null ? null : Passwords.sha256(config.username());
            // a name that is not there is checked against a hash where an account has one: as slow as a wrong password
            String unknown = accounts.values().stream().anyMatch(a -> Passwords.isHashed(a.password()))
                    ? Passwords.hash("no such account".toCharArray()) : "";
            validators.add(new UsernameIdentityValidator(/* allowAnonymous= */ false, challenge -> {
                String user = String.valueOf(challenge.getUsername());
                String given = String.valueOf(challenge.getPassword());
                if (name != null && MessageDigest.isEqual(name, Passwords.sha256(user))) {
                    return counted(Passwords.matches(config.password(), given));
                }
                AccessProperties.Account account = accounts.get(user);
                boolean right = Passwords.matches(account == null ? unknown : account.password(), given);
                return counted(account != null && right);
            }) {
                @Override
                protected String authenticateUsernamePassword(Session session, String username, String password) {
                    String user = super.authenticateUsernamePassword(session, username, password);
                    if (user == null) {
                        // as HTTP logs a wrong password (the name tried is not said), with the client application
                        // as it names itself (its address is not known to the session yet)
                        String client = session.getClientDescription() == null ? null
                                : session.getClientDescription().getApplicationUri();
                        log.warn("OPC UA log-in refused: wrong username or password{}", client == null ? ""
                                : ", from the client application " + AlarmActions.oneLine(client));
                    }
                    return user;
                }
            });
        }
        if (users != null) {
            validators.add(new X509IdentityValidator(certificate -> counted(users.test(certificate))));
        }
        if (validators.isEmpty()) {
            return AnonymousIdentityValidator.INSTANCE;
        }
        return validators.size() == 1 ? validators.get(0) : new CompositeValidator(validators);
    }

    @Override
    public void accept(Reading reading) {
        if (reading.isOk()) {
            lastOk.put(reading.meterId(), reading.value());
        } else if (reading.status() == ReadingStatus.OUT_OF_SERVICE) {
            // the gauge read before it went away is no usable value once it is back
            lastOk.remove(reading.meterId());
        }
        MeterNamespace ns = namespace;
        if (ns != null) {
            ns.setMeter(reading.meterId(), values(reading, lastOk.get(reading.meterId())));
            if (reading.isOk() || reading.status() == ReadingStatus.CAMERA_DOWN
                    || reading.status() == ReadingStatus.OUT_OF_SERVICE) {
                ns.alarmQuality(reading.meterId(), reading.isOk() ? StatusCode.GOOD : new StatusCode(quality(reading)));
            }
        }
    }

    /** Counts the timed shelves' UnshelveTime down to {@code now}: the service calls it every second. */
    public void countDownShelves(Instant now) {
        MeterNamespace ns = namespace;
        if (ns != null) {
            ns.countDownShelves(now);
        }
    }

    /**
     * A meter taken out of service ({@code o} not null), told before its alarm leaves the list: its
     * condition's Quality is Bad_OutOfService first, so that the event of the alarm leaving says
     * why. Put back in service, its next OK reading makes it Good.
     */
    public void outOfService(String meterId, OutOfService o) {
        MeterNamespace ns = namespace;
        if (ns != null && o != null) {
            ns.alarmQuality(meterId, new StatusCode(StatusCodes.Bad_OutOfService));
        }
    }

    /** A change of a meter's alarm on the service's alarm list: its LimitAlarm condition shows it. */
    public void alarm(MeterAlarm alarm) {
        MeterNamespace ns = namespace;
        if (ns != null) {
            ns.alarm(alarm);
        }
    }

    /**
     * Where an OPC UA client's Acknowledge, TimedShelve, OneShotShelve and Unshelve go: the
     * service's alarm list (before this, Bad_NotSupported).
     */
    public void operateWith(AlarmActions list) {
        MeterNamespace ns = namespace;
        if (ns == null) {
            throw new IllegalStateException("the OPC UA server has not started");
        }
        ns.operateWith(list);
    }

    /**
     * The conditions the alarm list says a client disabled before the restart, read back once a
     * database that was away at the start has come: disabled now, each told to clients once.
     */
    public void conditionsDisabledLate() {
        MeterNamespace ns = namespace;
        if (ns != null) {
            ns.conditionsDisabledLate();
        }
    }

    /** Where a client's TakeOutOfService and PutBackInService on a meter go: the service's alarm list. */
    public void serviceWith(ServiceActions actions) {
        MeterNamespace ns = namespace;
        if (ns == null) {
            throw new IllegalStateException("the OPC UA server has not started");
        }
        ns.serviceWith(actions);
    }

    /**
     * The quality of a failed reading's value where it is Bad: its camera down, its meter out of
     * service, else its sensor.
     */
    static long quality(Reading reading) {
        return switch (reading.status()) {
            case CAMERA_DOWN -> StatusCodes.Bad_NoCommunication;
            case OUT_OF_SERVICE -> StatusCodes.Bad_OutOfService;
            default -> StatusCodes.Bad_SensorFailure;
        };
    }

    /** The meter's variables for a reading, the value with its quality as the class comment says. */
    static Map<String, DataValue> values(Reading reading, Double lastOkValue) {
        DateTime captured = new DateTime(reading.captureTime());
        DateTime now = DateTime.now();
        Map<String, DataValue> v = new LinkedHashMap<>();
        StatusCode quality;
        Double value;
        if (reading.isOk()) {
            quality = StatusCode.GOOD;
            value = reading.value();
        } else if (reading.status() == ReadingStatus.OUT_OF_SERVICE) {
            // what the camera sees of a gauge away for maintenance is no process value, nor was the last one
            quality = new StatusCode(StatusCodes.Bad_OutOfService);
            value = null;
        } else if (lastOkValue == null) {
            quality = new StatusCode(StatusCodes.Bad_WaitingForInitialData);
            value = null;
        } else {
            quality = new StatusCode(reading.status() == ReadingStatus.CAMERA_DOWN ? StatusCodes.Bad_NoCommunication
                    : StatusCodes.Uncertain_LastUsableValue);
            value = lastOkValue;
        }
        v.put("Value", new DataValue(new Variant(value), quality, captured, now));
        for (String name : MeterNamespace.METER_VARIABLES.keySet()) {
            if (!name.equals("Value")) {
                v.put(name, good(MeterNamespace.field(reading, name), captured, now));
            }
        }
        return v;
    }

    private static DataValue good(Object value, DateTime source, DateTime server) {
        return new DataValue(new Variant(value), StatusCode.GOOD, source, server);
    }

    /**
     * Serves each meter's variables' history (OPC UA HistoryRead: raw, and processed by the
     * aggregates of {@link ProcessedHistory}) from {@code store}, and says so in the server's history
     * capabilities; before this, a history read is refused as unsupported.
     */
    public void useHistory(ReadingHistory store) {
        MeterNamespace ns = namespace;
        if (ns == null) {
            throw new IllegalStateException("the OPC UA server has not started");
        }
        ns.useHistory(store);
        capability(Identifiers.HistoryServerCapabilities_AccessHistoryDataCapability, true);
        capability(Identifiers.HistoryServerCapabilities_MaxReturnDataValues, UInteger.valueOf(ValueHistory.PAGE));
        // the aggregates of processed reads, where a client looks them up
        for (NodeId folder : List.of(Identifiers.HistoryServerCapabilities_AggregateFunctions,
                Identifiers.Server_ServerCapabilities_AggregateFunctions)) {
            server.getAddressSpaceManager().getManagedNode(folder).ifPresent(f -> {
                for (NodeId aggregate : ProcessedHistory.AGGREGATES.keySet()) {
                    f.addReference(new Reference(folder, Identifiers.Organizes, aggregate.expanded(), true));
                }
            });
        }
    }

    /** Sets one of the server's own capability variables. */
    private void capability(NodeId node, Object value) {
        server.getAddressSpaceManager().getManagedNode(node)
                .ifPresent(n -> ((UaVariableNode) n).setValue(new DataValue(new Variant(value))));
    }

    /**
     * A meter calibrated (at start, or by an edit): its value's range and unit, before its first
     * reading, and its alarm limits (either null), which its LimitAlarm condition carries.
     */
    public void describe(String meterId, double min, double max, String unit, Double low, Double high) {
        MeterNamespace ns = namespace;
        if (ns != null) {
            ns.describeMeter(meterId, min, max, unit == null ? "" : unit, low, high);
        }
    }

    /** A meter no longer calibrated: its folder goes. */
    public void forget(String meterId) {
        lastOk.remove(meterId);
        MeterNamespace ns = namespace;
        if (ns != null) {
            ns.removeMeter(meterId);
        }
    }

    /**
     * A meter whose values have stopped moving for its calibration's stuck-after ({@code since} it
     * last moved), or that moves again (null): its {@code Stuck} variable.
     */
    public void stuck(String meterId, Instant since) {
        MeterNamespace ns = namespace;
        if (ns != null) {
            ns.setStuck(meterId, since);
        }
    }

    /** A camera's state as the camera state feed gives it (state, lastError, warning). */
    public void publishCamera(String cameraId, Map<String, Object> state) {
        MeterNamespace ns = namespace;
        if (ns == null) {
            return;
        }
        DateTime now = DateTime.now();
        Map<String, DataValue> v = new LinkedHashMap<>();
        for (String name : MeterNamespace.CAMERA_VARIABLES.keySet()) {
            Object field = state.get(Character.toLowerCase(name.charAt(0)) + name.substring(1));
            v.put(name, good(field == null ? "" : field.toString(), now, now));
        }
        ns.setCamera(cameraId, v);
    }

    public void forgetCamera(String cameraId) {
        MeterNamespace ns = namespace;
        if (ns != null) {
            ns.removeCamera(cameraId);
        }
    }

    /** Clients connected now. */
    public int sessions() {
        OpcUaServer s = server;
        return s == null ? 0 : s.getSessionManager().getCurrentSessionCount().intValue();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            try {
                server.shutdown().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                log.warn("OPC UA server did not stop cleanly: {}", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server = null;
        }
        if (namespace != null) {
            namespace.shutdown();
            namespace = null;
        }
        if (trustList != null) {
            try {
                trustList.close();
            } catch (IOException e) {
                log.debug("OPC UA trust list: {}", e.getMessage());
            }
            trustList = null;
        }
        // Milo's event loop and thread pools are static, shared by every server and client in the
        // JVM; the service has this one server, so they go with it and leave no thread behind.
        Stack.releaseSharedResources(5, TimeUnit.SECONDS);
    }
}
