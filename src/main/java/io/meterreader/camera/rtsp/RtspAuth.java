package io.meterreader.camera.rtsp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Authorization} header a camera asked for in its 401 answer: Digest (RFC 2617, MD5,
 * with or without {@code qop=auth}), which most IP cameras require, else Basic.
 */
final class RtspAuth {

    private static final Pattern PARAM = Pattern.compile("(\\w+)\\s*=\\s*(?:\"([^\"]*)\"|([^,\\s]+))");

    private final String user;
    private final String password;
    private final String realm;
    private final String nonce;
    private final String opaque;
    private final boolean digest;
    private final boolean qopAuth;
    private final String cnonce;
    private int nonceCount;

    private RtspAuth(String user, String password, boolean digest, Map<String, String> params) {
        this.user = user;
        this.password = password;
        this.digest = digest;
        this.realm = params.getOrDefault("realm", "");
        this.nonce = params.getOrDefault("nonce", "");
        this.opaque = params.get("opaque");
        String qop = params.get("qop");
        this.qopAuth = qop != null && java.util.Arrays.stream(qop.split(",")).anyMatch(q -> q.trim().equals("auth"));
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        this.cnonce = HexFormat.of().formatHex(random);
    }

    /**
     * The scheme the camera offers in {@code wwwAuthenticate} (one challenge per line): Digest
     * where offered, else Basic; null when it offers neither (or Digest with an algorithm other
     * than MD5).
     */
    static RtspAuth fromChallenge(String wwwAuthenticate, String user, String password) {
        if (wwwAuthenticate == null) {
            return null;
        }
        RtspAuth basic = null;
        for (String challenge : wwwAuthenticate.split("\n")) {
            String c = challenge.trim();
            String scheme = c.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
            Map<String, String> params = new HashMap<>();
            Matcher m = PARAM.matcher(c.substring(scheme.length()));
            while (m.find()) {
                params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2) != null ? m.group(2) : m.group(3));
            }
            if (scheme.equals("digest")) {
                String algorithm = params.getOrDefault("algorithm", "MD5");
                if (algorithm.equalsIgnoreCase("MD5")) {
                    return new RtspAuth(user, password, true, params);
                }
            } else if (scheme.equals("basic")) {
                basic = new RtspAuth(user, password, false, params);
            }
        }
        return basic;
    }

    /** The header's value for a request. */
    String authorization(String method, String uri) {
        if (!digest) {
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
        String ha1 = md5(user + ":" + realm + ":" + password);
        String ha2 = md5(method + ":" + uri);
        StringBuilder sb = new StringBuilder("Digest username=\"").append(user).append("\", realm=\"").append(realm)
                .append("\", nonce=\"").append(nonce).append("\", uri=\"").append(uri).append('"');
        if (qopAuth) {
            String nc = String.format("%08x", ++nonceCount);
            sb.append(", qop=auth, nc=").append(nc).append(", cnonce=\"").append(cnonce).append('"');
            sb.append(", response=\"").append(md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2)).append('"');
        } else {
            sb.append(", response=\"").append(md5(ha1 + ":" + nonce + ":" + ha2)).append('"');
        }
        if (opaque != null) {
            sb.append(", opaque=\"").append(opaque).append('"');
        }
        return sb.toString();
    }

    static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }
}
