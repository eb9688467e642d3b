package jp.rinjo.signaling;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import jp.rinjo.signaling.http.StaticPages;
import jp.rinjo.common.image.ThumbnailCache;
import jp.rinjo.common.time.Jst;
import jp.rinjo.scheduling.Scheduling;
import jp.rinjo.scheduling.invitation.Invitation;
import jp.rinjo.scheduling.service.SessionService;
import jp.rinjo.scheduling.still.StillQuota;
import jp.rinjo.signaling.config.NetworkAddresses;
import jp.rinjo.signaling.config.SignalingConfig;
import jp.rinjo.signaling.http.HttpApi;
import jp.rinjo.signaling.http.SessionEvents;
import jp.rinjo.signaling.session.AbandonedSessionSweep;
import jp.rinjo.signaling.ice.IceServers;
import jp.rinjo.signaling.live.LiveState;
import jp.rinjo.signaling.media.MediaGateway;
import jp.rinjo.signaling.media.SessionEndDelivery;
import jp.rinjo.signaling.metrics.SignalingMetrics;
import jp.rinjo.signaling.protocol.ProtocolCodec;
import jp.rinjo.signaling.protocol.ServerMessage;
import jp.rinjo.signaling.room.RoomHub;
import jp.rinjo.signaling.tls.SelfSignedCertificate;
import jp.rinjo.signaling.ws.LiveSessionEvents;
import jp.rinjo.signaling.ws.SignalingSocket;
import jp.rinjo.signaling.ws.SocketServices;

/**
 * One signaling node: HTTPS with the REST API, the WebSocket signaling endpoint {@code /ws}, the
 * pages, health and metrics. Nodes are interchangeable; what they share lives in {@link LiveState}.
 */
public final class SignalingServer {
    private static final Logger log = LoggerFactory.getLogger(SignalingServer.class);

    private final Vertx vertx;
    private final SignalingConfig config;
    private final LiveState live;
    private final RoomHub hub;
    private final SignalingMetrics metrics;
    private final jp.rinjo.signaling.http.HealthChecks healthChecks = new jp.rinjo.signaling.http.HealthChecks();
    private final WorkerExecutor blocking;
    private WorkerExecutor thumbnailWork;
    private HttpServer server;
    private final List<HttpServer> extraServers = new ArrayList<>();
    private long sweepTimer = -1;
    private long lapseTimer = -1;
    private volatile String publicUrl;

    private SignalingServer(Vertx vertx, SignalingConfig config, LiveState live, RoomHub hub, SignalingMetrics metrics,
                            WorkerExecutor blocking) {
        this.vertx = vertx;
        this.config = config;
        this.live = live;
        this.hub = hub;
        this.metrics = metrics;
        this.blocking = blocking;
    }

    public static Future<SignalingServer> start(Vertx vertx, SignalingConfig config, Scheduling scheduling, LiveState live,
                                                MediaGateway media, Clock clock) {
        return start(vertx, config, scheduling, live, media, clock, List.of());
    }

