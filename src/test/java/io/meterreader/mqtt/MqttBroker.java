package io.meterreader.mqtt;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A Mosquitto broker of the test's own, on a free local port (Debian's mosquitto; scripts/test
 * installs it), which a test can stop and start again on the same port, and a subscriber that
 * keeps what it is sent.
 */
public final class MqttBroker implements AutoCloseable {

    public static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");

    private final int port;
    /** The TLS listener's configuration file; null: plain TCP. */
    private final Path tlsConfig;
    private final Path ca;
    private Process process;

    private MqttBroker(int port, Path tlsConfig, Path ca) {
        this.port = port;
        this.tlsConfig = tlsConfig;
        this.ca = ca;
    }

    public static boolean available() {
        return Files.isExecutable(MOSQUITTO);
    }

    /** A broker's port, with no broker on it yet. */
    public static MqttBroker onFreePort() throws IOException {
        return new MqttBroker(freePort(), null, null);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * A broker reached over TLS only, its certificate (for 127.0.0.1) signed by a certificate
     * authority made for it with openssl in {@code dir}, whose certificate is {@link #ca()}.
     */
    public static MqttBroker tlsOnFreePort(Path dir) throws IOException, InterruptedException {
        return tlsOnFreePort(dir, /* clientCertificates= */ false);
    }

    /**
     * As {@link #tlsOnFreePort(Path)}; with {@code clientCertificates}, the broker also asks each
     * client for a certificate its CA signed (mutual TLS), and one is made for the tests:
     * {@code client.pem} and its PKCS#8 key {@code client.key} in {@code dir}.
     */
    public static MqttBroker tlsOnFreePort(Path dir, boolean clientCertificates) throws IOException,
            InterruptedException {
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days",
                "2", "-subj", "/CN=meter-reader test CA");
        openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj",
                "/CN=127.0.0.1");
        Files.writeString(dir.resolve("san.cnf"), "subjectAltName=IP:127.0.0.1\n");
        openssl(dir, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.pem", "-days", "2", "-extfile", "san.cnf");
        if (clientCertificates) {
            openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "client.key", "-out", "client.csr",
                    "-subj", "/CN=meter-reader");
            openssl(dir, "x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                    "-out", "client.pem", "-days", "2");
        }
        int port = freePort();
        Path config = dir.resolve("mosquitto.conf");
        Files.writeString(config, "listener " + port + " 127.0.0.1\ncafile " + dir.resolve("ca.pem") + "\ncertfile "
                + dir.resolve("server.pem") + "\nkeyfile " + dir.resolve("server.key") + "\nallow_anonymous true\n"
                + (clientCertificates ? "require_certificate true\n" : "")
                // started as root, mosquitto would read its files as the user mosquitto, who cannot
                + "user " + System.getProperty("user.name") + "\n");
        return new MqttBroker(port, config, dir.resolve("ca.pem"));
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed");
        }
    }

    /** The certificate authority of a TLS broker. */
    public Path ca() {
        return ca;
    }

    public String url() {
        return (tlsConfig == null ? "tcp" : "ssl") + "://127.0.0.1:" + port;
    }

    /** Starts the broker and waits until it takes connections. */
    public MqttBroker start() throws IOException, InterruptedException {
        List<String> command = tlsConfig == null ? List.of(MOSQUITTO.toString(), "-p", String.valueOf(port))
                : List.of(MOSQUITTO.toString(), "-c", tlsConfig.toString());
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long end = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < end) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return this;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException("mosquitto did not open port " + port);
    }

    /** Stops the broker (its retained messages go with it: it keeps none on disk). */
    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor();
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** A client subscribed to {@code filter} that keeps the latest payload of each topic and every one in order. */
    public Subscriber subscribe(String filter) throws MqttException {
        return new Subscriber(url(), filter, ca, null, null);
    }

    /** A subscriber showing the broker a client certificate (for a broker that asks for one). */
    public Subscriber subscribe(String filter, Path cert, Path key) throws MqttException {
        return new Subscriber(url(), filter, ca, cert, key);
    }

    public static final class Subscriber implements AutoCloseable {
        public final Map<String, String> latest = new ConcurrentHashMap<>();
        /** Each topic's latest payload as sent (a binary one, Sparkplug's, is not text). */
        public final Map<String, byte[]> latestBytes = new ConcurrentHashMap<>();
        public final List<String> received = new CopyOnWriteArrayList<>();
        private final MqttClient client;

        Subscriber(String url, String filter, Path ca, Path cert, Path key) throws MqttException {
            client = new MqttClient(url, "test-" + System.nanoTime(), new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            if (ca != null) {
                options.setSocketFactory(MqttTls.socketFactory(ca, cert, key));
            }
            client.connect(options);
            client.subscribe(filter, 1, (topic, message) -> {
                String payload = new String(message.getPayload(), StandardCharsets.UTF_8);
                latest.put(topic, payload);
                latestBytes.put(topic, message.getPayload());
                received.add(topic + " " + payload);
            });
        }

        /** Publishes from this client (QoS 1), as another client of the broker would. */
        public void publish(String topic, String payload, boolean retained) throws MqttException {
            client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, retained);
        }

        /** Waits up to 20 s for a topic's latest payload to contain {@code text}. */
        public boolean await(String topic, String text) throws InterruptedException {
            long end = System.nanoTime() + 20_000_000_000L;
            while (System.nanoTime() < end) {
                String payload = latest.get(topic);
                if (payload != null && payload.contains(text)) {
                    return true;
                }
                Thread.sleep(50);
            }
            return false;
        }

        @Override
        public void close() throws MqttException {
            client.disconnect();
            client.close();
        }
    }
}
