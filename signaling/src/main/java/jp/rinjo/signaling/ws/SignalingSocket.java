package jp.rinjo.signaling.ws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import io.netty.handler.ssl.SslHandler;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;
import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.Ids;
import jp.rinjo.scheduling.invitation.ParticipantRole;
import jp.rinjo.signaling.http.Views;
import jp.rinjo.signaling.live.Presence;
import jp.rinjo.signaling.protocol.ClientMessage;
import jp.rinjo.signaling.protocol.ServerMessage;
import jp.rinjo.signaling.room.LocalConnection;
import jp.rinjo.signaling.room.RoomHub;

/**
 * One browser's signaling WebSocket. Every message is size-capped, rate-limited and parsed; a bad
 * one gets an error message with a stable code and the connection lives on. What the node sends it
 * is bounded too ({@link OutboundQueue}). Handlers run on the connection's event loop, and so does
 * everything that writes or closes (callers on other threads are moved there); database work goes
 * to the blocking pool.
 */
public final class SignalingSocket implements LocalConnection {
    private static final Logger log = LoggerFactory.getLogger(SignalingSocket.class);

    private enum State { AWAITING_JOIN, JOINING, JOINED, CLOSED }

    private final Vertx vertx;
    private final ServerWebSocket ws;
    private final SocketServices s;
    private final String cookieLogin;
    private final String id = Ids.random("conn");
    private final TokenBucket bucket;
    private final JoinAuthorizer authorizer;
    private final SessionMessages messages;
    private final StillRequests stillRequests;
    private State state = State.AWAITING_JOIN;
    private Presence presence;
    private Context context;
    private OutboundQueue out;
    private long joinTimer;
    private long loginTimer = -1;
    /** The login token the join was authorised with, checked again now and then; null for an invitation. */
    private String joinedWithLogin;
    /** The join deadline (a fixed time from opening) has passed: a join that fails now gets no second try. */
    private boolean joinDeadlinePassed;
    private SilenceWatch silence;
    /** Why the server is closing this connection; null while it is not (or the peer closed it). */
    private String closingReason;
    private boolean closeHandled;
    private boolean rateLimitAnnounced;
    /** Messages for this connection that arrive while its welcome is still being prepared. */
    private List<String> pending = new ArrayList<>();

    public SignalingSocket(Vertx vertx, ServerWebSocket ws, SocketServices services, String cookieLogin) {
        this.vertx = vertx;
        this.ws = ws;
        this.s = services;
        this.cookieLogin = cookieLogin;
        this.bucket = new TokenBucket(services.config().wsRatePerSecond(), services.config().wsRateBurst(), System.nanoTime());
        this.authorizer = new JoinAuthorizer(services.scheduling());
        this.messages = new SessionMessages(services, this::report);
        this.stillRequests = new StillRequests(services, this::report);
    }

    public void start() {
        context = vertx.getOrCreateContext();
        out = new OutboundQueue(vertx, ws, s.metrics(), s.config().wsMaxQueuedBytes(), s.config().wsQueueStallTimeout(),
                () -> close("slow-consumer"));
        s.metrics().connectionOpened();
        ws.textMessageHandler(this::onText);
        ws.binaryMessageHandler(b -> onBinary());
        ws.exceptionHandler(e -> log.debug("websocket {} error: {}", id, e.toString()));
        ws.closeHandler(v -> onClosed());
        silence = new SilenceWatch(vertx, s.config().wsIdleTimeout(), () -> close("idle-timeout"));
        // Every frame counts as a sign of life, control frames included.
        ws.frameHandler(f -> silence.heard());
        // A fixed deadline from opening rather than a timer restarted after each failed join: a
        // restarted timer would let a client that never gets in keep an unauthenticated connection
        // (and a join check on the blocking pool every few seconds) for as long as it likes.
        joinTimer = vertx.setTimer(s.config().joinTimeout().toMillis(), t -> {
            joinDeadlinePassed = true;
            if (state == State.AWAITING_JOIN) {
                close("join-timeout");
            }
        });
        silence.start();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void send(String json) {
        synchronized (this) {
            if (pending != null) {
                pending.add(json);
                return;
            }
        }
        onContext(() -> deliver(json));
    }

    @Override
    public void close(String reason) {
        onContext(() -> closeNow(reason));
    }

    private void closeNow(String reason) {
        if (closingReason != null || closeHandled) {
            return;
        }
        closingReason = reason;
        s.metrics().serverClosed(reason);
        log.debug("closing websocket {}: {}", id, reason);
        out.writeAnyway(s.codec().write(new ServerMessage.Bye(reason)));
        ws.close((short) 1000, reason);
        // A peer that does not read never takes the close frame, and Vert.x starts its own closing
        // timeout only once that frame is written: such a connection is cut off after ws.close-grace,
        // and TLS gives its close_notify as long again (Netty's 3 s unless told).
        long graceMillis = s.config().wsCloseGrace().toMillis();
        vertx.setTimer(graceMillis, t -> {
            if (!closeHandled && ws instanceof WebSocketInternal internal) {
                SslHandler tls = internal.channelHandlerContext().pipeline().get(SslHandler.class);
                if (tls != null) {
                    tls.setCloseNotifyFlushTimeoutMillis(graceMillis);
                }
                internal.channelHandlerContext().close();
            }
        });
    }

    private void sendNow(ServerMessage m) {
        String json = s.codec().write(m);
        onContext(() -> deliver(json));
    }

    /** Nothing follows the bye. */
    private void deliver(String json) {
        if (closingReason == null) {
            out.offer(json);
        }
    }

    private void onContext(Runnable task) {
        if (Vertx.currentContext() == context) {
            task.run();
        } else {
            context.runOnContext(v -> task.run());
        }
    }

    private void onBinary() {
        if (closingReason != null) {
            return;
        }
        if (bucket.tryTake(System.nanoTime())) {
            error(null, new RinjoException(ErrorCode.VALIDATION_FAILED, "binary frames are not part of the protocol; send JSON text"));
        } else {
            s.metrics().error(ErrorCode.RATE_LIMITED.wireName());
        }
    }

    private void onText(String text) {
        if (closingReason != null) {
            // said goodbye (revoked, session over, too slow...): nothing more is taken from this connection
            return;
        }
        if (!bucket.tryTake(System.nanoTime())) {
            // Dropped, and said once per flood: answering every flooded message would be the flood.
            s.metrics().error(ErrorCode.RATE_LIMITED.wireName());
            if (!rateLimitAnnounced) {
                rateLimitAnnounced = true;
                sendNow(new ServerMessage.Error(null, ErrorCode.RATE_LIMITED.wireName(),
                        "too many messages; some were dropped, slow down"));
            }
            return;
        }
        rateLimitAnnounced = false;
        ClientMessage m;
        try {
            m = s.codec().read(text);
        } catch (RinjoException e) {
            error(s.codec().salvageRef(text), e);
            return;
        }
        s.metrics().messageIn(m.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT));
        try {
            dispatch(m);
        } catch (RinjoException e) {
            error(m.ref(), e);
        }
    }

