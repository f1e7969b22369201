package io.meterreader.opcua;

import io.meterreader.config.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Date;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user certificates an OPC UA client may log in with: the files of one folder, read again at
 * each log-in, so that a plant grants or revokes a user by adding or removing a file. A
 * certificate is accepted when one of the files holds the very same certificate (byte for byte)
 * and it is within its validity dates; that the client holds its private key, Milo checks from
 * the token's signature. A file that is not a certificate is skipped and logged.
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
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                if (Files.isRegularFile(file) && holds(file, wanted)) {
                    return true;
                }
            }
        } catch (IOException e) {
            log.warn("OPC UA log-in refused: the user certificates in {} cannot be read ({})", folder, e.getMessage());
            return false;
        }
        log.warn("OPC UA log-in refused: the user certificate {} is not in {}", presented.getSubjectX500Principal(),
                folder.toAbsolutePath());
        return false;
    }

    /** Whether the file holds this certificate (PEM or DER; a PEM file may hold several). */
    private static boolean holds(Path file, byte[] wanted) {
        try (InputStream in = Files.newInputStream(file)) {
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                if (Arrays.equals(c.getEncoded(), wanted)) {
                    return true;
                }
            }
            return false;
        } catch (IOException | CertificateException e) {
            log.warn("Skipping {} among the OPC UA user certificates: not a certificate ({})", file, e.getMessage());
            return false;
        }
    }
}
