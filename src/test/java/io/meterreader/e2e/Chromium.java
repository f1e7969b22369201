package io.meterreader.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's headless Chromium: a page's DOM after its scripts ran, and a screenshot of it. */
final class Chromium {

    static final Path BINARY = Path.of("/usr/bin/chromium");

    private Chromium() {
    }

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    private static List<String> command(Path profile, String... extra) {
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=1400,1100",
                "--virtual-time-budget=15000"));
        cmd.addAll(List.of(extra));
        return cmd;
    }

    private static String run(List<String> cmd, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("chromium did not finish: " + cmd);
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    static String dumpDom(String url, Path work) throws IOException, InterruptedException {
        return run(command(Files.createTempDirectory(work, "profile"), "--dump-dom", url), work.resolve("dom.log"));
    }

    static Path screenshot(String url, Path work) throws IOException, InterruptedException {
        Path png = work.resolve("dashboard.png");
        run(command(Files.createTempDirectory(work, "profile"), "--screenshot=" + png, url), work.resolve("shot.log"));
        if (!Files.exists(png)) {
            throw new IOException("chromium wrote no screenshot; see " + work.resolve("shot.log"));
        }
        return png;
    }
}
