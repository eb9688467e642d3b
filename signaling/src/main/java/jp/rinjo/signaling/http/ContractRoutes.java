package jp.rinjo.signaling.http;

import io.vertx.ext.web.Router;
import jp.rinjo.common.id.ContractNo;
import jp.rinjo.scheduling.Scheduling;
import jp.rinjo.scheduling.service.ContractService;

/** Contracts: register, update, find, search; and the sessions of a contract. */
final class ContractRoutes {
    private final Scheduling scheduling;
    private final ApiSupport api;

    ContractRoutes(Scheduling scheduling, ApiSupport api) {
        this.scheduling = scheduling;
        this.api = api;
    }

    void mount(Router r) {
        r.get("/api/contracts").handler(ctx -> {
            String q = ctx.request().getParam("q");
            int limit = ApiSupport.intParam(ctx, "limit", 50);
            int offset = ApiSupport.intParam(ctx, "offset", 0);
            api.withActor(ctx, 200, actor -> scheduling.contracts().search(actor, q, limit, offset).stream()
                    .map(Views::contract).toList());
        });
        r.post("/api/contracts").handler(ctx -> {
            ContractService.ContractDraft d = ApiSupport.body(ctx, ContractService.ContractDraft.class);
            api.withActor(ctx, 201, actor -> Views.contract(scheduling.contracts().register(actor, d)));
        });
        r.get("/api/contracts/:no").handler(ctx -> {
            ContractNo no = ContractNo.of(ctx.pathParam("no"));
            api.withActor(ctx, 200, actor -> Views.contract(scheduling.contracts().get(actor, no)));
        });
        r.put("/api/contracts/:no").handler(ctx -> {
            ContractNo no = ContractNo.of(ctx.pathParam("no"));
            ContractService.ContractDraft d = ApiSupport.body(ctx, ContractService.ContractDraft.class);
            api.withActor(ctx, 200, actor -> Views.contract(scheduling.contracts().update(actor, no, d)));
        });
        r.get("/api/contracts/:no/sessions").handler(ctx -> {
            ContractNo no = ContractNo.of(ctx.pathParam("no"));
            api.withActor(ctx, 200, actor -> scheduling.sessions().forContract(actor, no).stream().map(Views::session).toList());
        });
    }
}
