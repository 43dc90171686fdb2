package io.silas.web.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silas.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Drives Debian's headless Chromium through {@code silas-web/src/test/browser/bridge.mjs} (playwright-core): one
 * node process per session, one JSON command per line. Pages are named; a profile is a separate browser context
 * (its own IndexedDB, so its own device key). Missing Chromium, node or playwright-core fails the test — it never
 * skips. {@link #close()} ends the node process this session started (and the Chromium it launched), by handle.
 */
public final class BrowserSession implements AutoCloseable {
    /** Debian's Chromium, installed by {@code .ci/run}. */
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final long REPLY_TIMEOUT_SECONDS = 90;

    private final Process process;
    private final Writer in;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder stderr = new StringBuilder();
    private int nextId = 1;

    private BrowserSession(Process process) {
        this.process = process;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread out = new Thread(() -> pump(new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)), true), "browser-bridge-out");
        out.setDaemon(true);
        out.start();
        Thread err = new Thread(() -> pump(new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8)), false), "browser-bridge-err");
        err.setDaemon(true);
        err.start();
    }

    /** Starts Chromium (installing playwright-core from the lockfile first if needed). */
    public static BrowserSession start() throws IOException, InterruptedException {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new AssertionError("Chromium is missing at " + CHROMIUM + " (apt-get install chromium; see .ci/run)");
        }
        Path dir = browserDir();
        if (!Files.isDirectory(dir.resolve("node_modules/playwright-core"))) {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(dir.toFile())
                    .redirectErrorStream(true).start();
            String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                npm.destroyForcibly();
                throw new AssertionError("npm ci failed in " + dir + ":\n" + output);
            }
        }
        Process process = new ProcessBuilder("node", "bridge.mjs").directory(dir.toFile()).start();
        BrowserSession session = new BrowserSession(process);
        try {
            session.reply(0);
        } catch (AssertionError e) {
            session.close();
            throw e;
        }
        return session;
    }

    /** {@code silas-web/src/test/browser}, from this module or a sibling. */
    public static Path browserDir() {
        Path here = Path.of("").toAbsolutePath();
        for (Path candidate : List.of(here.resolve("src/test/browser"), here.resolveSibling("silas-web")
                .resolve("src/test/browser"), here.resolve("silas-web/src/test/browser"))) {
            if (Files.isRegularFile(candidate.resolve("bridge.mjs"))) {
                return candidate;
            }
        }
        throw new AssertionError("silas-web/src/test/browser not found from " + here);
    }

    public String open(String page, String profile, String url) {
        return call("open", Map.of("page", page, "profile", profile, "url", url)).asText();
    }

    public void fill(String page, String selector, String text) {
        call("fill", Map.of("page", page, "selector", selector, "text", text));
    }

    public void press(String page, String selector, String key) {
        call("press", Map.of("page", page, "selector", selector, "key", key));
    }

    public void click(String page, String selector) {
        call("click", Map.of("page", page, "selector", selector));
    }

    public void waitFor(String page, String selector) {
        call("waitFor", Map.of("page", page, "selector", selector));
    }

    public void waitText(String page, String selector, String text) {
        call("waitText", Map.of("page", page, "selector", selector, "text", text));
    }

    public List<String> texts(String page, String selector) {
        return strings(call("texts", Map.of("page", page, "selector", selector)));
    }

    public String content(String page) {
        return call("content", Map.of("page", page)).asText();
    }

    public String value(String page, String selector) {
        return call("value", Map.of("page", page, "selector", selector)).asText();
    }

    /** sessionStorage and localStorage of the page's origin, as JSON. */
    public String storage(String page) {
        return call("storage", Map.of("page", page)).asText();
    }

    /** Every WebSocket frame the page sent so far. */
    public List<String> sentFrames(String page) {
        return strings(call("sent", Map.of("page", page)));
    }

    /** Every WebSocket frame the page received so far. */
    public List<String> receivedFrames(String page) {
        return strings(call("received", Map.of("page", page)));
    }

    /** Runs {@code body} (an async function body with {@code arg} bound) in the page; returns its result. */
    public JsonNode evaluate(String page, String body, Object arg) {
        ObjectNode args = Json.mapper().createObjectNode().put("page", page).put("body", body);
        args.set("arg", Json.mapper().valueToTree(arg));
        return send("evaluate", args);
    }

    public void screenshot(String page, Path path) {
        call("screenshot", Map.of("page", page, "path", path.toAbsolutePath().toString()));
    }

    /** Closes the bridge: node closes Chromium on end of input; anything still running is destroyed by handle. */
    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // the process is ended below either way
        }
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private JsonNode call(String op, Map<String, ?> args) {
        return send(op, Json.mapper().valueToTree(args));
    }

    private synchronized JsonNode send(String op, ObjectNode command) {
        int id = nextId++;
        command.put("id", id).put("op", op);
        try {
            in.write(command.toString() + "\n");
            in.flush();
        } catch (IOException e) {
            throw new AssertionError("browser bridge is gone: " + stderr, e);
        }
        return reply(id);
    }

    private JsonNode reply(int id) {
        try {
            String line = lines.poll(REPLY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (line == null) {
                throw new AssertionError("no answer from the browser bridge; stderr: " + stderr);
            }
            JsonNode reply = Json.mapper().readTree(line);
            if (reply.path("id").asInt(-1) != id) {
                throw new AssertionError("browser bridge answered out of order: " + line);
            }
            if (!reply.path("ok").asBoolean()) {
                throw new AssertionError("browser operation failed: " + reply.path("error").asText() + "; stderr: "
                        + stderr);
            }
            return reply.path("value");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (IOException e) {
            throw new AssertionError("unreadable bridge reply", e);
        }
    }

    private void pump(BufferedReader reader, boolean stdout) {
        try (reader) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (stdout) {
                    lines.add(line);
                } else {
                    synchronized (stderr) {
                        if (stderr.length() < 20_000) {
                            stderr.append(line).append('\n');
                        }
                    }
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
