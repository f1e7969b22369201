package io.meterreader.camera.rtsp;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One RTSP control connection (RFC 2326) that also carries the media, interleaved (RTP over TCP,
 * section 10.12): requests and their answers, and the {@code $}-framed packets between them.
 *
 * <p>Why not FFmpeg's RTSP client: it reads each interleaved packet with three reads of the socket
 * (one byte, the 3-byte header, the packet), each behind a poll, so a 1080p camera at 6 Mbit/s
 * costs about 1,700 pairs of system calls a second. On a virtual machine, where a system call is
 * dear, that took more CPU than decoding the key frames (perf: kernel and libc 52% of the camera
 * thread, H.264 decoding 36%). Here the socket is read through a 256 KB buffer, a few reads per
 * video frame.
 */
final class RtspConnection implements AutoCloseable {

    /** An RTSP answer. Header names are kept lower-case. */
    record Response(int status, String reason, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private static final int MAX_HEADER_LINE = 8192;
    private static final int MAX_BODY = 1 << 20;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private int cseq;
    private Response lastAnswer;

    private RtspConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 256 * 1024);
        this.out = socket.getOutputStream();
    }

    /** Connects to {@code host:port}; every later read waits at most {@code timeout}. */
    static RtspConnection open(String host, int port, Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setReceiveBufferSize(1 << 20);
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            return new RtspConnection(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends a request without waiting for its answer; returns its CSeq. */
    int send(String method, String url, Map<String, String> headers) throws IOException {
        int seq = ++cseq;
        StringBuilder sb = new StringBuilder(256);
        sb.append(method).append(' ').append(url).append(" RTSP/1.0\r\n");
        sb.append("CSeq: ").append(seq).append("\r\n");
        sb.append("User-Agent: meter-reader\r\n");
        headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        sb.append("\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return seq;
    }

    /** Sends a packet interleaved on {@code channel} (an RTCP report). */
    void sendInterleaved(int channel, byte[] data) throws IOException {
        byte[] framed = new byte[4 + data.length];
        framed[0] = '$';
        framed[1] = (byte) channel;
        framed[2] = (byte) (data.length >> 8);
        framed[3] = (byte) data.length;
        System.arraycopy(data, 0, framed, 4, data.length);
        out.write(framed);
        out.flush();
    }

    /** Sends a request and reads until its answer, skipping interleaved packets that come first. */
    Response request(String method, String url, Map<String, String> headers) throws IOException {
        int seq = send(method, url, headers);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the camera closed the connection");
            }
            if (b == '$') {
                skipInterleaved();
                continue;
            }
            Response r = readResponse(b);
            String answered = r.header("cseq");
            if (answered == null || answered.trim().equals(Integer.toString(seq))) {
                return r;
            }
        }
    }

    /**
     * Reads the next interleaved packet into {@code buf}, or the answer to a request sent with
     * {@link #send} (a keep-alive), whichever comes first.
     *
     * @return the channel in the high 16 bits and the length in the low 16 bits; -1 for an answer,
     *         then in {@link #lastAnswer}
     * @throws SocketTimeoutException when nothing came within the timeout
     */
    int readPacket(byte[] buf) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the camera closed the connection");
        }
        if (b == '$') {
            int channel = readByte();
            int length = (readByte() << 8) | readByte();
            readFully(buf, length);
            return (channel << 16) | length;
        }
        lastAnswer = readResponse(b);
        return -1;
    }

    /** The answer {@link #readPacket} read last. */
    Response lastAnswer() {
        return lastAnswer;
    }

    private void skipInterleaved() throws IOException {
        readByte();
        int length = (readByte() << 8) | readByte();
        long left = length;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                readByte();
                skipped = 1;
            }
            left -= skipped;
        }
    }

    /** Reads an answer whose first byte was {@code first}. */
    private Response readResponse(int first) throws IOException {
        String status = (char) first + readLine();
        if (!status.startsWith("RTSP/")) {
            throw new IOException("not an RTSP answer: " + abbreviate(status));
        }
        String[] parts = status.split(" ", 3);
        int code;
        try {
            code = Integer.parseInt(parts[1].trim());
        } catch (RuntimeException e) {
            throw new IOException("malformed RTSP status line: " + abbreviate(status));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String line;
        while (!(line = readLine()).isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                // Several WWW-Authenticate headers: keep them all, one per line.
                headers.merge(name, value, (a, v) -> a + "\n" + v);
            }
        }
        String body = "";
        String length = headers.get("content-length");
        if (length != null) {
            int n;
            try {
                n = Integer.parseInt(length.trim());
            } catch (NumberFormatException e) {
                throw new IOException("malformed Content-Length: " + abbreviate(length));
            }
            if (n < 0 || n > MAX_BODY) {
                throw new IOException("RTSP answer body of " + n + " bytes");
            }
            byte[] b = new byte[n];
            readFully(b, n);
            body = new String(b, StandardCharsets.UTF_8);
        }
        return new Response(code, parts.length > 2 ? parts[2].trim() : "", headers, body);
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder(64);
        while (true) {
            int b = readByte();
            if (b == '\n') {
                int end = sb.length();
                if (end > 0 && sb.charAt(end - 1) == '\r') {
                    sb.setLength(end - 1);
                }
                return sb.toString();
            }
            if (sb.length() >= MAX_HEADER_LINE) {
                throw new IOException("RTSP header line longer than " + MAX_HEADER_LINE + " bytes");
            }
            sb.append((char) b);
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the camera closed the connection");
        }
        return b;
    }

    private void readFully(byte[] buf, int length) throws IOException {
        int off = 0;
        while (off < length) {
            int n = in.read(buf, off, length - off);
            if (n < 0) {
                throw new EOFException("the camera closed the connection");
            }
            off += n;
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing more to free.
        }
    }
}
