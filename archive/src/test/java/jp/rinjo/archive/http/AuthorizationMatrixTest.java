package jp.rinjo.archive.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jp.rinjo.archive.audit.AuditOutcome;
import jp.rinjo.archive.audit.AuditRecord;
import jp.rinjo.archive.testing.ArchiveScenario;
import jp.rinjo.scheduling.invitation.ParticipantRole;
import jp.rinjo.scheduling.service.InvitationService;

/**
 * Every role against every archive endpoint, over HTTPS. Roles: no credentials; the contractor's
 * invitation to the recorded session; an inspector and a records clerk of the contract's department
 * (道路課); an inspector of another department (河川課); an admin. Another department's recording is
 * "not found" (404), as scheduling answers for its sessions. Then: every refusal is in the audit log.
 */
class AuthorizationMatrixTest {
    @TempDir
    Path dir;

    static final List<String> ROLES = List.of("none", "guest", "inspector", "clerk", "other", "admin");

    /** endpoint → expected status per role, in the order of {@link #ROLES}. */
    static final String MATRIX = """
            search            401 403 200 200 200 200
            facets            401 403 200 200 200 200
            deployment-key    401 403 200 200 200 200
            view              401 403 200 200 404 200
            rendition         401 403 206 206 404 206
            still             401 403 200 200 404 200
            still-thumbnail   401 403 200 200 404 200
            verify            401 403 200 200 404 200
            export-start      401 403 201 201 404 201
            export-status     401 403 200 200 404 200
            export-download   401 403 200 200 404 200
            copy-start        401 403 202 202 404 202
            copy-status       401 403 200 200 404 200
            copy-download     401 403 200 200 404 200
            renditions        401 403 403 403 403 409
            timestamp         401 403 403 403 403 409
            policy-get        401 403 200 200 404 200
            policy-put        401 403 403 403 403 200
            delete            401 403 403 403 403 409
            reindex           401 403 403 403 403 200
            audit-list        401 403 403 403 403 200
            audit-verify      401 403 403 403 403 200
            """;

