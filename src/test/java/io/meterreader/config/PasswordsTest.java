package io.meterreader.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordsTest {

    @Test
    void aHash_matchesItsPasswordOnly_andIsSaltedAfresh() {
        String hash = Passwords.hash("pä55:word".toCharArray());
        assertThat(hash).startsWith(Passwords.PREFIX + Passwords.ITERATIONS + "$").doesNotContain("pä55");
        assertThat(Passwords.problem(hash)).isNull();
        assertThat(Passwords.matches(hash, "pä55:word")).isTrue();
        assertThat(Passwords.matches(hash, "pä55:word ")).isFalse();
        assertThat(Passwords.matches(hash, "")).isFalse();
        assertThat(Passwords.hash("pä55:word".toCharArray())).as("a new salt each time").isNotEqualTo(hash);
    }

    @Test
    void aPasswordAsItIs_matchesItself() {
        assertThat(Passwords.isHashed("n0t-hashed")).isFalse();
        assertThat(Passwords.problem("n0t-hashed")).isNull();
        assertThat(Passwords.matches("n0t-hashed", "n0t-hashed")).isTrue();
        assertThat(Passwords.matches("n0t-hashed", "n0t-hashe")).isFalse();
    }

    @Test
    void aBrokenOrWeakHash_isSaidToBeSo() {
        String hash = Passwords.hash("x".toCharArray());
        assertThat(Passwords.problem(hash.substring(0, hash.length() - 4))).contains("and a hash of");
        assertThat(Passwords.problem(Passwords.PREFIX + "abc$AAAAAAAAAAAAAAAAAAAAAA$" + hash.split("\\$")[2]))
                .contains("the iterations are not a number: abc");
        assertThat(Passwords.problem(Passwords.PREFIX + "1000$" + hash.split("\\$", 2)[1]))
                .contains("a hash of only 1000 iterations");
        assertThat(Passwords.problem(Passwords.PREFIX + "600000$%%$x")).contains("hash-password");
    }
}
