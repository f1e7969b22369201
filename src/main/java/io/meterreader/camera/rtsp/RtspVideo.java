package io.meterreader.camera.rtsp;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An H.264 or H.265 camera read over RTSP, the media interleaved on the control connection (RTP
 * over TCP), decoded by FFmpeg: the service's own RTSP client, which reads the socket through a
 * buffer ({@link RtspConnection} says why). Access units come one at a time ({@link #next}); the
 * caller decodes those it needs ({@link #decode}) and converts the pictures it reads ({@link #bgr}).
 * Access units it does not decode cost only their reading: no depacketized P frame reaches the
 * decoder when only key frames are read.
 *
 * <p>Session: OPTIONS, DESCRIBE, SETUP of the first video stream, PLAY; Digest or Basic
 * authentication with the URL's credentials when the camera asks; a keep-alive (GET_PARAMETER
 * where the camera offers it, else OPTIONS) every half of the session's timeout and an RTCP
 * receiver report every 5 s ({@link Rtcp}); an RTCP BYE ends the stream; TEARDOWN on close.
 * A stream in another codec (MJPEG, MPEG-4), or a camera that redirects, is refused with
 * {@link UnsupportedStreamException}.
 */
public final class RtspVideo implements AutoCloseable {

    /** A stream this client does not read: video neither H.264 nor H.265, or a redirect elsewhere. */
    public static final class UnsupportedStreamException extends IOException {
        UnsupportedStreamException(String message) {
            super(message);
        }
    }

    /**
     * The camera streams RTP packets, none of them of the payload type its SDP announced for the
     * video: a camera misconfigured (or a relay rewriting one side only), not the native client's
     * dialect. FFmpeg's client reads only the announced payload type too, and would probe for it
     * until the camera closed the connection.
     */
    public static final class ForeignPayloadException extends IOException {
        ForeignPayloadException(String message) {
            super(message);
        }
    }

    /** How often a receiver report goes to the camera. */
    private static final long REPORT_EVERY_NANOS = 5_000_000_000L;
    /** The camera answered a request of the session's start with an error status. */
    public static final class RefusedException extends IOException {
        private final int status;

        RefusedException(String message, int status) {
            super(message);
            this.status = status;
        }

        /** The RTSP status, as 401 for credentials refused. */
        public int status() {
            return status;
        }
    }

    private static final Pattern INTERLEAVED = Pattern.compile("interleaved=(\\d+)");
    private static final Pattern TIMEOUT = Pattern.compile("timeout=(\\d+)");

    private final RtspConnection connection;
    private final String url;
    private final String user;
    private final String password;
    private final Duration timeout;
    private RtspAuth auth;
    private String session;
    private long keepAliveNanos;
    private long lastKeepAlive;
    private boolean getParameter;
    private String playUrl;
    private int rtpChannel;
    private SessionDescription description;
    private RtpDepacketizer depacketizer;
    private H26xDecoder decoder;
    private final byte[] packet = new byte[65536];
    private final int ssrc = new java.security.SecureRandom().nextInt();
    private Reception reception;
    private long lastSenderReport;
    private long lastSenderReportAt;
    private long lastReceiverReport;

    private AccessUnit unit;
    private long lastRtpTimestamp = Long.MIN_VALUE;
    private long unwrapped;
    private boolean decoderInStep;
    private boolean unitDecoded;
    /** Whether reading failed: no TEARDOWN then. */
    private boolean failed;
    /** Whether the last keep-alive was refused and sent again with a renewed nonce. */
    private boolean reauthenticated;

    private RtspVideo(RtspConnection connection, String url, String user, String password, Duration timeout) {
        this.connection = connection;
        this.url = url;
        this.user = user;
        this.password = password;
        this.timeout = timeout;
    }

    /**
     * Connects and starts the stream.
     *
     * @param rawUrl       rtsp://[user:password@]host[:port]/path
     * @param timeout      how long any read may wait (a camera silent for longer is stalled)
     * @param keyFramesOnly whether only key frames will be decoded (pictures then come out at once)
     * @throws UnsupportedStreamException when the stream's video is neither H.264 nor H.265, or the
     *                                    camera redirects
     * @throws RefusedException when the camera answers a request with an error status
     * @throws IOException with a message that holds no credentials
     */
    public static RtspVideo open(String rawUrl, Duration timeout, boolean keyFramesOnly) throws IOException {
        RtspAddress address = RtspAddress.parse(rawUrl);
        RtspConnection connection;
        try {
            connection = RtspConnection.open(address.host(), address.port(), timeout);
        } catch (java.net.UnknownHostException e) {
            // Java's message is the name alone
            throw new IOException("cannot connect to " + address.host() + ":" + address.port() + ": the host name "
                    + address.host() + " does not resolve (a typo, or no DNS for it here)");
        } catch (IOException e) {
            throw new IOException("cannot connect to " + address.host() + ":" + address.port() + ": "
                    + e.getMessage());
        }
        RtspVideo video = new RtspVideo(connection, address.url(), address.user(), address.password(), timeout);
        try {
            video.start(keyFramesOnly);
            return video;
        } catch (IOException | RuntimeException e) {
            video.close();
            throw e;
        }
    }

    private void start(boolean keyFramesOnly) throws IOException {
        RtspConnection.Response options = call("OPTIONS", url, Map.of());
        String methods = options.status() == 200 && options.header("public") != null ? options.header("public") : "";
        getParameter = methods.contains("GET_PARAMETER");

        RtspConnection.Response describe = call("DESCRIBE", url, Map.of("Accept", "application/sdp"));
        if (describe.status() >= 300 && describe.status() < 400) {
            throw new UnsupportedStreamException("the camera redirects (" + describe.status() + " " + describe.reason()
                    + ")");
        }
        expectOk("DESCRIBE", describe);
        String base = describe.header("content-base");
        if (base == null) {
            base = describe.header("content-location");
        }
        if (base == null) {
            base = url;
        }
        description = SessionDescription.parse(describe.body(), base);
        if (description.codec() == null) {
            throw new UnsupportedStreamException("the camera's video is " + description.encoding()
                    + ", not H.264 or H.265");
        }
        playUrl = base;

        RtspConnection.Response setup = call("SETUP", description.control(),
                Map.of("Transport", "RTP/AVP/TCP;unicast;interleaved=0-1"));
        expectOk("SETUP", setup);
        String transport = setup.header("transport");
        Matcher channel = INTERLEAVED.matcher(transport == null ? "" : transport);
        rtpChannel = channel.find() ? Integer.parseInt(channel.group(1)) : 0;
        String sessionHeader = setup.header("session");
        if (sessionHeader == null) {
            throw new IOException("the camera's SETUP answer names no session");
        }
        session = sessionHeader.split(";", 2)[0].trim();
        Matcher t = TIMEOUT.matcher(sessionHeader);
        long seconds = t.find() ? Math.max(2, Long.parseLong(t.group(1))) : 60;
        keepAliveNanos = seconds * 1_000_000_000L / 2;

        RtspConnection.Response play = call("PLAY", playUrl, Map.of("Range", "npt=0.000-"));
        expectOk("PLAY", play);
        lastKeepAlive = System.nanoTime();
        lastReceiverReport = lastKeepAlive - REPORT_EVERY_NANOS - 1;   // the first report with the first packet
        reception = new Reception(description.clockRate(), lastKeepAlive);

        depacketizer = new RtpDepacketizer(description.codec(), description.payloadType(), description.parameterSets(),
                description.decodingOrderNumbers());
        decoder = new H26xDecoder(description.codec(), keyFramesOnly);
    }

    /** A request with the session and authorization, answered again with credentials after a 401. */
    private RtspConnection.Response call(String method, String target, Map<String, String> extra) throws IOException {
        RtspConnection.Response r = request(method, target, extra);
        if (r.status() == 401 && auth == null && !user.isEmpty()) {
            auth = RtspAuth.fromChallenge(r.header("www-authenticate"), user, password);
            if (auth != null) {
                r = request(method, target, extra);
            }
        }
        if (r.status() == 401) {
            throw new RefusedException(user.isEmpty() ? "the camera asks for credentials (401); put them in the URL"
                    : "the camera refused the credentials (401 " + r.reason() + ")", 401);
        }
        return r;
    }

    /**
     * One request and its answer; an answer that does not come within the timeout says which request
     * went unanswered (Java's own message is "Read timed out", which the soak audit found an operator
     * cannot act on: the camera took the connection, so it is there, but does not speak).
     */
    private RtspConnection.Response request(String method, String target, Map<String, String> extra)
            throws IOException {
        try {
            return connection.request(method, target, headers(method, target, extra));
        } catch (SocketTimeoutException e) {
            SocketTimeoutException said = new SocketTimeoutException("the camera took the connection but did not "
                    + "answer " + method + " within " + timeout.toSeconds() + " s (the camera busy or hung, or "
                    + "another service at this port)");
            said.initCause(e);
            throw said;
        }
    }

    private Map<String, String> headers(String method, String target, Map<String, String> extra) {
        Map<String, String> h = new LinkedHashMap<>(extra);
        if (session != null) {
            h.put("Session", session);
        }
        if (auth != null) {
            h.put("Authorization", auth.authorization(method, target));
        }
        return h;
    }

    private static void expectOk(String method, RtspConnection.Response r) throws IOException {
        if (r.status() != 200) {
            // the camera is there and speaks: a 404 is the URL's path, as its manual names the streams
            String hint = r.status() == 404 && method.equals("DESCRIBE") ? ": the camera has no stream at this path; "
                    + "check the URL's path against the camera's manual (such as /stream1 or /Streaming/Channels/101)"
                    : "";
            throw new RefusedException(method + " answered " + r.status() + " " + r.reason() + hint, r.status());
        }
    }

    /**
     * Reads the next whole access unit of the video.
     *
     * @return false when the camera ended the stream (an RTCP BYE: a recording played to its end)
     * @throws IOException when the camera closed the connection, or sent nothing, or nothing that
     *                     makes a whole access unit, for the timeout
     */
    public boolean next() throws IOException {
        long start = System.nanoTime();
        long announcedBefore = depacketizer.announcedPackets();
        long foreignBefore = depacketizer.foreignPackets();
        while (true) {
            long now = System.nanoTime();
            if (now - start > timeout.toNanos()) {
                // Packets come, but no access unit out of them (another payload type, every unit broken).
                failed = true;
                if (depacketizer.announcedPackets() == announcedBefore && depacketizer.foreignPackets() > foreignBefore) {
                    throw new ForeignPayloadException("stalled: the camera sends RTP payload type "
                            + depacketizer.foreignPayloadType() + " where its SDP announced "
                            + depacketizer.payloadType() + " for the video, for " + timeout.toSeconds()
                            + " s: nothing of it can be read (check the camera's stream settings)");
                }
                throw new IOException("stalled: packets but no video from the camera for " + timeout.toSeconds() + " s");
            }
            if (now - lastKeepAlive > keepAliveNanos) {
                String method = getParameter ? "GET_PARAMETER" : "OPTIONS";
                connection.send(method, playUrl, headers(method, playUrl, Map.of()));
                lastKeepAlive = now;
            }
            int header;
            try {
                header = connection.readPacket(packet);
            } catch (SocketTimeoutException e) {
                failed = true;
                throw new IOException("stalled: nothing from the camera for " + timeout.toSeconds() + " s");
            } catch (IOException | RuntimeException e) {
                failed = true;
                throw e;
            }
            if (header < 0) {
                keepAliveAnswered(connection.lastAnswer());
                continue;
            }
            int length = header & 0xFFFF;
            int channel = header >>> 16;
            if (channel == rtpChannel + 1) {
                if (Rtcp.isBye(packet, length)) {
                    return false;
                }
                long sr = Rtcp.senderReportTime(packet, length);
                if (sr >= 0) {
                    lastSenderReport = sr;
                    lastSenderReportAt = now;
                }
                continue;
            }
            if (channel != rtpChannel) {
                continue;
            }
            reception.packet(packet, length, System.nanoTime());   // now is from before the read
            if (now - lastReceiverReport > REPORT_EVERY_NANOS) {
                connection.sendInterleaved(rtpChannel + 1, Rtcp.receiverReport(ssrc, reception.sourceSsrc(),
                        reception.extendedHighest(), reception.fractionLostSinceLastReport(),
                        reception.cumulativeLost(), reception.jitter(), lastSenderReport,
                        lastSenderReport == 0 ? 0 : (now - lastSenderReportAt) / 1e9, "meter-reader@" + ssrc));
                lastReceiverReport = now;
            }
            AccessUnit au = depacketizer.push(packet, 0, length);
            if (au != null) {
                if (unit != null && !unitDecoded) {
                    decoderInStep = false;   // the frames after a skipped one need it
                }
                unit = au;
                unitDecoded = false;
                if (lastRtpTimestamp != Long.MIN_VALUE) {
                    unwrapped += (int) (au.rtpTimestamp() - lastRtpTimestamp);   // 32-bit wrap-around
                }
                lastRtpTimestamp = au.rtpTimestamp();
                return true;
            }
        }
    }

    /**
     * A keep-alive's answer. A camera that forgot the session says so (454); one whose Digest nonce
     * went stale asks again (401), and the keep-alive is sent again at once with the new nonce.
     */
    private void keepAliveAnswered(RtspConnection.Response answer) throws IOException {
        if (answer.status() == 454) {
            failed = true;
            throw new IOException("the camera ended the session (454 " + answer.reason() + ")");
        }
        if (answer.status() == 401 && !user.isEmpty() && !reauthenticated) {
            RtspAuth renewed = RtspAuth.fromChallenge(answer.header("www-authenticate"), user, password);
            if (renewed != null) {
                auth = renewed;
                reauthenticated = true;   // once: a camera that refuses the renewed nonce too is left to time out
                lastKeepAlive = System.nanoTime() - keepAliveNanos - 1;   // send it again now
            }
        } else if (answer.status() == 200) {
            reauthenticated = false;
        }
    }

    /** Whether the access unit read last holds a key frame. */
    public boolean keyFrame() {
        return unit != null && unit.keyFrame();
    }

    /** The stream time of the access unit read last, in microseconds from the first one. */
    public long timeMicros() {
        return unwrapped * 1_000_000L / description.clockRate();
    }

    /**
     * Decodes the access unit read last. A unit that needs pictures the decoder did not see (a P
     * frame after a unit left undecoded) is not decoded: decoding starts again at a key frame.
     *
     * @return whether a picture came out of it
     */
    public boolean decode() {
        if (unit == null || (!decoderInStep && !unit.keyFrame())) {
            return false;
        }
        decoderInStep = true;
        unitDecoded = true;
        return decoder.decode(unit.annexB(), timeMicros());
    }

    /** The stream time of the picture decoded last, in microseconds (it may be older than the unit's). */
    public long pictureTimeMicros() {
        return decoder.pictureTime();
    }

    public int width() {
        return decoder.width();
    }

    public int height() {
        return decoder.height();
    }

    /** The picture decoded last as packed BGR (3 bytes a pixel, no row padding), in a new array. */
    public byte[] bgr() {
        return decoder.bgr();
    }

    /** Access units lost to missing or malformed packets. */
    public long dropped() {
        return depacketizer == null ? 0 : depacketizer.dropped();
    }

    /** The codec, as the camera's SDP names it. */
    public String codec() {
        return description == null ? "?" : description.encoding();
    }

    @Override
    public void close() {
        // Only to a camera that was answering: a write to one that stopped reading could block.
        if (session != null && !failed) {
            try {
                connection.send("TEARDOWN", playUrl, headers("TEARDOWN", playUrl, Map.of()));
            } catch (IOException | RuntimeException ignored) {
                // The camera may already be gone.
            }
        }
        connection.close();
        if (decoder != null) {
            decoder.close();
            decoder = null;
        }
    }
}
