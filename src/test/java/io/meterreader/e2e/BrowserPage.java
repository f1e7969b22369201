package io.meterreader.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A page in Debian's headless Chromium that a test drives as an operator would (clicks, typing),
 * through the DevTools protocol over the JDK's WebSocket client: what {@link Chromium#dumpDom}
 * cannot do, as it only loads a page and prints it.
 */
final class BrowserPage implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process chromium;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();

    private BrowserPage(Process chromium, WebSocket socket) {
        this.chromium = chromium;
        this.socket = socket;
    }

    /** Opens {@code url} in a fresh profile under {@code work}. */
    static BrowserPage open(String url, Path work) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Chromium.BINARY.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(work, "profile"),
                "--window-size=1400,1100", "--remote-debugging-port=0", url));
        Process chromium = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String browser = null;
        BufferedReader err = new BufferedReader(new InputStreamReader(chromium.getErrorStream(),
                StandardCharsets.UTF_8));
        for (String line; browser == null && (line = err.readLine()) != null; ) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                browser = m.group(1);
            }
        }
        if (browser == null) {
            chromium.destroyForcibly();
            throw new IOException("chromium opened no DevTools port");
        }
        Thread drain = new Thread(() -> err.lines().forEach(l -> { }), "chromium-stderr");
        drain.setDaemon(true);
        drain.start();
        URI base = URI.create(browser.replaceFirst("^ws://", "http://").replaceFirst("/devtools/.*$", ""));
        String page = null;
        HttpClient http = HttpClient.newHttpClient();
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (page == null && System.nanoTime() < end) {
            JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(base.resolve("/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode t : targets) {
                if ("page".equals(t.get("type").asString())) {
                    page = t.get("webSocketDebuggerUrl").asString();
                }
            }
            if (page == null) {
                Thread.sleep(100);
            }
        }
        if (page == null) {
            chromium.destroyForcibly();
            throw new IOException("chromium opened no page");
        }
        BrowserPage[] self = new BrowserPage[1];
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(page), new WebSocket.Listener() {
            private final StringBuilder message = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                message.append(data);
                if (last) {
                    JsonNode reply = JSON.readTree(message.toString());
                    message.setLength(0);
                    if (reply.has("id") && self[0] != null) {
                        CompletableFuture<JsonNode> f = self[0].waiting.remove(reply.get("id").asInt());
                        if (f != null) {
                            f.complete(reply);
                        }
                    }
                }
                ws.request(1);
                return null;
            }
        }).join();
        self[0] = new BrowserPage(chromium, socket);
        try {
            // the page, not the blank one before it, loaded with its scripts
            self[0].await("location.href === " + JSON.writeValueAsString(url)
                    + " && document.readyState === 'complete'", JsonNode::asBoolean);
        } catch (Exception | AssertionError e) {
            self[0].close();
            throw new IOException("chromium did not load " + url, e);
        }
        return self[0];
    }

    /**
     * The value of a JavaScript expression in the page (a promise awaited); an exception in the
     * page fails the call with its text.
     */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode r = command("Runtime.evaluate", Map.of("expression", expression, "awaitPromise", true,
                "returnByValue", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException(expression + ": " + r.get("exceptionDetails"));
        }
        JsonNode value = r.get("result").get("value");
        return value == null ? JSON.nullNode() : value;
    }

    /** A DevTools command to the page ({@code Network.setExtraHTTPHeaders}, ...); its result. */
    JsonNode command(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        waiting.put(id, reply);
        socket.sendText(JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true).join();
        JsonNode result = reply.get(20, TimeUnit.SECONDS);
        if (result.has("error")) {
            throw new IllegalStateException("DevTools " + method + ": " + result.get("error"));
        }
        return result.get("result");
    }

    /** Goes to {@code url} and waits for it to load with its scripts. */
    void go(String url) throws Exception {
        // Page.navigate, not location.href =: an evaluation the page leaves may be answered "navigated"
        command("Page.navigate", Map.of("url", url));
        await("location.href === " + JSON.writeValueAsString(url) + " && document.readyState === 'complete'",
                JsonNode::asBoolean);
    }

    /** Waits up to 20 s for an expression's value to satisfy {@code test}; that value. */
    JsonNode await(String expression, Predicate<JsonNode> test) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode value = evaluate(expression);
        while (!test.test(value)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("still " + value + " after 20 s: " + expression);
            }
            Thread.sleep(100);
            value = evaluate(expression);
        }
        return value;
    }

    /** Waits for an element to be there, then clicks it. */
    void click(String selector) throws Exception {
        await("!!document.querySelector(" + JSON.writeValueAsString(selector) + ")", JsonNode::asBoolean);
        evaluate("document.querySelector(" + JSON.writeValueAsString(selector) + ").click()");
    }

    /** Waits for an input to be there, then types {@code text} into it, in place of what it held. */
    void type(String selector, String text) throws Exception {
        await("!!document.querySelector(" + JSON.writeValueAsString(selector) + ")", JsonNode::asBoolean);
        evaluate("document.querySelector(" + JSON.writeValueAsString(selector) + ").value = "
                + JSON.writeValueAsString(text));
    }

    @Override
    public void close() {
        socket.abort();
        chromium.destroy();
        try {
            if (!chromium.waitFor(10, TimeUnit.SECONDS)) {
                chromium.destroyForcibly();
            }
        } catch (InterruptedException e) {
            chromium.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
