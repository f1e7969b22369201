package io.meterreader.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterreader.config.ConfigurationException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserCertificatesTest {

    @TempDir
    Path dir;

    private static X509Certificate certificate(String name) throws Exception {
        KeyPair keys = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        return new SelfSignedCertificateBuilder(keys).setCommonName(name).setApplicationUri("urn:plant:" + name).build();
    }

    @Test
    void aCertificateInTheFolder_asDer_isAccepted_andAnotherIsNot() throws Exception {
        X509Certificate operator = certificate("operator");
        Files.write(dir.resolve("operator.der"), operator.getEncoded());
        UserCertificates users = new UserCertificates(dir);
        assertThat(users.test(operator)).isTrue();
        assertThat(users.test(certificate("stranger"))).isFalse();
    }

    /** A certificate authority: its key and its self-signed certificate, marked as a CA. */
    private record Authority(KeyPair keys, X509Certificate certificate) {

        static Authority named(String name) throws Exception {
            return named(name, /* ca= */ true);
        }

        /** With {@code ca} false, a plain user certificate whose key signs all the same. */
        static Authority named(String name, boolean ca) throws Exception {
            KeyPair keys = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
            X500Name subject = new X500Name("CN=" + name);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.ONE, from(),
                    until(), subject, keys.getPublic());
            if (ca) {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            }
            return new Authority(keys, sign(builder, keys));
        }

        /** A root CA whose certificates may have at most {@code pathLength} CAs below it. */
        static Authority root(String name, int pathLength) throws Exception {
            KeyPair keys = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
            X500Name subject = new X500Name("CN=" + name);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.ONE, from(),
                    until(), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLength))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return new Authority(keys, sign(builder, keys));
        }

        /** A CA this one issues (with {@code ca} false, a plain certificate whose key signs all the same). */
        Authority subordinate(String name, long serial, boolean ca, Date notAfter) throws Exception {
            KeyPair subKeys = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, BigInteger.valueOf(serial),
                    from(), notAfter, new X500Name("CN=" + name), subKeys.getPublic());
            if (ca) {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            }
            return new Authority(subKeys, sign(builder, keys));
        }

        Authority subordinate(String name, long serial) throws Exception {
            return subordinate(name, serial, true, until());
        }

        X509Certificate issue(String user, long serial) throws Exception {
            KeyPair userKeys = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, BigInteger.valueOf(serial),
                    from(), until(), new X500Name("CN=" + user), userKeys.getPublic());
            return sign(builder, keys);
        }

        X509CRL revoking(X509Certificate user) throws Exception {
            X509v2CRLBuilder crl = new JcaX509v2CRLBuilder(certificate, from());
            crl.addCRLEntry(user.getSerialNumber(), from(), CRLReason.keyCompromise);
            return new JcaX509CRLConverter().getCRL(
                    crl.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
        }

        private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) throws Exception {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate())));
        }

        private static Date from() {
            return new Date(System.currentTimeMillis() - 3_600_000);
        }

        static Date until() {
            return new Date(System.currentTimeMillis() + 30L * 24 * 3_600_000);
        }
    }

    @Test
    void aCaInTheFolder_letsInTheUsersItSigned_butNotThoseItsCrlRevokes_norAnotherCasUsers() throws Exception {
        Authority plant = Authority.named("Plant CA");
        Authority other = Authority.named("Other CA");
        X509Certificate alice = plant.issue("alice", 2);
        X509Certificate bob = plant.issue("bob", 3);
        X509Certificate mallory = other.issue("mallory", 2);
        Files.write(dir.resolve("plant-ca.der"), plant.certificate().getEncoded());
        UserCertificates users = new UserCertificates(dir);

        assertThat(users.test(alice)).isTrue();
        assertThat(users.test(bob)).isTrue();
        assertThat(users.test(mallory)).as("signed by a CA not in the folder").isFalse();
        assertThat(users.test(plant.issue("self", 4))).isTrue();

        Files.write(dir.resolve("plant.crl"), plant.revoking(bob).getEncoded());
        assertThat(users.test(bob)).as("revoked").isFalse();
        assertThat(users.test(alice)).isTrue();
        // Another CA's list revokes nothing of the plant's, even with the same serial number.
        Files.write(dir.resolve("other.crl"), other.revoking(mallory).getEncoded());
        assertThat(users.test(alice)).isTrue();
    }

    @Test
    void usersOfAnIntermediateCa_areLetIn_withTheRootAndTheIntermediateInTheFolder_checkedUpToTheRoot()
            throws Exception {
        Authority root = Authority.named("Plant Root CA");
        Authority site = root.subordinate("Site 7 CA", 10);
        Authority elsewhere = root.subordinate("Site 9 CA", 11);
        X509Certificate alice = site.issue("alice", 2);
        X509Certificate bob = site.issue("bob", 3);
        X509Certificate carol = elsewhere.issue("carol", 2);
        Files.write(dir.resolve("root.der"), root.certificate().getEncoded());
        UserCertificates users = new UserCertificates(dir);
        assertThat(users.test(alice)).as("the root alone: the intermediate is not known").isFalse();

        Files.write(dir.resolve("site-7.der"), site.certificate().getEncoded());
        assertThat(users.test(alice)).isTrue();
        assertThat(users.test(bob)).isTrue();
        assertThat(users.test(carol)).as("under the root, through an intermediate not in the folder").isFalse();

        Files.write(dir.resolve("site-7.crl"), site.revoking(bob).getEncoded());
        assertThat(users.test(bob)).as("revoked by the intermediate").isFalse();
        assertThat(users.test(alice)).isTrue();

        Files.write(dir.resolve("root.crl"), root.revoking(site.certificate()).getEncoded());
        assertThat(users.test(alice)).as("the intermediate itself revoked by the root").isFalse();
        Files.delete(dir.resolve("root.crl"));
        assertThat(users.test(alice)).isTrue();

        // a list naming the root but signed by another key revokes nothing
        Authority impostor = Authority.named("Plant Root CA");
        Files.write(dir.resolve("forged.crl"), impostor.revoking(site.certificate()).getEncoded());
        assertThat(users.test(alice)).isTrue();
    }

    @Test
    void anIntermediateAlone_isTrustedForWhatItIssues_butAChainBreakingTheRulesIsNot() throws Exception {
        Authority root = Authority.named("Plant Root CA");
        Authority site = root.subordinate("Site 7 CA", 10);
        Files.write(dir.resolve("site-7.pem"), pem(site.certificate()));
        UserCertificates users = new UserCertificates(dir);
        assertThat(users.test(site.issue("alice", 2))).as("the folder's top CA, as before").isTrue();

        // a certificate that is no CA cannot sign for the root, even placed in the folder
        Path other = Files.createDirectory(dir.resolve("other"));
        Files.write(other.resolve("root.der"), root.certificate().getEncoded());
        Authority notCa = root.subordinate("Workstation 4", 12, /* ca= */ false, Authority.until());
        Files.write(other.resolve("workstation.der"), notCa.certificate().getEncoded());
        assertThat(new UserCertificates(other).test(notCa.issue("eve", 5))).isFalse();

        // an intermediate past its dates breaks the chain
        Authority lapsed = root.subordinate("Site 8 CA", 13, true, new Date(System.currentTimeMillis() - 60_000));
        Files.write(other.resolve("site-8.der"), lapsed.certificate().getEncoded());
        assertThat(new UserCertificates(other).test(lapsed.issue("dave", 6))).isFalse();

        // a root that allows no CA below it
        Path strict = Files.createDirectory(dir.resolve("strict"));
        Authority flat = Authority.root("Flat Root CA", 0);
        Authority below = flat.subordinate("Below CA", 20);
        Files.write(strict.resolve("flat.der"), flat.certificate().getEncoded());
        Files.write(strict.resolve("below.der"), below.certificate().getEncoded());
        UserCertificates flatUsers = new UserCertificates(strict);
        assertThat(flatUsers.test(flat.issue("frank", 7))).isTrue();
        assertThat(flatUsers.test(below.issue("grace", 8))).as("path length 0 at the root").isFalse();
    }

    private static byte[] pem(X509Certificate c) throws Exception {
        return ("-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(c.getEncoded())
                + "\n-----END CERTIFICATE-----\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Test
    void aUserCertificate_isNoCa_evenThoughItsKeySigns() throws Exception {
        Authority operator = Authority.named("operator", /* ca= */ false);
        Files.write(dir.resolve("operator.der"), operator.certificate().getEncoded());
        UserCertificates users = new UserCertificates(dir);
        assertThat(users.test(operator.certificate())).isTrue();
        assertThat(users.test(operator.issue("eve", 5))).as("issued by a user, not a CA").isFalse();
    }

    @Test
    void aFolderThatIsNot_stopsStartupNamingTheKey() {
        assertThatThrownBy(() -> new UserCertificates(dir.resolve("missing")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("meter-reader.opcua.user-certificates")
                .hasMessageContaining("no such folder");
    }
}
