package io.meterreader.mqtt;

import io.meterreader.config.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS to a broker whose certificate a plant's own certificate authority signed ({@code mqtt.ca-file}),
 * showing the broker a certificate of the service's own where it asks for one
 * ({@code mqtt.cert-file}, {@code mqtt.key-file}).
 */
final class MqttTls {

    private MqttTls() {
    }

    /**
     * TLS that trusts the certificate authorities of a PEM file, and no others.
     *
     * @throws ConfigurationException when the file cannot be read or holds no certificate
     */
    static SSLSocketFactory trusting(Path caFile) {
        return socketFactory(caFile, null, null);
    }

    /**
     * TLS that trusts the certificate authorities of {@code caFile} (null: the JVM's trust store)
     * and, where {@code certFile} is given, shows the broker that certificate, signed with the
     * private key of {@code keyFile} (mutual TLS).
     *
     * @throws ConfigurationException when a file cannot be read or is not what it should be
     */
    static SSLSocketFactory socketFactory(Path caFile, Path certFile, Path keyFile) {
        try {
            TrustManager[] trust = null;
            if (caFile != null) {
                KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
                trusted.load(null, null);
                int i = 0;
                for (Certificate ca : certificates(caFile, "meter-reader.mqtt.ca-file")) {
                    trusted.setCertificateEntry("ca-" + i++, ca);
                }
                TrustManagerFactory factory = TrustManagerFactory.getInstance(
                        TrustManagerFactory.getDefaultAlgorithm());
                factory.init(trusted);
                trust = factory.getTrustManagers();
            }
            KeyManager[] keys = null;
            if (certFile != null) {
                List<Certificate> chain = List.copyOf(certificates(certFile, "meter-reader.mqtt.cert-file"));
                KeyStore own = KeyStore.getInstance(KeyStore.getDefaultType());
                own.load(null, null);
                own.setKeyEntry("client", privateKey(keyFile), KEY_PASSWORD, chain.toArray(Certificate[]::new));
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(own, KEY_PASSWORD);
                keys = factory.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("TLS could not be set up: " + e.getMessage(), e);
        }
    }

    /** The in-memory key store's password: the key never leaves the process. */
    private static final char[] KEY_PASSWORD = "meter-reader".toCharArray();

    private static Collection<? extends Certificate> certificates(Path file, String property) {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new ConfigurationException(property, "holds no certificate: " + file);
            }
            return certs;
        } catch (IOException e) {
            throw new ConfigurationException(property, "cannot be read: " + file + " (" + e.getMessage() + ")");
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException(property, "is not a PEM file of certificates: " + file + " ("
                    + e.getMessage() + ")");
        }
    }

    private static PrivateKey privateKey(Path keyFile) {
        String property = "meter-reader.mqtt.key-file";
        String pem;
        try {
            pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ConfigurationException(property, "cannot be read: " + keyFile + " (" + e.getMessage() + ")");
        }
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new ConfigurationException(property, "must be an unencrypted PKCS#8 PEM key (\"BEGIN PRIVATE KEY\"; "
                    + "openssl pkcs8 -topk8 -nocrypt -in KEY -out " + keyFile.getFileName() + " converts one): "
                    + keyFile);
        }
        String base64 = pem.substring(pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27,
                pem.indexOf("-----END PRIVATE KEY-----")).replaceAll("\\s", "");
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64));
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException notThisOne) {
                // try the next
            }
        }
        throw new ConfigurationException(property, "holds no RSA, EC or Ed25519 key: " + keyFile);
    }
}
