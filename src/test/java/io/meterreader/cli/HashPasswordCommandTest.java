package io.meterreader.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterreader.config.Passwords;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HashPasswordCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) throws Exception {
        HashPasswordCommand command = new HashPasswordCommand(() -> null,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        return command.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void theFirstLineOfTheInput_isPrintedHashed() throws Exception {
        assertThat(run("pä55 word\nsecond line\n")).isEqualTo(Cli.EXIT_OK);
        String hash = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(hash).startsWith(Passwords.PREFIX).doesNotContain("pä55");
        assertThat(Passwords.matches(hash, "pä55 word")).isTrue();
        assertThat(Passwords.matches(hash, "second line")).isFalse();
    }

    @Test
    void noPassword_orOneOnTheCommandLine_isRefused() throws Exception {
        assertThat(run("")).isEqualTo(Cli.EXIT_FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("the password is empty");
        assertThat(out.size()).isZero();
        assertThatThrownBy(() -> run("", "s3cret")).isInstanceOf(UsageException.class)
                .hasMessageContaining("not given on the command line");
    }

    @Test
    void theGeneralHelp_listsIt() {
        assertThat(Cli.generalHelp()).contains("hash-password");
    }
}