    private void dispatch(ClientMessage m) {
        if (m instanceof ClientMessage.Ping p) {
            sendNow(new ServerMessage.Pong(p.ref(), Instant.now(s.clock()).toString()));
            return;
        }
        if (m instanceof ClientMessage.Join j) {
            join(j);
            return;
        }
        if (state != State.JOINED) {
            throw new RinjoException(ErrorCode.NOT_JOINED, "join a session first");
        }
        if (m instanceof ClientMessage.Leave l) {
            leave("left");
        } else if (m instanceof ClientMessage.Chat c) {
            messages.chat(presence, c);
        } else if (m instanceof ClientMessage.Sdp sdp) {
            messages.sdp(presence, sdp);
        } else if (m instanceof ClientMessage.Ice ice) {
            messages.ice(presence, ice);
        } else if (m instanceof ClientMessage.Annotation a) {
            messages.annotation(presence, a);
        } else if (m instanceof ClientMessage.StillRequest r) {
            requestStill(r);
        }
    }

    /**
     * A session at its cap of stills (stills.max-per-session) is refused before the phone is asked: it would
     * take the photo, and only then be refused its upload. The count is in the database: off the event loop.
     */
    private void requestStill(ClientMessage.StillRequest r) {
        Presence p = presence;
        s.blocking().executeBlocking(() -> {
            s.stillQuota().requireRoom(p.sessionId());
            return null;
        }, false).onComplete(room -> {
            if (state != State.JOINED) {
                return;
            }
            try {
                if (room.failed()) {
                    throw room.cause();
                }
                stillRequests.request(p, r);
            } catch (Throwable e) {
                error(r.ref(), e);
            }
        });
    }

    /**
     * An inspector joining (or back after a reload or a lost connection) a session at its cap of stills is told
     * so, as the room was when it was reached: the page disables 静止画 before anyone asks. The count is in the database.
     */
    private void tellIfStillsFull() {
        Presence p = presence;
        if (p.role() != ParticipantRole.INSPECTOR) {
            return;
        }
        s.blocking().executeBlocking(() -> s.stillQuota().isFull(p.sessionId()), false).onComplete(full -> {
            if (state == State.JOINED && presence == p && full.succeeded() && full.result()) {
                sendNow(new ServerMessage.StillsFull(s.stillQuota().max()));
            }
        });
    }

