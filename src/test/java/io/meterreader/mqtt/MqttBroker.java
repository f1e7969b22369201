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
    private Process process;

    private MqttBroker(int port) {
        this.port = port;
    }

    public static boolean available() {
        return Files.isExecutable(MOSQUITTO);
    }

    /** A broker's port, with no broker on it yet. */
    public static MqttBroker onFreePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return new MqttBroker(s.getLocalPort());
        }
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Starts the broker and waits until it takes connections. */
    public MqttBroker start() throws IOException, InterruptedException {
        process = new ProcessBuilder(MOSQUITTO.toString(), "-p", String.valueOf(port)).redirectErrorStream(true)
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
        return new Subscriber(url(), filter);
    }

    public static final class Subscriber implements AutoCloseable {
        public final Map<String, String> latest = new ConcurrentHashMap<>();
        public final List<String> received = new CopyOnWriteArrayList<>();
        private final MqttClient client;

        Subscriber(String url, String filter) throws MqttException {
            client = new MqttClient(url, "test-" + System.nanoTime(), new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            client.connect(options);
            client.subscribe(filter, 1, (topic, message) -> {
                String payload = new String(message.getPayload(), StandardCharsets.UTF_8);
                latest.put(topic, payload);
                received.add(topic + " " + payload);
            });
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
