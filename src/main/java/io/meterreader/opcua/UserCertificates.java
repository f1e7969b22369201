package io.meterreader.opcua;

import io.meterreader.config.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user certificates an OPC UA client may log in with: the files of one folder, read again at
 * each log-in, so that a plant grants or revokes a user by adding or removing a file. A
 * certificate within its validity dates is accepted when one of the files holds the very same
 * certificate (byte for byte), or when it is issued under a certificate authority in the folder (a
 * certificate marked as a CA, itself within its dates), directly or through intermediate CAs that
 * are in the folder too, and no certificate revocation list in the folder ({@code .crl}, signed by
 * the CA it names) revokes it or a CA between it and the top: a plant whose PKI issues user
 * certificates drops its CAs in once. That the client holds the certificate's private key, Milo checks from the token's
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
        Date now = new Date();
        List<X509Certificate> chain;
        try {
            chain = chain(presented, certificates, now);
        } catch (GeneralSecurityException e) {
            log.warn("OPC UA log-in refused: the user certificate {} is not in {}, nor issued under a CA there, "
                    + "directly or through the intermediate CAs there ({})", presented.getSubjectX500Principal(),
                    folder.toAbsolutePath(), e.getMessage());
            return false;
        }
        for (int i = 0; i + 1 < chain.size(); i++) {
            X509Certificate issuer = chain.get(i + 1);
            for (X509CRL crl : revocations) {
                if (revokes(crl, issuer, chain.get(i))) {
                    log.warn("OPC UA log-in refused: {} is revoked by a CRL of {}{}",
                            chain.get(i).getSubjectX500Principal(), issuer.getSubjectX500Principal(),
                            i == 0 ? "" : " (the CA that issued the user certificate "
                                    + presented.getSubjectX500Principal() + ", or one above it)");
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The certificate's chain up to a CA of the folder, the certificate first and that CA last,
     * through the folder's other CAs (PKIX: each signature, each certificate within its dates,
     * each issuer a CA allowed to sign certificates, path lengths). The top CAs are those the
     * folder has no issuer of, or self-signed: a plant that drops in its root and intermediate CAs
     * has each user's chain checked up to the root (and a root's CRL that revokes an intermediate
     * refuses the users under it); one that drops in an intermediate alone trusts what it issues.
     *
     * @throws GeneralSecurityException no chain: why, in words
     */
    private static List<X509Certificate> chain(X509Certificate presented, List<X509Certificate> certificates,
                                               Date now) throws GeneralSecurityException {
        List<X509Certificate> cas = certificates.stream().filter(c -> c.getBasicConstraints() >= 0).toList();
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate ca : cas) {
            if (cas.stream().noneMatch(other -> other != ca && signedBy(ca, other)) && within(ca, now)) {
                anchors.add(new TrustAnchor(ca, null));
            }
        }
        if (anchors.isEmpty()) {
            throw new CertPathBuilderException("no CA certificate there, within its dates, to start from");
        }
        X509CertSelector target = new X509CertSelector();
        target.setCertificate(presented);
        PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, target);
        parameters.setRevocationEnabled(false);
        parameters.setDate(now);
        List<X509Certificate> pool = new ArrayList<>(cas);
        pool.add(presented);
        parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(pool)));
        PKIXCertPathBuilderResult built = (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX")
                .build(parameters);
        List<X509Certificate> chain = new ArrayList<>();
        for (var c : built.getCertPath().getCertificates()) {
            chain.add((X509Certificate) c);
        }
        chain.add(built.getTrustAnchor().getTrustedCert());
        // PKIX leaves the top CA's own constraints out (RFC 5280 takes a trust anchor as a name and
        // a key); a root that allows no CA, or fewer, below it is held to that here.
        for (int i = 1; i < chain.size(); i++) {
            if (chain.get(i).getBasicConstraints() < i - 1) {
                throw new CertPathBuilderException(chain.get(i).getSubjectX500Principal()
                        + " allows at most " + chain.get(i).getBasicConstraints() + " CAs below it, the chain has "
                        + (i - 1));
            }
        }
        return chain;
    }

    /** Whether {@code issuer} signed {@code certificate} (names and signature; no dates). */
    private static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        if (!certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return false;
        }
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean within(X509Certificate c, Date now) {
        try {
            c.checkValidity(now);
            return true;
        } catch (CertificateException e) {
            return false;
        }
    }

    /** Whether a CRL that the issuer signed revokes the certificate. */
    private static boolean revokes(X509CRL crl, X509Certificate issuer, X509Certificate certificate) {
        if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal()) || !crl.isRevoked(certificate)) {
            return false;
        }
        try {
            crl.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            log.warn("A CRL naming {} among the OPC UA user certificates is not signed by it: ignored",
                    issuer.getSubjectX500Principal());
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