    private void join(ClientMessage.Join j) {
        if (state != State.AWAITING_JOIN) {
            throw new RinjoException(ErrorCode.CONFLICT, state == State.JOINED ? "already joined" : "a join is in progress");
        }
        state = State.JOINING;
        s.blocking().executeBlocking(() -> authorizer.authorize(j, cookieLogin), false)
                .compose(grant -> {
                    if (state == State.CLOSED) {
                        return Future.failedFuture(new RinjoException(ErrorCode.CONFLICT, "connection closed while joining"));
                    }
                    presence = new Presence(grant.session().session().id(), grant.participantId(), id,
                            s.hub().live().nodeId(), grant.role(), grant.displayName(), Instant.now(s.clock()));
                    return Future.fromCompletionStage(s.hub().join(presence, this), vertx.getOrCreateContext())
                            .map(all -> {
                        joinedWithLogin = grant.login();
                        return welcome(j.ref(), grant, all);
                    });
                })
                .onSuccess(welcome -> {
                    vertx.cancelTimer(joinTimer);
                    if (state == State.CLOSED) {
                        // the socket closed while the join was being authorised
                        s.hub().leave(presence, "disconnected");
                        return;
                    }
                    state = State.JOINED;
                    s.metrics().joined();
                    MDC.put("session", presence.sessionId().value());
                    log.info("participant {} joined session {} as {}", presence.participantId(), presence.sessionId(),
                            presence.role());
                    MDC.remove("session");
                    sendNow(welcome);
                    flushPending();
                    tellIfStillsFull();
                    if (joinedWithLogin != null) {
                        String login = joinedWithLogin;
                        loginTimer = vertx.setPeriodic(s.config().wsLoginRecheck().toMillis(), t -> recheckLogin(login));
                    }
                    if (s.media().available()) {
                        report(j.ref(), s.media().joined(presence.sessionId(), presence.participantId()));
                    }
                })
                .onFailure(e -> {
                    if (presence != null && state != State.CLOSED) {
                        s.hub().leave(presence, "join-failed");
                    }
                    presence = null;
                    synchronized (this) {
                        pending = new ArrayList<>();
                    }
                    error(j.ref(), unwrap(e));
                    if (state != State.CLOSED) {
                        state = State.AWAITING_JOIN;
                        if (joinDeadlinePassed) {
                            // the deadline passed while this join was being checked (a slow database)
                            close("join-timeout");
                        }
                    }
                });
    }

    /**
     * A login is checked when someone joins with it; an account disabled, or a login ended, later must
     * not keep its call (site video and audio, chat) until the person hangs up. Its expiry is not a
     * reason: an inspection overrunning the login's lifetime keeps its call, unless the login is ended.
     */
    private void recheckLogin(String login) {
        if (state != State.JOINED) {
            return;
        }
        s.blocking().executeBlocking(() -> {
            s.scheduling().auth().requireLoginNotEnded(login);
            return null;
        }, false).onFailure(e -> onContext(() -> {
            if (unwrap(e) instanceof RinjoException r && (r.code() == ErrorCode.TOKEN_REVOKED || r.code() == ErrorCode.TOKEN_INVALID)
                    && state == State.JOINED) {
                log.info("participant {} let go of session {}: {}", presence.participantId(), presence.sessionId(), r.getMessage());
                sendNow(new ServerMessage.Error(null, ErrorCode.TOKEN_REVOKED.wireName(), "your login was ended (" + r.getMessage()
                        + "): log in again"));
                closeNow(ErrorCode.TOKEN_REVOKED.wireName());
            }
        }));
    }

    private ServerMessage.Welcome welcome(String ref, JoinGrant grant, List<Presence> all) {
        return new ServerMessage.Welcome(ref, grant.participantId().value(), grant.role().name(),
                Views.sessionInfo(grant.session()), all.stream().map(RoomHub::participant).toList(),
                s.iceServers().forParticipant(grant.participantId().value(), Instant.now(s.clock())), s.media().available());
    }

    private void flushPending() {
        List<String> queued;
        synchronized (this) {
            queued = pending;
            pending = null;
        }
        queued.forEach(this::send);
    }

    private void leave(String reason) {
        Presence p = presence;
        state = State.CLOSED;
        CompletionStage<Boolean> left = s.hub().leave(p, reason);
        left.thenAccept(removed -> {
            if (removed) {
                s.media().left(p.sessionId(), p.participantId());
            }
        });
        close(reason);
    }

    void report(String ref, CompletionStage<Void> stage) {
        stage.whenComplete((v, e) -> {
            if (e != null) {
                error(ref, unwrap(e));
            }
        });
    }

    private void error(String ref, Throwable t) {
        RinjoException e = t instanceof RinjoException r ? r : new RinjoException(ErrorCode.INTERNAL, "internal error");
        if (!(t instanceof RinjoException)) {
            log.warn("websocket {}: unexpected failure", id, t);
        }
        s.metrics().error(e.code().wireName());
        sendNow(new ServerMessage.Error(ref, e.code().wireName(), e.getMessage()));
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof java.util.concurrent.ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private void onClosed() {
        if (closeHandled) {
            return;
        }
        closeHandled = true;
        State was = state;
        state = State.CLOSED;
        vertx.cancelTimer(joinTimer);
        vertx.cancelTimer(loginTimer);
        silence.stop();
        out.cancelStallTimer();
        s.metrics().connectionClosed();
        if (was == State.JOINED && presence != null) {
            Presence p = presence;
            s.hub().leave(p, closingReason != null ? closingReason : "disconnected").thenAccept(removed -> {
                if (removed) {
                    s.media().left(p.sessionId(), p.participantId());
                }
            });
        }
    }
}
