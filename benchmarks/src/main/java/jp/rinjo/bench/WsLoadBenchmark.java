package jp.rinjo.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

/**
 * How many signaling WebSockets one node holds in a 1 GiB heap, and how long a chat message takes to
 * reach every member of its room (fan-out latency) on loopback. The node runs in its own JVM
 * ({@link BenchServer}, {@code -Xmx1g}); this JVM opens the connections over TLS and joins them with
 * invitation tokens, rooms of {@code roomSize} people, as in real sessions.
 *
 * <p>Usage: {@code WsLoadBenchmark [connections=10000] [roomSize=5] [fanoutRooms=200] [messagesPerRoom=50]}
 */
public final class WsLoadBenchmark {
    private static final String SERVER_GC = "-XX:+UseG1GC -XX:MaxGCPauseMillis=10";

    private WsLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int roomSize = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int fanoutRooms = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int messagesPerRoom = args.length > 3 ? Integer.parseInt(args[3]) : 50;
        int sessions = connections / roomSize;
        Path dir = Files.createTempDirectory("rinjo-wsbench");
        System.out.println("work dir (server log, gc log): " + dir);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xms1g", "-Xmx1g"));
        // the server's collector settings, as `./rinjo run` sets them (bench.gc overrides, space-separated)
        command.addAll(Arrays.asList(System.getProperty("bench.gc", SERVER_GC).trim().split("\\s+")));
        command.addAll(List.of("-Xlog:gc:file=" + dir.resolve("gc.log"), "-cp", System.getProperty("java.class.path"),
                "-Dlogback.configurationFile=bench-logback.xml", BenchServer.class.getName(),
                Integer.toString(sessions), Integer.toString(roomSize), dir.toString()));
        Process server = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader serverOut = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter serverIn = new PrintWriter(server.getOutputStream(), true, StandardCharsets.UTF_8);
        int port = -1;
        for (String line; (line = serverOut.readLine()) != null; ) {
            if (line.startsWith("READY ")) {
                port = Integer.parseInt(line.substring(6).strip());
                break;
            }
        }
        if (port < 0) {
            throw new IllegalStateException("bench server did not start");
        }
        try {
            run(port, dir, roomSize, fanoutRooms, messagesPerRoom, serverIn, serverOut);
        } finally {
            serverIn.println("quit");
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private record Member(int room, WebSocket ws) {
    }

    private static void run(int port, Path dir, int roomSize, int fanoutRooms, int messagesPerRoom, PrintWriter serverIn,
                            BufferedReader serverOut) throws Exception {
        List<String[]> tokens = Files.readAllLines(dir.resolve("tokens.txt")).stream().map(l -> l.split(" ")).toList();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setSsl(true).setTrustAll(true)
                .setVerifyHost(false).setMaxConnections(Integer.MAX_VALUE).setConnectTimeout(60_000)
                .setSslEngineOptions(new io.vertx.core.net.OpenSSLEngineOptions()));
        Map<Integer, List<WebSocket>> rooms = new ConcurrentHashMap<>();
        long[] samples = new long[fanoutRooms * messagesPerRoom * roomSize];
        AtomicInteger sampleCount = new AtomicInteger();
        AtomicLong measuringFrom = new AtomicLong(Long.MAX_VALUE); // chats sent before it (warm-up) are not counted
        AtomicInteger failures = new AtomicInteger();
        Semaphore inFlight = new Semaphore(200);
        CountDownLatch joined = new CountDownLatch(tokens.size());
        long t0 = System.nanoTime();
        for (String[] t : tokens) {
            int room = Integer.parseInt(t[0]);
            inFlight.acquire();
            client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws").setSsl(true))
                    .onFailure(e -> {
                        failures.incrementAndGet();
                        inFlight.release();
                        joined.countDown();
                    })
                    .onSuccess(ws -> {
                        boolean[] welcomed = {false};
                        ws.textMessageHandler(text -> {
                            if (!welcomed[0]) {
                                welcomed[0] = true;
                                if (text.contains("\"type\":\"welcome\"")) {
                                    rooms.computeIfAbsent(room, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(ws);
                                } else {
                                    failures.incrementAndGet();
                                }
                                inFlight.release();
                                joined.countDown();
                                return;
                            }
                            int i = text.indexOf("\"text\":\"t=");
                            long sent = i < 0 ? Long.MIN_VALUE : Long.parseLong(text.substring(i + 10, text.indexOf('"', i + 10)));
                            if (sent >= measuringFrom.get()) {
                                int n = sampleCount.getAndIncrement();
                                if (n < samples.length) {
                                    samples[n] = System.nanoTime() - sent;
                                }
                            }
                        });
                        ws.writeTextMessage(new JsonObject().put("v", 1).put("type", "join").put("invitation", t[1]).encode());
                    });
        }
        joined.await(10, TimeUnit.MINUTES);
        double joinSeconds = (System.nanoTime() - t0) / 1e9;
        int open = rooms.values().stream().mapToInt(List::size).sum();
        serverIn.println("heap");
        String heap = serverOut.readLine();
        System.out.printf("connections joined: %d of %d (failures %d) in %.1f s (%.0f joins/s)%n", open, tokens.size(),
                failures.get(), joinSeconds, open / joinSeconds);
        System.out.println("server " + heap);
        long used = Long.parseLong(heap.replaceAll(".*used=(\\d+).*", "$1"));
        System.out.printf("server heap after GC: %.0f MiB, %.1f KiB per connection%n", used / 1048576.0, used / 1024.0 / Math.max(1, open));

        // fan-out: in each of fanoutRooms rooms one member sends chats; everyone in the room (sender included) receives
        List<List<WebSocket>> senders = rooms.values().stream().filter(r -> r.size() == roomSize).limit(fanoutRooms).toList();
        // a warm-up second at the same rate, not measured, so the JIT has compiled the chat path on both sides
        sendChats(senders, 10);
        // what the joins left in this JVM's young generation would otherwise be copied during the
        // measurement (the server's was collected by the "heap" command above)
        System.gc();
        Thread.sleep(500);
        long start = System.nanoTime();
        measuringFrom.set(start);
        sendChats(senders, messagesPerRoom);
        int expected = senders.size() * messagesPerRoom * roomSize;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (sampleCount.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        int n = Math.min(sampleCount.get(), samples.length);
        long[] got = Arrays.copyOf(samples, n);
        Arrays.sort(got);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("fan-out: %d rooms × %d messages × %d receivers = %d deliveries expected, %d received, %.0f deliveries/s offered%n",
                senders.size(), messagesPerRoom, roomSize, expected, n, expected / (messagesPerRoom * 0.1));
        if (n > 0) {
            System.out.printf("fan-out latency: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n",
                    got[n / 2] / 1e6, got[(int) (n * 0.99)] / 1e6, got[Math.min(n - 1, (int) (n * 0.999))] / 1e6, got[n - 1] / 1e6);
        }
        System.out.printf("(elapsed %.1f s)%n", seconds);
        vertx.close().toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }

    /**
     * A steady offered load: each room sends every 100 ms, the rooms' sends spread evenly over that.
     * The sender parks between sends rather than spinning: on two cores a spinning sender would take
     * a whole core from the server and from the receivers it measures.
     */
    private static void sendChats(List<List<WebSocket>> senders, int messagesPerRoom) {
        long spacingNanos = TimeUnit.MILLISECONDS.toNanos(100) / Math.max(1, senders.size());
        long next = System.nanoTime();
        for (int m = 0; m < messagesPerRoom; m++) {
            for (List<WebSocket> r : senders) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                next += spacingNanos;
                r.get(0).writeTextMessage("{\"v\":1,\"type\":\"chat\",\"text\":\"t=" + System.nanoTime() + "\"}");
            }
        }
    }
}
