package io.meterreader.camera.rtsp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * An rtsp:// URL taken apart as cameras are configured in practice: the user-info ends at the
 * last '@' before the path, so a password may hold a raw '@' (as FFmpeg reads it, and as the
 * service's CameraUrl masks it); user and password are percent-decoded, '+' kept as it is.
 *
 * @param url the URL requests name: without the credentials
 */
record RtspAddress(String host, int port, String user, String password, String url) {

    static RtspAddress parse(String raw) throws IOException {
        if (!raw.regionMatches(true, 0, "rtsp://", 0, 7)) {
            throw new IOException("not an rtsp:// URL");
        }
        String rest = raw.substring(7);
        int end = rest.length();
        for (char stop : new char[] {'/', '?', '#'}) {
            int i = rest.indexOf(stop);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        int at = rest.lastIndexOf('@', end - 1);
        String user = "";
        String password = "";
        if (at >= 0) {
            String info = rest.substring(0, at);
            int colon = info.indexOf(':');
            user = percentDecode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? "" : percentDecode(info.substring(colon + 1));
        }
        String hostPort = rest.substring(at + 1, end);
        String host;
        String portText = null;
        if (hostPort.startsWith("[")) {   // an IPv6 literal
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new IOException("unclosed '[' in the camera's address");
            }
            host = hostPort.substring(1, close);
            if (close + 1 < hostPort.length() && hostPort.charAt(close + 1) == ':') {
                portText = hostPort.substring(close + 2);
            }
        } else {
            int colon = hostPort.lastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            portText = colon < 0 ? null : hostPort.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IOException("the URL names no host");
        }
        int port = 554;
        if (portText != null && !portText.isEmpty()) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IOException("bad port '" + portText + "'");
            }
        }
        String path = rest.substring(end);
        int fragment = path.indexOf('#');
        if (fragment >= 0) {
            path = path.substring(0, fragment);
        }
        if (path.isEmpty() || path.charAt(0) != '/') {
            path = "/" + path;
        }
        return new RtspAddress(host, port, user, password, "rtsp://" + hostPort + path);
    }

    /** %XX sequences to their bytes, read as UTF-8; anything else (a '+', a stray '%') as it is. */
    private static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        byte[] in = s.getBytes(StandardCharsets.UTF_8);   // '%' never occurs inside a multi-byte character
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            int high = i + 2 < in.length ? Character.digit(in[i + 1], 16) : -1;
            int low = i + 2 < in.length ? Character.digit(in[i + 2], 16) : -1;
            if (in[i] == '%' && high >= 0 && low >= 0) {
                out.write(high * 16 + low);
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
