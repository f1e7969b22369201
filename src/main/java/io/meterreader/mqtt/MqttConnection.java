package io.meterreader.mqtt;

import io.meterreader.config.MqttProperties;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the service's MQTT connections share: how they connect to the broker, and how long they wait on it. */
final class MqttConnection {

    private static final Logger log = LoggerFactory.getLogger(MqttConnection.class);

    static final long FIRST_RETRY_MILLIS = 1_000;
    static final long LAST_RETRY_MILLIS = 60_000;
    /** The longest a publish or the connection waits on the broker before it is given up as gone. */
    static final int WAIT_MILLIS = 10_000;

    private MqttConnection() {
    }

    /** TLS that trusts the configured CAs (and shows the client certificate); null: the default. */
    static SSLSocketFactory tls(MqttProperties config) {
        return config.caFile() == null && config.certFile() == null ? null
                : MqttTls.socketFactory(config.caFile(), config.certFile(), config.keyFile());
    }

    /**
     * A clean session without Paho's own reconnecting (the caller connects again, with back-off),
     * the configured credentials and TLS; the caller adds its will.
     */
    static MqttConnectOptions options(MqttProperties config, SSLSocketFactory tls) {
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
        return options;
    }

    static String describe(MqttException e) {
        Throwable cause = e.getCause();
        return e.getMessage() + (cause == null ? "" : ": " + cause.getMessage());
    }

    /**
     * A client's callback, on Paho's thread: {@code lost} is told why the connection dropped,
     * {@code arrived} each message of a subscription.
     */
    static MqttCallback callback(Consumer<String> lost, BiConsumer<String, byte[]> arrived) {
        return new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                lost.accept("connection lost: " + (cause == null ? "no reason given" : cause.getMessage()));
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                arrived.accept(topic, message.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        };
    }

    /** Waits on {@code lock} for {@code millis}, or until {@code closed}: a back-off that a close cuts short. */
    static void pause(Object lock, long millis, BooleanSupplier closed) {
        synchronized (lock) {
            long end = System.nanoTime() + millis * 1_000_000;
            long left;
            while (!closed.getAsBoolean() && (left = end - System.nanoTime()) > 0) {
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Closes a client whatever state it is in; null does nothing. */
    static void close(MqttClient client) {
        if (client != null) {
            try {
                client.close(/* force= */ true);
            } catch (MqttException e) {
                log.debug("MQTT: closing the client {}: {}", client.getClientId(), describe(e));
            }
        }
    }
}