    @Test
    void everyRoleGetsExactlyWhatThePolicyAllowsOnEveryEndpoint() throws Exception {
        // a real (short) rendition, so that evidence copies finish and can be downloaded
        try (ArchiveScenario sc = new ArchiveScenario(dir, 15)) {
            Map<String, String> auth = new LinkedHashMap<>();
            auth.put("none", null);
            InvitationService.IssuedInvitation inv = sc.f.scheduling.invitations().invite(sc.f.inspector, sc.sessionId,
                    new InvitationService.InvitationDraft(ParticipantRole.CONTRACTOR, "現場代理人 山田", null));
            auth.put("guest", "Invitation " + inv.token());
            auth.put("inspector", "Bearer " + sc.token("inspector1"));
            auth.put("clerk", "Bearer " + sc.token("clerk1"));
            auth.put("other", "Bearer " + sc.token("inspector2"));
            auth.put("admin", "Bearer " + sc.token("admin"));
            String inspectorsJob = sc.node.call("POST", sc.recordingPath() + "/exports", auth.get("inspector"), null).bodyAsJsonObject()
                    .getString("id");
            String copyStart = sc.renditionPath() + "/evidence-copy";
            String inspectorsCopy = copy(sc, copyStart, auth.get("inspector"));
            String policy = "/api/archive/contracts/" + URLEncoder.encode(ArchiveScenario.CONTRACT, StandardCharsets.UTF_8) + "/policy";

            SoftAssertions soft = new SoftAssertions();
            for (String line : MATRIX.strip().split("\n")) {
                String[] cols = line.strip().split("\\s+");
                for (int i = 0; i < ROLES.size(); i++) {
                    String role = ROLES.get(i);
                    String authorization = auth.get(role);
                    // a role allowed to export downloads its own job; the others try the inspector's
                    String job = inspectorsJob;
                    if (cols[0].startsWith("export-") && !cols[0].equals("export-start") && List.of("inspector", "clerk", "admin").contains(role)) {
                        job = sc.node.call("POST", sc.recordingPath() + "/exports", authorization, null).bodyAsJsonObject().getString("id");
                    }
                    String copy = inspectorsCopy;
                    if (cols[0].startsWith("copy-") && !cols[0].equals("copy-start") && List.of("inspector", "clerk", "admin").contains(role)) {
                        copy = copy(sc, copyStart, authorization);
                    }
                    HttpResponse<Buffer> r = switch (cols[0]) {
                        case "search" -> call(sc, HttpMethod.GET, "/api/archive/recordings", authorization, null, null);
                        case "facets" -> call(sc, HttpMethod.GET, "/api/archive/facets", authorization, null, null);
                        case "deployment-key" -> call(sc, HttpMethod.GET, "/api/archive/deployment-key", authorization, null, null);
                        case "view" -> call(sc, HttpMethod.GET, sc.recordingPath(), authorization, null, null);
                        case "rendition" -> call(sc, HttpMethod.GET, sc.renditionPath(), authorization, null, "bytes=0-99");
                        case "still" -> call(sc, HttpMethod.GET, sc.recordingPath() + "/stills/" + sc.recorded.stillId, authorization, null, null);
                        case "still-thumbnail" -> call(sc, HttpMethod.GET, sc.recordingPath() + "/stills/" + sc.recorded.stillId
                                + "/thumbnail", authorization, null, null);
                        case "verify" -> call(sc, HttpMethod.POST, sc.recordingPath() + "/verify", authorization, null, null);
                        case "export-start" -> call(sc, HttpMethod.POST, sc.recordingPath() + "/exports", authorization, null, null);
                        case "export-status" -> call(sc, HttpMethod.GET, "/api/archive/exports/" + job, authorization, null, null);
                        case "export-download" -> call(sc, HttpMethod.GET, "/api/archive/exports/" + job + "/download", authorization, null, null);
                        case "copy-start" -> call(sc, HttpMethod.POST, copyStart, authorization, null, null);
                        case "copy-status" -> call(sc, HttpMethod.GET, "/api/archive/evidence-copies/" + copy, authorization, null, null);
                        case "copy-download" -> call(sc, HttpMethod.GET, "/api/archive/evidence-copies/" + copy + "/download", authorization,
                                null, null);
                        // the stand-in rendition differs from what the segments render to, and the store never overwrites
                        case "renditions" -> call(sc, HttpMethod.POST, sc.recordingPath() + "/renditions", authorization, null, null);
                        // no time-stamping authority in this scenario: an admin is told so (TimestampLaterTest has one)
                        case "timestamp" -> call(sc, HttpMethod.POST, sc.recordingPath() + "/timestamp", authorization, null, null);
                        case "policy-get" -> call(sc, HttpMethod.GET, policy, authorization, null, null);
                        case "policy-put" -> call(sc, HttpMethod.PUT, policy, authorization,
                                new JsonObject().put("retentionYears", 12).put("legalHold", false), null);
                        case "delete" -> call(sc, HttpMethod.DELETE, sc.recordingPath(), authorization, null, null);
                        case "reindex" -> call(sc, HttpMethod.POST, "/api/archive/reindex", authorization, null, null);
                        case "audit-list" -> call(sc, HttpMethod.GET, "/api/archive/audit", authorization, null, null);
                        case "audit-verify" -> call(sc, HttpMethod.GET, "/api/archive/audit/verify", authorization, null, null);
                        default -> throw new AssertionError("no endpoint " + cols[0]);
                    };
                    soft.assertThat(r.statusCode()).as("%s as %s: %s", cols[0], role, r.statusCode() >= 400 ? r.bodyAsString() : "")
                            .isEqualTo(Integer.parseInt(cols[i + 1]));
                }
            }
            soft.assertAll();

            // the other department's and the guest's attempts on the recording are all in the log, none as a success
            List<AuditRecord> rows = new ArrayList<>();
            Long before = null;
            for (List<AuditRecord> page = sc.archive.audit().list(null, null, 500); !page.isEmpty();
                 page = sc.archive.audit().list(null, before, 500)) {
                rows.addAll(page);
                before = page.get(page.size() - 1).seq();
            }
            List<AuditRecord> outsiders = rows.stream().filter(a -> a.event().actorRole().startsWith("GUEST")
                    || "河川 次郎".equals(a.event().actorName())).toList();
            assertThat(outsiders).filteredOn(a -> a.event().sessionId() != null).isNotEmpty()
                    .allSatisfy(a -> assertThat(a.event().outcome()).isIn(AuditOutcome.DENIED, AuditOutcome.NOT_FOUND));
            assertThat(outsiders).filteredOn(a -> a.event().actorRole().startsWith("GUEST")).isNotEmpty()
                    .allSatisfy(a -> assertThat(a.event().outcome()).isEqualTo(AuditOutcome.DENIED));
            assertThat(sc.archive.audit().verify().ok()).isTrue();
        }
    }

    /** Starts an evidence copy and waits until it is made; its job id. */
    static String copy(ArchiveScenario sc, String path, String authorization) throws Exception {
        JsonObject job = sc.node.call("POST", path, authorization, null).bodyAsJsonObject();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            JsonObject s = sc.node.call("GET", job.getString("statusUrl"), authorization, null).bodyAsJsonObject();
            if (!s.getString("state").equals("QUEUED") && !s.getString("state").equals("RUNNING")) {
                assertThat(s.getString("state")).as(s.encode()).isEqualTo("DONE");
                break;
            }
            Thread.sleep(50);
        }
        return job.getString("id");
    }

    static HttpResponse<Buffer> call(ArchiveScenario sc, HttpMethod method, String path, String authorization, JsonObject body, String range)
            throws Exception {
        var req = sc.node.http.request(method, path);
        if (authorization != null) {
            req.putHeader("Authorization", authorization);
        }
        if (range != null) {
            req.putHeader("Range", range);
        }
        var f = body == null ? req.send() : req.sendJsonObject(body);
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