    /** @param extraRoutes more REST route groups to serve beside signaling's own (the standalone adds the archive's) */
    public static Future<SignalingServer> start(Vertx vertx, SignalingConfig config, Scheduling scheduling, LiveState live,
                                                MediaGateway media, Clock clock, List<jp.rinjo.signaling.http.RouteGroup> extraRoutes) {
        ProtocolCodec codec = new ProtocolCodec(config.wsMaxMessageBytes());
        SignalingMetrics metrics = new SignalingMetrics();
        RoomHub hub = new RoomHub(live, codec);
        WorkerExecutor blocking = vertx.createSharedWorkerExecutor("rinjo-blocking", config.blockingPoolSize());
        SignalingServer node = new SignalingServer(vertx, config, live, hub, metrics, blocking);
        media.setSink(new MediaGateway.Sink() {
            @Override
            public void sdp(jp.rinjo.common.id.SessionId session, jp.rinjo.common.id.ParticipantId participant, String kind,
                            String sdp, String purpose) {
                hub.sendTo(session, participant, new ServerMessage.Sdp("media", kind, sdp, purpose));
            }

            @Override
            public void recording(jp.rinjo.common.id.SessionId session, String state, String detail) {
                hub.broadcastLocal(session, new ServerMessage.Recording(state, detail, clock.instant().toString()));
            }
        });
        StillQuota stillQuota = new StillQuota(scheduling.stills(), config.stillsPerSession());
        SocketServices services = new SocketServices(config, scheduling, hub, media, new IceServers(config.ice()), codec,
                metrics, blocking, clock, stillQuota);
        SessionEndDelivery ends = new SessionEndDelivery(media, config.mediaEndRetry(),
                new jp.rinjo.scheduling.jdbc.JdbcSealRequests(scheduling.database()), id -> attendees(scheduling, id),
                (delay, task) -> vertx.setTimer(Math.max(1, delay.toMillis()), t -> task.run()),
                task -> blocking.executeBlocking(() -> {
                    task.run();
                    return null;
                }), clock);
        blocking.executeBlocking(ends::resume).onFailure(e -> log.error("cannot read the open seal requests: {}", e.toString()));

        Router router = Router.router(vertx);
        router.route().handler(ctx -> {
            ctx.addEndHandler(v -> metrics.httpRequest(ctx.request().method().name(), ctx.response().getStatusCode()));
            ctx.response().putHeader("X-Content-Type-Options", "nosniff");
            ctx.next();
        });
        // before the API's body handler: a still and a contracts CSV have their own, larger limits
        // thumbnails are decoded on a pool of their own, at most half the cores: a strip of them must not hold up calls
        node.thumbnailWork = vertx.createSharedWorkerExecutor("rinjo-thumbnails",
                Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
        new jp.rinjo.signaling.http.StillRoutes(scheduling, new jp.rinjo.signaling.http.ApiSupport(blocking,
                new jp.rinjo.signaling.http.Authenticator(scheduling)), media, hub, clock, stillQuota, node.thumbnailWork,
                new ThumbnailCache(config.thumbnailCacheBytes())).mount(router);
        new jp.rinjo.signaling.http.ContractImportRoutes(scheduling, new jp.rinjo.signaling.http.ApiSupport(blocking,
                new jp.rinjo.signaling.http.Authenticator(scheduling))).mount(router);
        router.route("/api/*").handler(BodyHandler.create().setBodyLimit(256 * 1024));
        SessionEvents events = sessionEvents(new LiveSessionEvents(hub), ends);
        new HttpApi(scheduling, live, metrics, blocking, new IceServers(config.ice()), node::publicUrl,
                config.tls().enabled(), events, extraRoutes, config.trustedProxies(), config.metricsAllow(),
                node.healthChecks).mount(router);
        AbandonedSessionSweep abandoned = new AbandonedSessionSweep(scheduling.sessions(), events, ends::deliver,
                config.mediaEndRetry().giveUpAfter(), clock);
        router.route("/*").handler(StaticPages::mustRevalidate)
                .handler(StaticHandler.create("webroot").setIndexPage("index.html").setCachingEnabled(true));

        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.host())
                .setPort(config.port())
                // Vert.x's own hard caps sit above the protocol's: an oversized message still reaches the
                // protocol, which answers it with an error instead of Vert.x closing the connection.
                .setMaxWebSocketFrameSize(1024 * 1024)
                .setMaxWebSocketMessageSize(1024 * 1024)
                // Signaling messages are small; a deflate context per socket would cost ~300 KB each.
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false)
                .setCompressionSupported(true);
        if (config.tls().enabled()) {
            if (config.tls().selfSigned()) {
                List<java.net.InetAddress> addresses = new ArrayList<>(NetworkAddresses.lanIpv4());
                addresses.add(NetworkAddresses.loopback());
                SelfSignedCertificate.ensure(config.tls().keystore(), config.tls().password(), List.of("localhost"), addresses);
            }
            options.setSsl(true).setKeyCertOptions(new PfxOptions()
                    .setPath(config.tls().keystore().toAbsolutePath().toString()).setPassword(config.tls().password()));
            if (useOpenSsl(config.tls().engine())) {
                options.setSslEngineOptions(new OpenSSLEngineOptions());
            }
        }
        int instances = config.httpInstances() > 0 ? config.httpInstances() : Runtime.getRuntime().availableProcessors();
        // One server per event loop, all on one port (Vert.x balances connections between them): a
        // single server would do every TLS handshake and WebSocket frame of the node on one core.
        Handler<HttpServerRequest> requests = request -> {
            if ("/ws".equals(request.path())) {
                acceptSignaling(vertx, request, services);
            } else {
                router.handle(request);
            }
        };
        return Future.fromCompletionStage(live.start(), vertx.getOrCreateContext())
                .compose(v -> listenOnOwnEventLoop(vertx, options, requests))
                .compose(first -> {
                    // Same options, same (possibly 0) port: Vert.x shares one bound port between them.
                    HttpServerOptions same = options;
                    List<Future<HttpServer>> more = new ArrayList<>();
                    for (int i = 1; i < instances; i++) {
                        more.add(listenOnOwnEventLoop(vertx, same, requests));
                    }
                    return Future.all(more).map(all -> {
                        node.extraServers.addAll(all.<HttpServer>list());
                        return first;
                    });
                })
                .map(server -> {
                    node.server = server;
                    node.publicUrl = config.publicUrl().orElseGet(() -> defaultPublicUrl(config, server.actualPort()));
                    long period = Math.max(100, config.nodeHeartbeatTtl().toMillis() / 2);
                    node.sweepTimer = vertx.setPeriodic(period, t -> hub.sweepDeadNodes().whenComplete((n, e) -> {
                        if (e != null) {
                            log.warn("sweeping dead signaling nodes failed: {}", e.toString());
                        }
                    }));
                    // once at start too: sessions may have lapsed while signaling was down
                    node.sweepAbandoned(abandoned);
                    node.lapseTimer = vertx.setPeriodic(config.abandonedSessionCheck().toMillis(), t -> node.sweepAbandoned(abandoned));
                    log.info("signaling node {} listening on port {}", live.nodeId(), server.actualPort());
                    return node;
                });
    }

    private void sweepAbandoned(AbandonedSessionSweep sweep) {
        blocking.executeBlocking(sweep::runOnce).onFailure(e -> log.warn("closing abandoned live sessions failed: {}", e.toString()));
    }

    /** Creates and starts the server from a fresh event-loop context, so each gets its own loop. */
    private static Future<HttpServer> listenOnOwnEventLoop(Vertx vertx, HttpServerOptions options,
                                                           Handler<HttpServerRequest> requests) {
        io.vertx.core.Promise<HttpServer> promise = io.vertx.core.Promise.promise();
        ((io.vertx.core.internal.VertxInternal) vertx).createEventLoopContext().runOnContext(v ->
                vertx.createHttpServer(options).requestHandler(requests).listen().onComplete(promise));
        return promise.future();
    }

    /**
     * The signaling WebSocket is accepted ahead of the router: the router hands out a wrapper of the
     * socket, and the socket itself is what can cut off a peer that stopped reading (SignalingSocket).
     */
    private static void acceptSignaling(Vertx vertx, HttpServerRequest request, SocketServices services) {
        String cookie = jp.rinjo.signaling.http.Authenticator.loginCookie(request);
        request.toWebSocket()
                .onSuccess(ws -> {
                    services.metrics().httpRequest(request.method().name(), 101);
                    new SignalingSocket(vertx, ws, services, cookie).start();
                })
                .onFailure(e -> {
                    services.metrics().httpRequest(request.method().name(), request.response().getStatusCode());
                    log.debug("websocket upgrade failed: {}", e.toString());
                });
    }

    private static boolean useOpenSsl(String engine) {
        return switch (engine) {
            case "openssl" -> true;
            case "jdk" -> false;
            default -> OpenSSLEngineOptions.isAvailable();
        };
    }

    /** The live connections follow the change; an ended or cancelled session's recording, if it went live, is sealed. */
    private static SessionEvents sessionEvents(LiveSessionEvents live, SessionEndDelivery ends) {
        return new SessionEvents() {
            @Override
            public void closed(SessionService.SessionView session) {
                live.closed(session);
                ends.deliver(session.session());
            }

            @Override
            public void invitationRevoked(Invitation invitation) {
                live.invitationRevoked(invitation);
            }
        };
    }

    private static MediaGateway.SessionEnd attendees(Scheduling scheduling, jp.rinjo.common.id.SessionId id) {
        List<MediaGateway.Attendee> attendees = scheduling.sessions().attendance(id).stream()
                .map(a -> new MediaGateway.Attendee(a.participantId().value(), a.displayName(), a.role().name())).toList();
        return jp.rinjo.signaling.media.SealAnnotations.with(
                new MediaGateway.SessionEnd(attendees, scheduling.sessions().record(id).map(SignalingServer::inspection).orElse(null)),
                scheduling.annotations().forSession(id));
    }

    /** Everything the scheduling database knows that identifies the inspection, as the recording's manifest states it. */
    public static MediaGateway.Inspection inspection(SessionService.SessionView v) {
        var s = v.session();
        var c = v.contract();
        var r = s.result();
        return new MediaGateway.Inspection(c.no().value(), c.name(), c.contractor(), c.department(), s.type().name(), s.type().label(),
                Jst.iso(s.window().start()), Jst.iso(s.window().end()), s.place(), v.inspectorName(),
                s.status().isFinal() ? s.status().name() : null, r == null ? null : r.kind().name(), r == null ? null : r.kind().label(),
                r == null ? null : r.note(), s.endedAt() == null ? null : Jst.iso(s.endedAt()));
    }

    private static String defaultPublicUrl(SignalingConfig config, int port) {
        String host = NetworkAddresses.primaryLan().map(java.net.InetAddress::getHostAddress).orElse("localhost");
        return (config.tls().enabled() ? "https://" : "http://") + host + ":" + port;
    }

    public int port() {
        return server.actualPort();
    }

    public String publicUrl() {
        return publicUrl;
    }

    public RoomHub hub() {
        return hub;
    }

    public SignalingMetrics metrics() {
        return metrics;
    }

    /** Where components running beside signaling add their checks to {@code /health}. */
    public jp.rinjo.signaling.http.HealthChecks healthChecks() {
        return healthChecks;
    }

    /** Graceful stop: participants are told and removed, the node deregisters. */
    public Future<Void> stop() {
        if (sweepTimer >= 0) {
            vertx.cancelTimer(sweepTimer);
        }
        if (lapseTimer >= 0) {
            vertx.cancelTimer(lapseTimer);
        }
        return Future.fromCompletionStage(hub.leaveAll("server-shutdown"), vertx.getOrCreateContext())
                .recover(e -> Future.succeededFuture())
                .compose(v -> {
                    List<Future<Void>> closing = new ArrayList<>();
                    if (server != null) {
                        closing.add(server.close());
                    }
                    extraServers.forEach(x -> closing.add(x.close()));
                    return Future.join(closing).<Void>mapEmpty();
                })
                .onComplete(ar -> {
                    live.close();
                    blocking.close();
                    if (thumbnailWork != null) {
                        thumbnailWork.close();
                    }
                });
    }
}
