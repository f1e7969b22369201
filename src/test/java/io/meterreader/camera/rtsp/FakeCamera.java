package io.meterreader.camera.rtsp;

import io.meterreader.camera.ColourVideo;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted RTSP camera for tests: answers OPTIONS, DESCRIBE (behind Digest authentication),
 * SETUP and PLAY over one connection, then sends a real H.264 clip as RTP over TCP, interleaved,
 * at its frame rate, with an RTCP packet between frames, and an RTCP BYE after the last. Each second of the clip is one solid colour.
 */
public final class FakeCamera implements AutoCloseable {

    public static final String USER = "admin";
    public static final String PASSWORD = "pa55word";
    public static final int FPS = 10;

    /** The clip's access units, NAL units without start codes; each second is a key frame. */
    private final List<List<byte[]>> units;
    private final String encoding;
    private final boolean stopAfterPlay;
    private final int sessionTimeout;
    private final ServerSocket server;
    private final Thread thread;
    /** Requests as "METHOD url", in order; a bad digest is "METHOD url BAD-DIGEST". */
    public final List<String> requests = new CopyOnWriteArrayList<>();
    /** The packet type that opens each RTCP compound the client sent (201: a receiver report). */
    public final List<Integer> rtcpFromClient = new CopyOnWriteArrayList<>();

    /**
     * @param encoding      the SDP's video encoding (H264, or JPEG to play a camera in another codec),
     *                      or REDIRECT for a camera that answers DESCRIBE with a redirect, or H264-PT97
     *                      for one whose RTP packets carry another payload type than its SDP says, or
     *                      H264-GAPS for one that loses every other packet (nothing whole to decode)
     * @param stopAfterPlay whether to go silent after PLAY (a stalled camera)
     */
    public FakeCamera(List<List<byte[]>> units, String encoding, boolean stopAfterPlay) throws IOException {
        this(units, encoding, stopAfterPlay, 60);
    }

