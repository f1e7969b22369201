package io.meterreader.opcua;

import io.meterreader.config.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user certificates an OPC UA client may log in with: the files of one folder, read again at
 * each log-in, so that a plant grants or revokes a user by adding or removing a file. A
 * certificate within its validity dates is accepted when one of the files holds the very same
 * certificate (byte for byte), or when it is signed by a certificate authority in the folder (a
 * certificate marked as a CA, itself within its dates) and no certificate revocation list of that
 * CA in the folder ({@code .crl}) revokes it: a plant whose PKI issues user certificates drops its
 * CA in once. That the client holds the certificate's private key, Milo checks from the token's
 * signature. A file that is neither a certificate nor a CRL is skipped and logged.
 */
final class UserCertificates implements Predicate<X509Certificate> {

    private static final Logger log = LoggerFactory.getLogger(UserCertificates.class);

    private final Path folder;

    UserCertificates(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new ConfigurationException("meter-reader.opcua.user-certificates",
                    "must be a folder of user certificates, got " + folder.toAbsolutePath() + " (no such folder)");
        }
        this.folder = folder;
    }

    @Override
    public boolean test(X509Certificate presented) {
        try {
            presented.checkValidity(new Date());
        } catch (CertificateException e) {
            log.warn("OPC UA log-in refused: the user certificate {} is not valid now ({})",
                    presented.getSubjectX500Principal(), e.getMessage());
            return false;
        }
        byte[] wanted;
        try {
            wanted = presented.getEncoded();
        } catch (CertificateException e) {
            return false;
        }
        List<X509Certificate> certificates = new ArrayList<>();
        List<X509CRL> revocations = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                if (Files.isRegularFile(file)) {
                    read(file, certificates, revocations);
                }
            }
        } catch (IOException e) {
            log.warn("OPC UA log-in refused: the user certificates in {} cannot be read ({})", folder, e.getMessage());
            return false;
        }
        for (X509Certificate c : certificates) {
            if (Arrays.equals(encoded(c), wanted)) {
                return true;
            }
        }
        for (X509Certificate ca : certificates) {
            if (signedBy(presented, ca)) {
                for (X509CRL crl : revocations) {
                    if (crl.getIssuerX500Principal().equals(ca.getSubjectX500Principal()) && crl.isRevoked(presented)) {
                        log.warn("OPC UA log-in refused: the user certificate {} is revoked by a CRL of {}",
                                presented.getSubjectX500Principal(), ca.getSubjectX500Principal());
                        return false;
                    }
                }
                return true;
            }
        }
        log.warn("OPC UA log-in refused: the user certificate {} is not in {}, nor signed by a CA there",
                presented.getSubjectX500Principal(), folder.toAbsolutePath());
        return false;
    }

    /** Whether a CA of the folder, valid now, signed the certificate. */
    private static boolean signedBy(X509Certificate presented, X509Certificate ca) {
        if (ca.getBasicConstraints() < 0 || !presented.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            return false;
        }
        try {
            ca.checkValidity(new Date());
            presented.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The certificates (PEM or DER; a PEM file may hold several) or the CRLs of a file. */
    private static void read(Path file, List<X509Certificate> certificates, List<X509CRL> revocations) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".crl")) {
                try (InputStream in = Files.newInputStream(file)) {
                    for (var crl : factory.generateCRLs(in)) {
                        revocations.add((X509CRL) crl);
                    }
                }
                return;
            }
            try (InputStream in = Files.newInputStream(file)) {
                for (var c : factory.generateCertificates(in)) {
                    certificates.add((X509Certificate) c);
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            log.warn("Skipping {} among the OPC UA user certificates: not a certificate or CRL ({})", file,
                    e.getMessage());
        }
    }

    private static byte[] encoded(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (CertificateException e) {
            return new byte[0];
        }
    }
}
