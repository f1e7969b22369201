package io.meterreader.mqtt;

import io.meterreader.config.MqttProperties;
import java.util.List;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to the broker and the thread that keeps it, shared by the JSON publisher and the
 * Sparkplug node. The thread connects, then has the subclass send what is due; when the broker
 * fails it closes the client and connects again after a back-off (1 s, doubling to a minute), so
 * nothing waits on the broker but this thread. A subclass says how it connects (its will), what it
 * sends, what a lost connection costs it, and how it leaves.
 *
 * <p>With several brokers configured (a plant's standby), each connection tries them in turn,
 * from the one after the broker last lost (or left, {@link #moveOn}) round to it, and the back-off
 * starts once none answered.
 */
abstract class MqttSession implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MqttSession.class);

    static final long FIRST_RETRY_MILLIS = 1_000;
    static final long LAST_RETRY_MILLIS = 60_000;
    /** The longest a publish or the connection waits on the broker before it is given up as gone. */
    static final int WAIT_MILLIS = 10_000;

    protected final MqttProperties config;
    /** Guards the subclass's state; notified when the connection drops or the session closes. */
    protected final Object lock = new Object();
    /** TLS that trusts the configured CAs; null: the default (plain TCP, or the JVM's trust store). */
    private final SSLSocketFactory tls;
    /** "MQTT" or "Sparkplug", for the log. */
    private final String label;
    private final Thread thread;
    protected volatile boolean connected;
    protected volatile boolean closed;
    /** Why the broker was last found unreachable; null once connected. */
    protected volatile String lastError;
    /** The session thread's; null between connections. */
    protected MqttClient client;
    /** The brokers, in the configured order. */
    private final List<String> servers;
    /** Where the next connection starts among the servers. Session thread's. */
    private int first;
    /** The broker connected to; null between connections. */
    private volatile String current;

    MqttSession(MqttProperties config, String label, String threadName) {
        this.config = config;
        this.label = label;
        this.tls = config.caFile() == null && config.certFile() == null ? null
                : MqttTls.socketFactory(config.caFile(), config.certFile(), config.keyFile());
        this.servers = config.servers();
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
    }

    /** Connects: {@link #newClient}, its will in {@link #options}, and {@code connected} set. */
    protected abstract void connect() throws MqttException;

    /** Waits until something is due and sends it; throws when the connection is found lost. */
    protected abstract void sendDue() throws MqttException, InterruptedException;

    /** The connection failed, its client closed: what was in flight may not have arrived. */
    protected void failed() {
    }

    /** On the way out, connected or not: says so on the broker where it can, and disconnects. */
    protected abstract void leave();

    /** Starts the session's thread; returns at once, whether the broker is there or not. */
    protected final void startThread() {
        thread.start();
    }

    private void run() {
        long retry = FIRST_RETRY_MILLIS;
        while (!closed) {
            try {
                if (client == null) {
                    connect();
                    retry = FIRST_RETRY_MILLIS;
                }
                sendDue();
            } catch (MqttException e) {
                connected = false;
                lastError = describe(e);
                String lost = current;
                moveOn();
                closeClient();
                failed();
                if (!closed) {
                    log.warn("{} broker {} unreachable ({}); trying {} in {} s", label,
                            lost == null ? url() : lost, lastError, servers.size() > 1 ? "them in turn" : "again",
                            retry / 1000);
                    pause(retry);
                    retry = Math.min(2 * retry, LAST_RETRY_MILLIS);
                }
            } catch (InterruptedException e) {
                break;
            }
        }
        leave();
    }

    /** A client whose lost connection wakes the session, and whose subscriptions go to {@code arrived}. */
    protected final MqttClient newClient(String clientId, BiConsumer<String, byte[]> arrived) throws MqttException {
        return newClient(clientId, arrived, /* skipRetained= */ false);
    }

    /**
     * As {@link #newClient(String, BiConsumer)}; with {@code skipRetained}, a retained message (one
     * published before this client subscribed: a command left on the broker) does not arrive.
     */
    protected final MqttClient newClient(String clientId, BiConsumer<String, byte[]> arrived, boolean skipRetained)
            throws MqttException {
        MqttClient c = new MqttClient(servers.get(first), clientId, new MemoryPersistence());
        c.setTimeToWait(WAIT_MILLIS);
        c.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                lastError = "connection lost: " + (cause == null ? "no reason given" : cause.getMessage());
                connected = false;
                synchronized (lock) {
                    lock.notifyAll();
                }
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                if (!(skipRetained && message.isRetained())) {
                    arrived.accept(topic, message.getPayload());
                }
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        return c;
    }

    /**
     * A clean session without Paho's own reconnecting (this thread connects again, with back-off),
     * the configured credentials and TLS; the caller adds its will.
     */
    protected final MqttConnectOptions options() {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(WAIT_MILLIS / 1000);
        options.setKeepAliveInterval(30);
        if (config.username() != null) {
            options.setUserName(config.username());
        }
        if (config.password() != null) {
            options.setPassword(config.password().toCharArray());
        }
        if (tls != null) {
            options.setSocketFactory(tls);
            options.setHttpsHostnameVerificationEnabled(true);
        }
        if (servers.size() > 1) {
            String[] inTurn = new String[servers.size()];
            for (int i = 0; i < inTurn.length; i++) {
                inTurn[i] = servers.get((first + i) % inTurn.length);
            }
            options.setServerURIs(inTurn);
        }
        return options;
    }

    /** Notes the broker the client just connected to, and says which; call once connected. */
    protected final String connectedTo() {
        current = client.getCurrentServerURI();
        int at = servers.indexOf(current);
        if (at >= 0) {
            first = at;
        }
        return current;
    }

    /** The next connection starts with the broker after the current one (or the last tried). */
    protected final void moveOn() {
        if (servers.size() > 1) {
            first = (first + 1) % servers.size();
        }
        current = null;
    }

    /** How many brokers are configured. */
    protected final int serverCount() {
        return servers.size();
    }

    /** Closes the client whatever state it is in; the next round connects again. */
    protected final void closeClient() {
        if (client != null) {
            try {
                client.close(/* force= */ true);
            } catch (MqttException e) {
                log.debug("{}: closing the client: {}", label, describe(e));
            }
            client = null;
        }
    }

    /** Waits on the lock for {@code millis}, or until closed: a back-off that a close cuts short. */
    private void pause(long millis) {
        synchronized (lock) {
            long end = System.nanoTime() + millis * 1_000_000;
            long left;
            while (!closed && (left = end - System.nanoTime()) > 0) {
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    public boolean isConnected() {
        return connected;
    }

    /**
     * The broker connected to, or while there is none the brokers configured (never with
     * credentials: those are refused in them).
     */
    public String url() {
        String now = current;
        return now != null ? now : String.join(",", servers);
    }

    static String describe(MqttException e) {
        Throwable cause = e.getCause();
        return e.getMessage() + (cause == null ? "" : ": " + cause.getMessage());
    }

    /** Stops: the thread leaves ({@link #leave}) and is waited for. */
    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        if (thread.isAlive()) {
            try {
                thread.join(WAIT_MILLIS + 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