    /** @param sessionTimeout the session timeout the SETUP answer gives, in seconds (the client keeps it alive at half) */
    public FakeCamera(List<List<byte[]>> units, String encoding, boolean stopAfterPlay, int sessionTimeout)
            throws IOException {
        this.sessionTimeout = sessionTimeout;
        this.units = units;
        this.encoding = encoding;
        this.stopAfterPlay = stopAfterPlay;
        this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.thread = new Thread(this::serve, "fake-camera");
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public String url(String user, String password) {
        return "rtsp://" + user + ":" + password + "@127.0.0.1:" + server.getLocalPort() + "/live";
    }

    /** Writes {@code seconds} of solid colours (BGR) at {@link #FPS}, a key frame each second, and splits it up. */
    public static List<List<byte[]>> clip(Path dir, int[][] colours) throws IOException {
        Path file = dir.resolve("clip.h264");
        ColourVideo.write(file, "h264", 160, 120, FPS, colours);
        byte[] stream = Files.readAllBytes(file);
        List<List<byte[]>> units = new ArrayList<>();
        List<byte[]> unit = new ArrayList<>();
        for (byte[] nal : splitAnnexB(stream)) {
            unit.add(nal);
            int type = nal[0] & 0x1F;
            if (type == 1 || type == 5) {   // one slice a picture at this size
                units.add(unit);
                unit = new ArrayList<>();
            }
        }
        return units;
    }

    /** An Annex-B stream's NAL units, without their start codes. */
    static List<byte[]> splitAnnexB(byte[] s) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i + 3 <= s.length; i++) {
            if (s[i] == 0 && s[i + 1] == 0 && s[i + 2] == 1) {
                starts.add(i + 3);
                i += 2;
            }
        }
        List<byte[]> nals = new ArrayList<>();
        for (int k = 0; k < starts.size(); k++) {
            int from = starts.get(k);
            int to = k + 1 < starts.size() ? starts.get(k + 1) - 3 : s.length;
            while (to > from && s[to - 1] == 0) {
                to--;   // the leading zero of a 4-byte start code
            }
            nals.add(java.util.Arrays.copyOfRange(s, from, to));
        }
        return nals;
    }

    /** One connection after another, until closed. */
    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                serveOne(s);
            } catch (IOException e) {
                // The server closed, or the client went away.
            }
        }
    }

    private void serveOne(Socket s) {
        try {
            s.setSoTimeout(20_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = s.getOutputStream();
            String nonce = "5e1f00d";
            while (true) {
                String line = in.readLine();
                if (line == null) {
                    return;
                }
                if (line.isEmpty()) {
                    continue;
                }
                String[] request = line.split(" ");
                Map<String, String> headers = new HashMap<>();
                String h;
                while ((h = in.readLine()) != null && !h.isEmpty()) {
                    int colon = h.indexOf(':');
                    headers.put(h.substring(0, colon).trim().toLowerCase(), h.substring(colon + 1).trim());
                }
                String cseq = headers.get("cseq");
                String method = request[0];
                String url = request[1];
                String auth = headers.get("authorization");
                if (!method.equals("OPTIONS") && !validDigest(auth, method, url, nonce)) {
                    requests.add(method + " " + url + (auth == null ? "" : " BAD-DIGEST"));
                    write(out, "RTSP/1.0 401 Unauthorized\r\nCSeq: " + cseq + "\r\nWWW-Authenticate: Basic realm=\"cam\"\r\n"
                            + "WWW-Authenticate: Digest realm=\"cam\", nonce=\"" + nonce + "\", qop=\"auth\"\r\n\r\n");
                    continue;
                }
                requests.add(method + " " + url);
                switch (method) {
                    case "OPTIONS" -> write(out, "RTSP/1.0 200 OK\r\nCSeq: " + cseq
                            + "\r\nPublic: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER\r\n\r\n");
                    case "DESCRIBE" -> {
                        if (!url.endsWith("/live")) {
                            write(out, "RTSP/1.0 404 Not Found\r\nCSeq: " + cseq + "\r\n\r\n");
                            continue;
                        }
                        if (encoding.equals("REDIRECT")) {
                            write(out, "RTSP/1.0 302 Found\r\nCSeq: " + cseq + "\r\nLocation: rtsp://127.0.0.1:"
                                    + port() + "/elsewhere\r\n\r\n");
                            continue;
                        }
                        String sdp = sdp();
                        write(out, "RTSP/1.0 200 OK\r\nCSeq: " + cseq + "\r\nContent-Base: " + url + "/\r\n"
                                + "Content-Type: application/sdp\r\nContent-Length: " + sdp.length() + "\r\n\r\n" + sdp);
                    }
                    case "SETUP" -> write(out, "RTSP/1.0 200 OK\r\nCSeq: " + cseq
                            + "\r\nTransport: RTP/AVP/TCP;unicast;interleaved=2-3\r\nSession: 4242;timeout="
                            + sessionTimeout + "\r\n\r\n");
                    case "PLAY" -> {
                        write(out, "RTSP/1.0 200 OK\r\nCSeq: " + cseq + "\r\nSession: 4242\r\n\r\n");
                        Thread reports = new Thread(() -> readAfterPlay(in, out), "fake-camera-rtcp");
                        reports.setDaemon(true);
                        reports.start();
                        if (stopAfterPlay) {
                            Thread.sleep(20_000);
                            return;
                        }
                        sendClip(out);
                        return;
                    }
                    default -> write(out, "RTSP/1.0 200 OK\r\nCSeq: " + cseq + "\r\n\r\n");
                }
            }
        } catch (IOException | InterruptedException e) {
            // The client went away.
        }
    }

    /**
     * After PLAY the client sends interleaved RTCP and keep-alives: notes the type of each RTCP
     * packet that comes on channel 3 (ISO-8859-1 reads every byte as one char), and answers each
     * keep-alive; the first with a 401 that renews the Digest nonce, as a camera whose nonce went
     * stale does.
     */
    private void readAfterPlay(BufferedReader in, OutputStream out) {
        String nonce = "5e1f00d";
        try {
            int c;
            while ((c = in.read()) >= 0) {
                if (c != '$') {
                    String line = (char) c + in.readLine();
                    Map<String, String> headers = new HashMap<>();
                    String h;
                    while ((h = in.readLine()) != null && !h.isEmpty()) {
                        int colon = h.indexOf(':');
                        headers.put(h.substring(0, colon).trim().toLowerCase(), h.substring(colon + 1).trim());
                    }
                    String[] request = line.split(" ");
                    String cseq = headers.get("cseq");
                    if (nonce.equals("5e1f00d")) {
                        nonce = "fresh-n0nce";
                        requests.add(request[0] + " " + request[1] + " STALE");
                        write(out, "RTSP/1.0 401 Unauthorized\r\nCSeq: " + cseq + "\r\nWWW-Authenticate: Digest realm=\"cam\", nonce=\""
                                + nonce + "\", qop=\"auth\", stale=TRUE\r\n\r\n");
                    } else {
                        boolean ok = validDigest(headers.get("authorization"), request[0], request[1], nonce);
                        requests.add(request[0] + " " + request[1] + (ok ? "" : " BAD-DIGEST"));
                        write(out, "RTSP/1.0 " + (ok ? "200 OK" : "401 Unauthorized") + "\r\nCSeq: " + cseq + "\r\n\r\n");
                    }
                    continue;
                }
                int channel = in.read();
                int length = in.read() << 8 | in.read();
                char[] packet = new char[length];
                for (int n = 0; n < length; ) {
                    int got = in.read(packet, n, length - n);
                    if (got < 0) {
                        return;
                    }
                    n += got;
                }
                if (channel == 3 && length >= 2) {
                    rtcpFromClient.add((int) packet[1]);
                }
            }
        } catch (IOException e) {
            // The connection closed.
        }
    }

    private static boolean validDigest(String auth, String method, String url, String nonce) {
        if (auth == null || !auth.startsWith("Digest ")) {
            return false;
        }
        Map<String, String> p = new HashMap<>();
        Matcher m = Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]+))").matcher(auth.substring(7));
        while (m.find()) {
            p.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
        }
        String ha1 = RtspAuth.md5(USER + ":cam:" + PASSWORD);
        String ha2 = RtspAuth.md5(method + ":" + url);
        String expected = RtspAuth.md5(ha1 + ":" + nonce + ":" + p.get("nc") + ":" + p.get("cnonce") + ":auth:" + ha2);
        return USER.equals(p.get("username")) && url.equals(p.get("uri")) && expected.equals(p.get("response"));
    }

    private String sdp() {
        if (!encoding.startsWith("H264")) {
            return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=cam\r\nt=0 0\r\nm=video 0 RTP/AVP 26\r\na=rtpmap:26 JPEG/90000\r\n"
                    + "a=control:track1\r\n";
        }
        List<byte[]> first = units.get(0);
        Base64.Encoder b64 = Base64.getEncoder();
        String sps = b64.encodeToString(first.stream().filter(n -> (n[0] & 0x1F) == 7).findFirst().orElseThrow());
        String pps = b64.encodeToString(first.stream().filter(n -> (n[0] & 0x1F) == 8).findFirst().orElseThrow());
        return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=cam\r\nt=0 0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n"
                + "a=fmtp:96 packetization-mode=1;sprop-parameter-sets=" + sps + "," + pps + "\r\na=control:track1\r\n";
    }

    /**
     * The clip as RTP at its frame rate, as a camera sends it: small NAL units whole, large ones in
     * FU-A fragments of 1000 bytes; RTCP between frames.
     */
    private void sendClip(OutputStream out) throws IOException, InterruptedException {
        long began = System.nanoTime();
        int seq = 65530;   // wraps around within the clip
        for (int frame = 0; frame < units.size(); frame++) {
            long ts = 4_294_000_000L + frame * (90_000L / FPS);   // wraps around too
            List<byte[]> nals = units.get(frame);
            ByteArrayOutputStream packets = new ByteArrayOutputStream();
            for (int n = 0; n < nals.size(); n++) {
                byte[] nal = nals.get(n);
                boolean lastNal = n == nals.size() - 1;
                if (nal.length <= 1000) {
                    packets.write(interleaved(2, rtp(seq++, ts, lastNal, nal, 0, nal.length, null)));
                    continue;
                }
                for (int off = 1; off < nal.length; off += 1000) {
                    int len = Math.min(1000, nal.length - off);
                    boolean start = off == 1;
                    boolean end = off + len == nal.length;
                    byte[] fu = {(byte) ((nal[0] & 0xE0) | 28), (byte) ((start ? 0x80 : 0) | (end ? 0x40 : 0) | (nal[0] & 0x1F))};
                    packets.write(interleaved(2, rtp(seq++, ts, end && lastNal, nal, off, len, fu)));
                }
            }
            seq &= 0xFFFF;
            packets.write(interleaved(3, new byte[] {(byte) 0x80, (byte) 200, 0, 6, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0,
                    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
            long at = began + frame * 1_000_000_000L / FPS;
            long wait = at - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            synchronized (out) {
                out.write(packets.toByteArray());
                out.flush();
            }
        }
        // The end of a recording: a compound RTCP packet, a sender report then a BYE.
        synchronized (out) {
            out.write(interleaved(3, new byte[] {(byte) 0x80, (byte) 200, 0, 6, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0,
                    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0x81, (byte) 203, 0, 1, 0, 0, 0, 1}));
            out.flush();
        }
        Thread.sleep(3000);
    }

    private byte[] rtp(int seq, long ts, boolean marker, byte[] nal, int off, int len, byte[] prefix) {
        if (encoding.equals("H264-GAPS")) {
            seq = seq * 2;   // each packet's predecessor looks lost
        }
        int pre = prefix == null ? 0 : prefix.length;
        byte[] p = new byte[12 + pre + len];
        p[0] = (byte) 0x80;
        // A camera whose packets do not carry the SDP's payload type: nothing of it can be read.
        p[1] = (byte) ((marker ? 0x80 : 0) | (encoding.equals("H264-PT97") ? 97 : 96));
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        long t = ts & 0xFFFFFFFFL;
        p[4] = (byte) (t >> 24);
        p[5] = (byte) (t >> 16);
        p[6] = (byte) (t >> 8);
        p[7] = (byte) t;
        if (prefix != null) {
            System.arraycopy(prefix, 0, p, 12, pre);
        }
        System.arraycopy(nal, off, p, 12 + pre, len);
        return p;
    }

    private static byte[] interleaved(int channel, byte[] packet) {
        byte[] b = new byte[4 + packet.length];
        b[0] = '$';
        b[1] = (byte) channel;
        b[2] = (byte) (packet.length >> 8);
        b[3] = (byte) packet.length;
        System.arraycopy(packet, 0, b, 4, packet.length);
        return b;
    }

    private static void write(OutputStream out, String s) throws IOException {
        synchronized (out) {
            out.write(s.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        thread.interrupt();
    }
}
