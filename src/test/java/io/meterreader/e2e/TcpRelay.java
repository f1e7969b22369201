package io.meterreader.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A TCP port that relays to another once opened: a database server "coming up" on a port of the
 * test's own, in front of the real one, when the test says so.
 */
final class TcpRelay implements AutoCloseable {

    private final int port;
    private final int target;
    private ServerSocket server;

    TcpRelay(int target) throws IOException {
        this.target = target;
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    /** Starts relaying: connections to {@link #port} go through to the target from now on. */
    void open() throws IOException {
        server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                    pump(client.getInputStream(), upstream.getOutputStream(), client, upstream);
                    pump(upstream.getInputStream(), client.getOutputStream(), client, upstream);
                } catch (IOException e) {
                    return;
                }
            }
        }, "tcp-relay");
        accept.setDaemon(true);
        accept.start();
    }

    private static void pump(InputStream in, OutputStream out, Socket a, Socket b) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[65536];
            try (a; b) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // either side closed
            }
        }, "tcp-relay-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
        }
    }
}
