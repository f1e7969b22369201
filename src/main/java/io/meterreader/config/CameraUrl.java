package io.meterreader.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A camera's source address. It keeps its credentials for the grabber ({@link #raw()}) but
 * shows them to nobody else: {@link #toString()} and {@link #masked()} replace the user-info
 * part with {@code ***}, and {@link #redact(String)} scrubs them from any message (an FFmpeg
 * error, say) before it reaches a log line or an API response.
 *
 * <p>Supported schemes: {@code rtsp}, {@code rtsps}, {@code rtmp}, {@code http}, {@code https},
 * {@code file} (a video file, looped) and {@code sim} (a synthetic camera rendered in-process).
 */
public final class CameraUrl {

    static final Set<String> SCHEMES = Set.of("rtsp", "rtsps", "rtmp", "http", "https", "file", "sim");
    private static final String MASK = "***";

    private final String raw;
    private final String scheme;
    private final String userInfo;
    private final String masked;

    private CameraUrl(String raw) {
        this.raw = raw;
        int colon = raw.indexOf(':');
        this.scheme = colon > 0 ? raw.substring(0, colon).toLowerCase(Locale.ROOT) : "";
        this.userInfo = findUserInfo(raw);
        this.masked = userInfo == null ? raw : raw.replace(userInfo + "@", MASK + "@");
    }

    /** Wraps any string; {@link #problem()} says whether it is usable. */
    public static CameraUrl of(String raw) {
        return new CameraUrl(Objects.requireNonNull(raw, "url").trim());
    }

    private static String findUserInfo(String raw) {
        int start = raw.indexOf("://");
        if (start < 0) {
            return null;
        }
        start += 3;
        int end = raw.length();
        for (char stop : new char[] {'/', '?', '#'}) {
            int i = raw.indexOf(stop, start);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        int at = raw.lastIndexOf('@', end - 1);
        return at >= start ? raw.substring(start, at) : null;
    }

    /** The address with credentials, for the grabber only. */
    public String raw() {
        return raw;
    }

    public String scheme() {
        return scheme;
    }

    /** The address with its credentials replaced by {@code ***}. */
    public String masked() {
        return masked;
    }

    public boolean hasCredentials() {
        return userInfo != null;
    }

    /** For {@code file:} URLs, the path of the file. */
    public String filePath() {
        if (!"file".equals(scheme)) {
            throw new IllegalStateException("not a file URL: " + masked);
        }
        String rest = raw.substring("file:".length());
        return rest.startsWith("//") ? rest.substring(2) : rest;
    }

    /** Replaces this URL's credentials, and the URL itself, wherever they occur in {@code message}. */
    public String redact(String message) {
        if (message == null || userInfo == null) {
            return message;
        }
        String out = message.replace(raw, masked).replace(userInfo, MASK);
        int colon = userInfo.indexOf(':');
        if (colon >= 0 && colon + 1 < userInfo.length()) {
            out = out.replace(userInfo.substring(colon + 1), MASK);
        }
        return out;
    }

    /** What is wrong with this URL, in words that never include its credentials. */
    public Optional<String> problem() {
        if (raw.isEmpty()) {
            return Optional.of("is empty");
        }
        if (!SCHEMES.contains(scheme)) {
            return Optional.of("has scheme '" + (scheme.isEmpty() ? "(none)" : scheme)
                    + "'; expected one of rtsp, rtsps, rtmp, http, https, file, sim");
        }
        if ("file".equals(scheme)) {
            return filePath().isBlank() ? Optional.of("names no file") : Optional.empty();
        }
        if ("sim".equals(scheme)) {
            return raw.length() > "sim://".length() && raw.startsWith("sim://")
                    ? Optional.empty() : Optional.of("must look like sim://NAME");
        }
        try {
            // the credentials as the camera clients read them (up to the last '@': a password may hold a raw
            // '@' or other characters a URI would have escaped), so the rest is checked alone
            URI uri = new URI(userInfo == null ? raw : raw.replace(userInfo + "@", "user@"));
            if (uri.getHost() == null) {
                return Optional.of("names no host");
            }
            if (uri.getPort() == 0 || uri.getPort() > 65535) {
                // java.net.URI takes any number; the camera's client would fail at every try, for ever
                return Optional.of("has port " + uri.getPort() + "; a port is 1 to 65535");
            }
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URL (" + redact(e.getReason()) + ")");
        }
        return Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CameraUrl other && other.raw.equals(raw);
    }

    @Override
    public int hashCode() {
        return raw.hashCode();
    }

    @Override
    public String toString() {
        return masked;
    }
}
