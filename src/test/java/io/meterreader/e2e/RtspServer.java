package io.meterreader.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * scripts/rtsp-server.py as a child process: GStreamer's RTSP server serving video files on
 * mounts, logging when each client's stream started ("PLAY mount unix-millis").
 */
final class RtspServer implements AutoCloseable {

    private final int port;
    private final Map<String, Path> mounts;
    private final Path playLog;
    private final String codec;
    private Process process;

    RtspServer(int port, Map<String, Path> mounts, Path playLog) {
        this(port, mounts, playLog, "h264");
    }

    /** @param codec the files' video codec: h264 or h265 */
    RtspServer(int port, Map<String, Path> mounts, Path playLog, String codec) {
        this.port = port;
        this.mounts = Map.copyOf(mounts);
        this.playLog = playLog;
        this.codec = codec;
    }

    /** Whether this machine can run the server (GStreamer's RTSP server and python3-gi). */
    static boolean available() {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c",
                    "import gi; gi.require_version('GstRtspServer', '1.0'); from gi.repository import GstRtspServer")
                    .redirectErrorStream(true).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    String url(String mount) {
        return "rtsp://127.0.0.1:" + port + "/" + mount;
    }

    void start() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "scripts/rtsp-server.py", "--port",
                Integer.toString(port), "--log", playLog.toString(), "--codec", codec));
        mounts.forEach((name, file) -> cmd.addAll(List.of("--mount", name + "=" + file)));
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(playLog.resolveSibling("rtsp-server.out").toFile()).start();
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IOException("rtsp-server.py exited: "
                        + Files.readString(playLog.resolveSibling("rtsp-server.out")));
            }
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IOException("rtsp-server.py did not listen on port " + port);
    }

    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    /** When the latest stream on {@code mount} that started at or before {@code t} started. */
    Optional<Instant> playStartBefore(String mount, Instant t) throws IOException {
        Instant best = null;
        if (!Files.exists(playLog)) {
            return Optional.empty();
        }
        for (String line : Files.readAllLines(playLog)) {
            String[] parts = line.trim().split(" ");
            if (parts.length == 3 && parts[0].equals("PLAY") && parts[1].equals(mount)) {
                Instant at = Instant.ofEpochMilli(Long.parseLong(parts[2]));
                if (!at.isAfter(t) && (best == null || at.isAfter(best))) {
                    best = at;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
