package jp.rinjo.standalone.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jp.rinjo.common.test.ExternalServices;

/**
 * Debian's Chromium, headless, driven through the Chrome DevTools Protocol over a WebSocket: no
 * chromedriver, no Selenium. Each instance is one browser process with its own fresh profile (and so
 * its own fake camera); it can hold several {@link Page}s.
 *
 * <pre>{@code
 * try (HeadlessChromium browser = HeadlessChromium.launch()) {
 *     Page page = browser.open("https://localhost:" + port + "/test/loopback.html");
 *     page.waitFor("window.result && window.result.framesDecoded > 30", Duration.ofSeconds(30));
 *     page.assertNoConsoleErrors();
 * }
 * }</pre>
 *
 * <p>The browser is found at {@code RINJO_TEST_CHROMIUM} (default /usr/bin/chromium); when it is
 * missing the test is skipped, or fails under {@code ./rinjo test} (see {@link ExternalServices}).
 * Chromium's own output goes to a log file under {@code target/chromium-logs/}, named in every
 * failure message. The process is killed on {@link #close()} and, failing that, when the JVM exits.
 */
public final class HeadlessChromium implements AutoCloseable {
    /** Deadline of a single DevTools command unless a caller gives its own. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    /**
     * How to launch.
     *
     * @param name           a label for log file names (e.g. "publisher")
     * @param fakeVideo      a .y4m (or .mjpeg) file the fake camera plays instead of its test pattern; may be null
     * @param fakeFps        frame rate of the fake camera
     * @param extraArgs      more Chromium switches
     */
    public record Options(String name, Path fakeVideo, int fakeFps, List<String> extraArgs) {
        public static Options defaults() {
            return new Options("chromium", null, 30, List.of());
        }

        public Options withName(String n) {
            return new Options(n, fakeVideo, fakeFps, extraArgs);
        }

        public Options withFakeVideo(Path y4m) {
            return new Options(name, y4m, fakeFps, extraArgs);
        }

        public Options withFakeFps(int fps) {
            return new Options(name, fakeVideo, fps, extraArgs);
        }

        public Options withArgs(String... args) {
            List<String> all = new ArrayList<>(extraArgs);
            all.addAll(List.of(args));
            return new Options(name, fakeVideo, fakeFps, List.copyOf(all));
        }
    }

    private final Process process;
    private final Path profile;
    private final Path log;
    private final Vertx vertx;
    private final CdpConnection cdp;
    private final Thread killOnExit;
    private final List<Page> pages = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private HeadlessChromium(Process process, Path profile, Path log, Vertx vertx, CdpConnection cdp, Thread killOnExit) {
        this.process = process;
        this.profile = profile;
        this.log = log;
        this.vertx = vertx;
        this.cdp = cdp;
        this.killOnExit = killOnExit;
    }

    public static HeadlessChromium launch() {
        return launch(Options.defaults());
    }

