package io.meterreader.mqtt;

import io.meterreader.config.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** TLS to a broker whose certificate a plant's own certificate authority signed ({@code mqtt.ca-file}). */
final class MqttTls {

    private MqttTls() {
    }

    /**
     * TLS that trusts the certificate authorities of a PEM file, and no others.
     *
     * @throws ConfigurationException when the file cannot be read or holds no certificate
     */
    static SSLSocketFactory trusting(Path caFile) {
        String property = "meter-reader.mqtt.ca-file";
        try (InputStream in = Files.newInputStream(caFile)) {
            Collection<? extends Certificate> cas = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (cas.isEmpty()) {
                throw new ConfigurationException(property, "holds no certificate: " + caFile);
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate ca : cas) {
                trusted.setCertificateEntry("ca-" + i++, ca);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException e) {
            throw new ConfigurationException(property, "cannot be read: " + caFile + " (" + e.getMessage() + ")");
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException(property, "is not a PEM file of certificates: " + caFile + " ("
                    + e.getMessage() + ")");
        }
    }
}
