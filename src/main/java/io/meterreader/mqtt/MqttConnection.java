package io.meterreader.mqtt;

import io.meterreader.config.MqttProperties;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;

/** What the service's MQTT connections share: how they connect to the broker, and how long they wait on it. */
final class MqttConnection {

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
}