    public static HeadlessChromium launch(Options options) {
        String binary = ExternalServices.binary(
                ExternalServices.optionalEnv("RINJO_TEST_CHROMIUM").orElse("/usr/bin/chromium"), "Chromium");
        Path profile;
        Path log;
        try {
            profile = Files.createTempDirectory("rinjo-chromium-");
            Path logDir = Path.of("target", "chromium-logs").toAbsolutePath();
            Files.createDirectories(logDir);
            log = logDir.resolve(options.name() + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss"))
                    + "-" + COUNTER.incrementAndGet() + ".log");
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the browser's profile or log folder", e);
        }
        List<String> cmd = new ArrayList<>(List.of(binary,
                "--headless",
                "--no-sandbox",
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream=fps=" + options.fakeFps(),
                "--disable-gpu",
                // without these Chromium dials out at start, and this closed network refuses it
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--no-default-browser-check",
                "--password-store=basic",
                "--user-data-dir=" + profile,
                "--remote-debugging-port=0",
                "--allow-loopback-in-peer-connection",
                "--ignore-certificate-errors",
                "--autoplay-policy=no-user-gesture-required",
                // several pages in one browser: the ones not in front must not be throttled
                "--disable-background-timer-throttling",
                "--disable-renderer-backgrounding",
                "--disable-backgrounding-occluded-windows",
                "--window-size=1280,800"));
        if (options.fakeVideo() != null) {
            cmd.add("--use-file-for-fake-video-capture=" + options.fakeVideo().toAbsolutePath());
        }
        cmd.addAll(options.extraArgs());
        cmd.add("about:blank");

        Process process;
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            deleteTree(profile);
            throw new IllegalStateException("cannot start " + binary + ": " + e.getMessage(), e);
        }
        Thread killOnExit = new Thread(() -> kill(process), "kill-chromium-" + process.pid());
        Runtime.getRuntime().addShutdownHook(killOnExit);
        Vertx vertx = null;
        try {
            String[] port = awaitDevToolsPort(process, profile, log);
            vertx = Vertx.vertx();
            Path logFile = log;
            CdpConnection cdp = CdpConnection.open(vertx, Integer.parseInt(port[0]), port[1], CALL_TIMEOUT,
                    () -> describe(process, logFile));
            return new HeadlessChromium(process, profile, log, vertx, cdp, killOnExit);
        } catch (RuntimeException e) {
            kill(process);
            removeHook(killOnExit);
            if (vertx != null) {
                vertx.close();
            }
            deleteTree(profile);
            throw e;
        }
    }

    /** Chromium writes "port\n/devtools/browser/<id>" into the profile once DevTools listens. */
    private static String[] awaitDevToolsPort(Process process, Path profile, Path log) {
        Path file = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Chromium exited at start with status " + process.exitValue() + "; "
                        + describe(process, log));
            }
            try {
                List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
                if (lines.size() >= 2 && !lines.get(1).isBlank()) {
                    return new String[] {lines.get(0).trim(), lines.get(1).trim()};
                }
                Thread.sleep(50);
            } catch (IOException e) {
                // written but not complete yet: read again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while Chromium started", e);
            }
        }
        throw new IllegalStateException("Chromium did not open DevTools within " + START_TIMEOUT + "; "
                + describe(process, log));
    }

    /** For failure messages: where the log is and its last lines. */
    static String describe(Process process, Path log) {
        StringBuilder sb = new StringBuilder("Chromium pid ").append(process.pid())
                .append(process.isAlive() ? " (running)" : " (exited " + process.exitValue() + ")")
                .append(", log ").append(log);
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.contains("dbus")).toList(); // dbus complaints are noise in a container
            List<String> tail = lines.subList(Math.max(0, lines.size() - 8), lines.size());
            if (!tail.isEmpty()) {
                sb.append(", last lines:\n  ").append(String.join("\n  ", tail));
            }
        } catch (IOException | RuntimeException e) {
            // the log is a convenience
        }
        return sb.toString();
    }

    /** Opens a new tab in this browser, loads the URL and waits for its load event. */
    public Page open(String url) {
        return open(url, null);
    }

    /**
     * Opens a tab in a new browser context (its own cookies and storage, like a separate profile; the
     * fake camera is still this browser's).
     */
    public Page openIsolated(String url) {
        String context = call("Target.createBrowserContext", new JsonObject().put("disposeOnDetach", true))
                .getString("browserContextId");
        return open(url, context);
    }

    private Page open(String url, String browserContextId) {
        JsonObject create = new JsonObject().put("url", "about:blank");
        if (browserContextId != null) {
            create.put("browserContextId", browserContextId);
        }
        String targetId = call("Target.createTarget", create).getString("targetId");
        String sessionId = call("Target.attachToTarget", new JsonObject().put("targetId", targetId).put("flatten", true))
                .getString("sessionId");
        Page page = new Page(this, cdp, targetId, sessionId);
        pages.add(page);
        page.enable();
        if (url != null && !url.equals("about:blank")) {
            page.navigate(url);
        }
        return page;
    }

    /** A browser-level DevTools command (e.g. "Browser.getVersion"). */
    public JsonObject call(String method, JsonObject params) {
        return cdp.call(null, method, params, CALL_TIMEOUT);
    }

    public List<Page> pages() {
        return List.copyOf(pages);
    }

    void forget(Page page) {
        pages.remove(page);
    }

    /** Chromium's stdout/stderr. */
    public Path logFile() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    /** The browser process and the processes it started (renderers, GPU, utilities). */
    public List<ProcessHandle> processes() {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(0, process.toHandle());
        return all;
    }

    /** The temporary profile (user-data-dir), deleted on close. */
    public Path profileDir() {
        return profile;
    }

    String diagnostics() {
        return describe(process, log);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Taken first: once the browser has exited, its helpers are no longer its descendants.
        List<ProcessHandle> tree = processes();
        try {
            if (cdp.isOpen() && process.isAlive()) {
                cdp.send(null, "Browser.close", new JsonObject());
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // killed below
        } finally {
            kill(tree);
            removeHook(killOnExit);
            cdp.close();
            vertx.close();
            deleteTree(profile);
        }
    }

    private static void kill(Process process) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        kill(tree);
    }

    /** Forcibly, and waits (bounded) until they are gone. */
    private static void kill(List<ProcessHandle> tree) {
        tree.forEach(ProcessHandle::destroyForcibly);
        // polled: onExit() of a process that is not our child polls slowly
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (tree.stream().anyMatch(HeadlessChromium::running) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Alive and not a zombie. A helper whose browser died is re-parented to this machine's init, which
     * here reaps only every second or two: counted as alive until then, each close waited 1.1–1.8 s for
     * processes that were already dead.
     */
    static boolean running(ProcessHandle p) {
        if (!p.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
            // "pid (comm) S ...": the state follows the last ')' (a command name may hold one)
            int close = stat.lastIndexOf(')');
            return close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return p.isAlive(); // no /proc (not Linux), or it vanished meanwhile
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook runs anyway
        }
    }

    private static void deleteTree(Path dir) {
        // Chromium's helpers may still be flushing for a moment after the main process died
        for (int attempt = 0; attempt < 3 && Files.exists(dir); attempt++) {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | java.io.UncheckedIOException e) {
                // try again
            }
            if (Files.exists(dir)) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
