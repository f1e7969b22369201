package io.meterreader.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterreader.config.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
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

    @Test
    void aFolderThatIsNot_stopsStartupNamingTheKey() {
        assertThatThrownBy(() -> new UserCertificates(dir.resolve("missing")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("meter-reader.opcua.user-certificates")
                .hasMessageContaining("no such folder");
    }
}
