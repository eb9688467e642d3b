package jp.rinjo.signaling.http;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

import io.vertx.ext.web.Router;
import jp.rinjo.common.error.Require;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.id.UserId;
import jp.rinjo.common.time.PlausibleDates;
import jp.rinjo.scheduling.Scheduling;
import jp.rinjo.scheduling.service.SessionService;
import jp.rinjo.scheduling.session.InspectionResult;
import jp.rinjo.scheduling.session.InspectionType;
import jp.rinjo.scheduling.session.ResultKind;
import jp.rinjo.scheduling.session.TimeWindow;

/** Scheduling sessions and closing them. Times in requests carry their offset (e.g. +09:00). */
final class SessionRoutes {
    private final Scheduling scheduling;
    private final ApiSupport api;
    private final SessionEvents events;

    record SessionRequest(String contractNo, InspectionType inspectionType, OffsetDateTime windowStart,
                          OffsetDateTime windowEnd, String place, String inspectorId) {
    }

    record RescheduleRequest(OffsetDateTime windowStart, OffsetDateTime windowEnd, String place) {
    }

    record EndRequest(ResultKind result, String note) {
    }

    /** The same shape as the end of a session: a lapsed one's result, recorded afterwards. */
    record LateResultRequest(ResultKind result, String note) {
    }

    SessionRoutes(Scheduling scheduling, ApiSupport api, SessionEvents events) {
        this.scheduling = scheduling;
        this.api = api;
        this.events = events;
    }

    void mount(Router r) {
        r.get("/api/sessions").handler(ctx -> {
            Instant from = instantParam(ctx.request().getParam("from"), Instant.now().minus(Duration.ofDays(1)), "from");
            Instant to = instantParam(ctx.request().getParam("to"), from.plus(Duration.ofDays(31)), "to");
            int limit = ApiSupport.intParam(ctx, "limit", 200);
            api.withActor(ctx, 200, actor -> {
                var sessions = scheduling.sessions().list(actor, from, to, limit);
                var late = scheduling.lateResults().forSessions(sessions.stream().map(v -> v.session().id()).toList());
                return sessions.stream().map(v -> Views.session(v, late.get(v.session().id()))).toList();
            });
        });
        r.post("/api/sessions").handler(ctx -> {
            SessionRequest b = ApiSupport.body(ctx, SessionRequest.class);
            SessionService.SessionDraft draft = new SessionService.SessionDraft(b.contractNo(),
                    Require.present(b.inspectionType(), "inspectionType"), window(b.windowStart(), b.windowEnd()), b.place(),
                    b.inspectorId() == null || b.inspectorId().isBlank() ? null : UserId.of(b.inspectorId()));
            api.withActor(ctx, 201, actor -> Views.session(scheduling.sessions().schedule(actor, draft)));
        });
        r.get("/api/sessions/:id").handler(ctx -> {
            SessionId id = SessionId.of(ctx.pathParam("id"));
            api.withActor(ctx, 200, actor -> Views.session(scheduling.sessions().get(actor, id),
                    scheduling.lateResults().find(id).orElse(null)));
        });
        r.post("/api/sessions/:id/reschedule").handler(ctx -> {
            SessionId id = SessionId.of(ctx.pathParam("id"));
            RescheduleRequest b = ApiSupport.body(ctx, RescheduleRequest.class);
            TimeWindow w = window(b.windowStart(), b.windowEnd());
            api.withActor(ctx, 200, actor -> Views.session(scheduling.sessions().reschedule(actor, id, w, b.place())));
        });
        r.post("/api/sessions/:id/cancel").handler(ctx -> {
            SessionId id = SessionId.of(ctx.pathParam("id"));
            api.withActor(ctx, 200, actor -> {
                SessionService.SessionView v = scheduling.sessions().cancel(actor, id);
                events.closed(v);
                return Views.session(v);
            });
        });
        r.post("/api/sessions/:id/end").handler(ctx -> {
            SessionId id = SessionId.of(ctx.pathParam("id"));
            EndRequest b = ApiSupport.body(ctx, EndRequest.class);
            InspectionResult result = new InspectionResult(b.result(), b.note());
            api.withActor(ctx, 200, actor -> {
                SessionService.SessionView v = scheduling.sessions().end(actor, id, result);
                events.closed(v);
                return Views.session(v);
            });
        });
        r.post("/api/sessions/:id/late-result").handler(ctx -> {
            SessionId id = SessionId.of(ctx.pathParam("id"));
            LateResultRequest b = ApiSupport.body(ctx, LateResultRequest.class);
            api.withActor(ctx, 201, actor -> {
                var late = scheduling.lateResults().record(actor, id, b.result(), b.note());
                return Views.session(scheduling.sessions().get(actor, id), late);
            });
        });
    }

    static TimeWindow window(OffsetDateTime start, OffsetDateTime end) {
        Require.present(start, "windowStart");
        Require.present(end, "windowEnd");
        return new TimeWindow(start.toInstant(), end.toInstant());
    }

    private static Instant instantParam(String value, Instant defaultValue, String name) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        Instant t;
        try {
            // an offset's '+' typed into a URL as is arrives as a space; nothing else in a date-time is one
            t = OffsetDateTime.parse(value.strip().replace(' ', '+')).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw RinjoException.invalid("query parameter '" + name + "' must be a date-time with offset, "
                    + "e.g. 2026-11-26T00:00:00Z or 2026-11-26T09:00:00%2B09:00");
        }
        return PlausibleDates.require(t, "query parameter '" + name + "'");
    }
}
