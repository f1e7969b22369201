package io.meterreader.camera.rtsp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of an RTSP DESCRIBE answer (SDP, RFC 8866) the client needs: its first video stream.
 *
 * @param codec         null when the encoding is neither H.264 nor H.265
 * @param encoding      the encoding name as the SDP gives it ("H264", "JPEG"...), or
 *                      "payload type N" for a static payload type without a=rtpmap, for errors
 * @param control       the absolute URL to SETUP this stream on
 * @param parameterSets NAL units (no start codes) from sprop-..., empty when codec is null
 * @param decodingOrderNumbers an H.265 stream whose packets carry decoding order numbers (DONL
 *                      and DOND fields, RFC 7798 4.4.1): its sprop-max-don-diff is above 0
 */
record SessionDescription(VideoCodec codec, String encoding, int payloadType, int clockRate,
        String control, List<byte[]> parameterSets, boolean decodingOrderNumbers) {

    /** Every static video payload type (RFC 3551) runs at 90 kHz. */
    private static final int STATIC_VIDEO_CLOCK = 90_000;

    /**
     * Parses the SDP text.
     *
     * @param contentBase the URL the control attribute is relative to (Content-Base or
     *                    Content-Location header of the DESCRIBE answer, else the request URL)
     * @throws IOException when there is no m=video line or it is malformed
     */
    static SessionDescription parse(String sdp, String contentBase) throws IOException {
        String[] formats = null;
        Map<String, String> rtpmaps = new HashMap<>();
        Map<String, String> fmtps = new HashMap<>();
        String control = null;
        for (String raw : sdp.split("\r?\n")) {
            String line = raw.strip();
            if (line.startsWith("m=")) {
                if (formats != null) {
                    break; // the end of the video section
                }
                String[] fields = line.substring(2).split("\\s+");
                if (fields[0].equals("video")) {
                    if (fields.length < 4) {
                        throw new IOException("Malformed media line in SDP: " + line);
                    }
                    formats = Arrays.copyOfRange(fields, 3, fields.length);
                }
            } else if (formats != null && line.startsWith("a=rtpmap:")) {
                putByFormat(rtpmaps, line.substring("a=rtpmap:".length()));
            } else if (formats != null && line.startsWith("a=fmtp:")) {
                putByFormat(fmtps, line.substring("a=fmtp:".length()));
            } else if (formats != null && line.startsWith("a=control:")) {
                // Only the video section's: a session-level a=control is the aggregate URL.
                control = line.substring("a=control:".length()).strip();
            }
        }
        if (formats == null) {
            throw new IOException("SDP has no video stream (no m=video line)");
        }

        String format = formats[0];
        for (String candidate : formats) {
            if (rtpmaps.containsKey(candidate)) {
                format = candidate;
                break;
            }
        }
        int payloadType = parseNumber(format, "payload type");
        if (payloadType < 0 || payloadType > 127) {
            throw new IOException("Malformed payload type in the SDP video stream: " + payloadType);
        }
        String url = control == null ? contentBase : resolve(control, contentBase);
        String rtpmap = rtpmaps.get(format);
        if (rtpmap == null) {
            return new SessionDescription(null, "payload type " + payloadType, payloadType,
                    STATIC_VIDEO_CLOCK, url, List.of(), false);
        }
        String[] map = rtpmap.split("/");
        String encoding = map[0].strip();
        int clockRate = parseNumber(map.length > 1 ? map[1].strip() : "", "clock rate");
        VideoCodec codec = switch (encoding.toUpperCase(Locale.ROOT)) {
            case "H264" -> VideoCodec.H264;
            case "H265", "HEVC" -> VideoCodec.H265;
            default -> null;
        };
        Map<String, String> fmtp = fmtpParameters(fmtps.getOrDefault(format, ""));
        List<byte[]> sets = new ArrayList<>();
        List<String> keys = codec == VideoCodec.H264 ? List.of("sprop-parameter-sets")
                : codec == VideoCodec.H265 ? List.of("sprop-vps", "sprop-sps", "sprop-pps")
                : List.of();
        for (String key : keys) {
            for (String base64 : fmtp.getOrDefault(key, "").split(",")) {
                try {
                    byte[] nal = Base64.getDecoder().decode(base64.strip());
                    if (nal.length > 0) {
                        sets.add(nal);
                    }
                } catch (IllegalArgumentException badBase64) {
                    // The camera repeats its parameter sets in-band; lose only this one.
                }
            }
        }
        boolean donl = codec == VideoCodec.H265 && positive(fmtp.get("sprop-max-don-diff"));
        return new SessionDescription(codec, encoding, payloadType, clockRate, url, List.copyOf(sets), donl);
    }

    /** Whether an fmtp value is a whole number above 0 (absent or malformed: no). */
    private static boolean positive(String value) {
        try {
            return value != null && Integer.parseInt(value.strip()) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Keeps "<format> <value>" of an a=rtpmap or a=fmtp line under its format. */
    private static void putByFormat(Map<String, String> byFormat, String attribute) {
        String[] parts = attribute.strip().split("\\s+", 2);
        byFormat.putIfAbsent(parts[0], parts.length > 1 ? parts[1] : "");
    }

    /** "key=value; key=value"; keys are case-insensitive, base64 values may end in '='. */
    private static Map<String, String> fmtpParameters(String text) {
        Map<String, String> parameters = new HashMap<>();
        for (String pair : text.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                parameters.put(pair.substring(0, eq).strip().toLowerCase(Locale.ROOT),
                        pair.substring(eq + 1).strip());
            }
        }
        return parameters;
    }

    /**
     * Joins with exactly one '/' rather than resolving as RFC 3986 would ("rtsp://h/cam1" +
     * "trackID=1" would lose "cam1"): cameras send a Content-Base without the trailing slash
     * and mean the track to sit below it.
     */
    private static String resolve(String control, String contentBase) {
        String lower = control.toLowerCase(Locale.ROOT);
        if (lower.startsWith("rtsp://") || lower.startsWith("rtsps://")) {
            return control;
        }
        if (control.equals("*")) {
            return contentBase;
        }
        String base = contentBase.endsWith("/") ? contentBase : contentBase + "/";
        return base + (control.startsWith("/") ? control.substring(1) : control);
    }

    private static int parseNumber(String text, String what) throws IOException {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException notNumber) {
            throw new IOException("Malformed " + what + " in the SDP video stream: '" + text + "'");
        }
    }
}
