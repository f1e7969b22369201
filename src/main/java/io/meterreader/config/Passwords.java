package io.meterreader.config;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * An account's password as the configuration holds it: as it is, or as a salted PBKDF2 hash
 * ({@code {pbkdf2}ITERATIONS$SALT$HASH}, salt and hash in Base64, HMAC-SHA256) made by
 * {@code java -jar meter-reader.jar hash-password}, so that a configuration file others can read
 * does not give the password away. Comparisons take the same time whatever the password given.
 */
public final class Passwords {

    /** The prefix of a hashed password. */
    public static final String PREFIX = "{pbkdf2}";
    /** PBKDF2-HMAC-SHA256's iterations for a new hash: OWASP's figure for 2023 on. */
    static final int ITERATIONS = 600_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    /** The fewest iterations a configured hash may have: fewer would be quick to guess. */
    private static final int MIN_ITERATIONS = 10_000;

    private Passwords() {
    }

    /** A new hash of the password, with a fresh salt, to put in the configuration. */
    public static String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + ITERATIONS + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(pbkdf2(password, salt, ITERATIONS));
    }

    /** Whether a configured password is a hash (slow to check: the access filter remembers what it checked). */
    public static boolean isHashed(String stored) {
        return stored.startsWith(PREFIX);
    }

    /**
     * Why a configured password cannot be used, or null when it can: a hash that is not one of
     * {@link #hash}'s (a truncated copy, a typing error) would otherwise refuse every login.
     */
    public static String problem(String stored) {
        if (!isHashed(stored)) {
            return null;
        }
        try {
            Hash h = parse(stored);
            if (h.iterations() < MIN_ITERATIONS) {
                return "a hash of only " + h.iterations() + " iterations (at least " + MIN_ITERATIONS
                        + "): make a new one with 'java -jar meter-reader.jar hash-password'";
            }
            return null;
        } catch (IllegalArgumentException e) {
            return "not a hash that 'java -jar meter-reader.jar hash-password' makes (" + PREFIX
                    + "ITERATIONS$SALT$HASH): " + e.getMessage();
        }
    }

    /** Whether the given password is the configured one, as it is or hashed. */
    public static boolean matches(String stored, String given) {
        if (!isHashed(stored)) {
            return MessageDigest.isEqual(sha256(stored), sha256(given));
        }
        Hash h = parse(stored);
        return MessageDigest.isEqual(h.hash(), pbkdf2(given.toCharArray(), h.salt(), h.iterations()));
    }

    private record Hash(int iterations, byte[] salt, byte[] hash) {
    }

    private static Hash parse(String stored) {
        String[] parts = stored.substring(PREFIX.length()).split("\\$", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("3 parts separated by '$', got " + parts.length);
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the iterations are not a number: " + parts[0]);
        }
        byte[] salt = Base64.getDecoder().decode(parts[1]);
        byte[] hash = Base64.getDecoder().decode(parts[2]);
        if (salt.length < 8 || hash.length != HASH_BYTES) {
            throw new IllegalArgumentException("a salt of " + salt.length + " bytes (8 or more) and a hash of "
                    + hash.length + " (" + HASH_BYTES + ")");
        }
        return new Hash(iterations, salt, hash);
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JVM", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** SHA-256 of a string's UTF-8 bytes. */
    public static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
