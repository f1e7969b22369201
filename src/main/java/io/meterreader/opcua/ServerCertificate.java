package io.meterreader.opcua;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Period;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;

/**
 * The server's own application instance certificate: self-signed, made on first start for the
 * application URI and host name, and kept in the PKI folder ({@code server.p12}) so that clients
 * that trusted it go on trusting it. A certificate made for another URI or host is made again.
 */
record ServerCertificate(KeyPair keyPair, X509Certificate certificate) {

    /** The key store's password: it guards nothing the folder's permissions do not already. */
    private static final char[] PASSWORD = "meter-reader".toCharArray();
    private static final String ALIAS = "server";

    static ServerCertificate loadOrCreate(Path pkiDir, String applicationUri, String hostname)
            throws IOException, GeneralSecurityException {
        Path file = pkiDir.resolve("server.p12");
        if (Files.exists(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                store.load(in, PASSWORD);
            }
            X509Certificate cert = (X509Certificate) store.getCertificate(ALIAS);
            PrivateKey key = (PrivateKey) store.getKey(ALIAS, PASSWORD);
            if (cert != null && key != null && madeFor(cert, applicationUri, hostname)) {
                return new ServerCertificate(new KeyPair(cert.getPublicKey(), key), cert);
            }
        }
        KeyPair keys = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        X509Certificate cert;
        try {
            cert = new SelfSignedCertificateBuilder(keys)
                    .setCommonName("Meter Reader")
                    .setOrganization("Meter Reader")
                    .setApplicationUri(applicationUri)
                    .addDnsName(hostname)
                    .setValidityPeriod(Period.ofYears(10))
                    .build();
        } catch (Exception e) {
            throw new GeneralSecurityException("the OPC UA server's certificate could not be made: " + e.getMessage(), e);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, PASSWORD);
        store.setKeyEntry(ALIAS, keys.getPrivate(), PASSWORD, new Certificate[] {cert});
        Files.createDirectories(pkiDir);
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD);
        }
        return new ServerCertificate(keys, cert);
    }

    private static boolean madeFor(X509Certificate cert, String applicationUri, String hostname)
            throws GeneralSecurityException {
        var names = cert.getSubjectAlternativeNames();
        if (names == null) {
            return false;
        }
        boolean uri = names.stream().anyMatch(n -> n.get(1).equals(applicationUri));
        boolean host = names.stream().anyMatch(n -> n.get(1).equals(hostname));
        return uri && host;
    }
}
