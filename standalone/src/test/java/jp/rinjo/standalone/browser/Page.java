package jp.rinjo.standalone.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One tab of a {@link HeadlessChromium}. Collects what the page says on its console, the browser's
 * own log entries (failed loads, security, interventions) and uncaught exceptions, so a test can
 * assert that a page ran without errors.
 */
public final class Page implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(100);

    /**
     * A console message, log entry or uncaught exception.
     *
     * @param source "console", "log" (browser log: network, security...) or "exception"
     * @param level  error, warning, info, debug... (console.error → error; exceptions are errors)
     */
    public record ConsoleEntry(String source, String level, String text, String url) {
        public boolean isError() {
            return "error".equals(level);
        }

        @Override
        public String toString() {
            return "[" + source + " " + level + "] " + text + (url == null || url.isEmpty() ? "" : " (" + url + ")");
        }
    }

    private final HeadlessChromium browser;
    private final CdpConnection cdp;
    private final String targetId;
    private final String sessionId;
    private final List<ConsoleEntry> console = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<String, JsonObject>> listeners = new CopyOnWriteArrayList<>();
    private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

    Page(HeadlessChromium browser, CdpConnection cdp, String targetId, String sessionId) {
        this.browser = browser;
        this.cdp = cdp;
        this.targetId = targetId;
        this.sessionId = sessionId;
        cdp.addListener(sessionId, this::onEvent);
    }

    void enable() {
        call("Runtime.enable", null);
        call("Log.enable", null);
        call("Page.enable", null);
    }

    /** Loads the URL and waits for its load event. */
    public void navigate(String url) {
        loaded = new CompletableFuture<>();
        JsonObject r = call("Page.navigate", new JsonObject().put("url", url));
        if (r.getString("errorText") != null) {
            throw new CdpException("navigation to " + url + " failed: " + r.getString("errorText"));
        }
        awaitLoad(url);
    }

    /** Reloads the page as F5 does (a URL with a #fragment is loaded again, not only scrolled to) and waits for its load event. */
    public void reload() {
        loaded = new CompletableFuture<>();
        call("Page.reload", new JsonObject());
        awaitLoad("the reloaded page");
    }

    private void awaitLoad(String url) {
        try {
            loaded.get(HeadlessChromium.CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CdpException("interrupted while loading " + url, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new CdpException(url + " did not finish loading within " + HeadlessChromium.CALL_TIMEOUT
                    + "; console: " + console + "; " + browser.diagnostics(), e);
        }
    }

    /**
     * Evaluates a JavaScript expression in the page; a promise is awaited. Returns the value as JSON
     * types: null, Boolean, Integer/Long/Double, String, {@link JsonObject}, {@link JsonArray}
     * (undefined is null; NaN, Infinity and BigInt come back as their string).
     *
     * @throws JsException when the expression throws or its promise rejects, with the JS error text
     */
    public Object evaluate(String js) {
        return evaluate(js, HeadlessChromium.CALL_TIMEOUT);
    }

    public Object evaluate(String js, Duration timeout) {
        JsonObject r = cdp.call(sessionId, "Runtime.evaluate", new JsonObject().put("expression", js)
                .put("awaitPromise", true).put("returnByValue", true).put("userGesture", true), timeout);
        JsonObject ex = r.getJsonObject("exceptionDetails");
        if (ex != null) {
            throw new JsException(exceptionText(ex) + "\n  evaluating: " + abbreviate(js));
        }
        JsonObject result = r.getJsonObject("result", new JsonObject());
        if (result.containsKey("unserializableValue")) {
            return result.getString("unserializableValue");
        }
        return result.getValue("value");
    }

    /** {@link #evaluate(String)} as a JSON object (null stays null). */
    public JsonObject evaluateObject(String js) {
        Object v = evaluate(js);
        if (v != null && !(v instanceof JsonObject)) {
            throw new AssertionError("expected an object from " + abbreviate(js) + " but got " + v);
        }
        return (JsonObject) v;
    }

    /**
     * Polls the predicate (a JavaScript expression; promises are awaited) until it is truthy, and
     * returns its value. A predicate that throws counts as not yet true (e.g. {@code window.result.x}
     * before the page set {@code result}); the last error is in the failure message.
     *
     * @throws AssertionError when the deadline passes, with the predicate, its last value or error and the console
     */
    public Object waitFor(String predicate, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Object last = null;
        String lastError = null;
        String wrapped = "(async () => { const v = await (" + predicate + "); return v ? {ok: true, v} : {ok: false, v}; })()";
        while (true) {
            try {
                Object r = evaluate(wrapped, HeadlessChromium.CALL_TIMEOUT);
                if (r instanceof JsonObject o) {
                    last = o.getValue("v");
                    lastError = null;
                    if (o.getBoolean("ok", false)) {
                        return last;
                    }
                }
            } catch (JsException e) {
                lastError = e.getMessage();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not true within " + timeout + ": " + predicate
                        + (lastError != null ? "\n  last error: " + lastError : "\n  last value: " + last)
                        + "\n  console: " + console + "\n  browser log: " + browser.logFile());
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + predicate, e);
            }
        }
    }

    /** A PNG of the page as it is shown now. */
    public byte[] screenshot() {
        call("Page.bringToFront", null);
        String data = call("Page.captureScreenshot", new JsonObject().put("format", "png")).getString("data");
        return Base64.getDecoder().decode(data);
    }

    /** Saves a PNG screenshot to the file (folders created) and returns the file. */
    public Path screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, screenshot());
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write screenshot " + file, e);
        }
    }

    /** Everything collected so far, in order. */
    public List<ConsoleEntry> console() {
        return List.copyOf(console);
    }

    public List<ConsoleEntry> errors() {
        return console.stream().filter(ConsoleEntry::isError).toList();
    }

    /** Waits until a console entry matches (entries from before the call count too) and returns it. */
    public ConsoleEntry waitForConsole(Predicate<ConsoleEntry> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (ConsoleEntry e : console) {
                if (match.test(e)) {
                    return e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no matching console entry within " + timeout + "; console: " + console);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for a console entry", e);
            }
        }
    }

    public void assertNoConsoleErrors() {
        List<ConsoleEntry> errors = errors();
        if (!errors.isEmpty()) {
            throw new AssertionError("the page logged errors: " + errors + "\n  all console: " + console);
        }
    }

    /** Any DevTools command on this page's session, e.g. Network.emulateNetworkConditions. */
    public JsonObject call(String method, JsonObject params) {
        return cdp.call(sessionId, method, params, HeadlessChromium.CALL_TIMEOUT);
    }

    /** Listens to this page's DevTools events (called on an event loop thread: do not block). */
    public void onEvent(BiConsumer<String, JsonObject> listener) {
        listeners.add(listener);
    }

    public String targetId() {
        return targetId;
    }

    public HeadlessChromium browser() {
        return browser;
    }

    @Override
    public void close() {
        browser.forget(this);
        try {
            if (cdp.isOpen()) {
                cdp.call(null, "Target.closeTarget", new JsonObject().put("targetId", targetId), Duration.ofSeconds(5));
            }
        } catch (CdpException e) {
            // the browser closes it with itself
        } finally {
            cdp.removeListeners(sessionId);
        }
    }

    private void onEvent(String method, JsonObject params) {
        switch (method) {
            case "Runtime.consoleAPICalled" -> {
                String type = params.getString("type", "log");
                String level = switch (type) {
                    case "error", "assert" -> "error";
                    case "warning" -> "warning";
                    case "debug" -> "debug";
                    default -> "info";
                };
                List<String> parts = new ArrayList<>();
                JsonArray args = params.getJsonArray("args", new JsonArray());
                for (int i = 0; i < args.size(); i++) {
                    parts.add(remoteObjectText(args.getJsonObject(i)));
                }
                JsonObject top = topFrame(params.getJsonObject("stackTrace"));
                console.add(new ConsoleEntry("console", level, String.join(" ", parts),
                        top == null ? null : top.getString("url") + ":" + (top.getInteger("lineNumber", 0) + 1)));
            }
            case "Runtime.exceptionThrown" -> {
                JsonObject d = params.getJsonObject("exceptionDetails", new JsonObject());
                console.add(new ConsoleEntry("exception", "error", exceptionText(d), d.getString("url")));
            }
            case "Log.entryAdded" -> {
                JsonObject e = params.getJsonObject("entry", new JsonObject());
                console.add(new ConsoleEntry("log", e.getString("level", "info"),
                        e.getString("source", "other") + ": " + e.getString("text", ""), e.getString("url")));
            }
            case "Page.loadEventFired" -> loaded.complete(null);
            default -> {
            }
        }
        for (BiConsumer<String, JsonObject> l : listeners) {
            l.accept(method, params);
        }
    }

    private static JsonObject topFrame(JsonObject stackTrace) {
        if (stackTrace == null) {
            return null;
        }
        JsonArray frames = stackTrace.getJsonArray("callFrames", new JsonArray());
        return frames.isEmpty() ? null : frames.getJsonObject(0);
    }

    private static String remoteObjectText(JsonObject o) {
        if (o.containsKey("value")) {
            Object v = o.getValue("value");
            return v instanceof String s ? s : String.valueOf(v);
        }
        if (o.containsKey("unserializableValue")) {
            return o.getString("unserializableValue");
        }
        return o.getString("description", o.getString("type", "?"));
    }

    static String exceptionText(JsonObject details) {
        JsonObject ex = details.getJsonObject("exception");
        String text = details.getString("text", "exception");
        if (ex == null) {
            return text;
        }
        String what = ex.containsKey("description") ? ex.getString("description") : remoteObjectText(ex);
        return text + " " + what;
    }

    private static String abbreviate(String js) {
        String one = js.strip().replaceAll("\\s+", " ");
        return one.length() > 200 ? one.substring(0, 200) + "…" : one;
    }
}
