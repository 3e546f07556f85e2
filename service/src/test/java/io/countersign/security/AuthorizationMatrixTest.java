package io.countersign.security;

import static io.countersign.support.Plans.productionRestart;
import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.support.Api;
import io.countersign.support.AppTest;
import io.countersign.support.WebSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint × every kind of caller → the status they get. A new endpoint without a row fails
 * {@link #everyEndpointHasARow()}, so nobody adds an endpoint without deciding who may call it.
 *
 * <p>Paths under {@code /api} are called as the API is (HTTP Basic, or the agent's bearer token); every other path as
 * a browser calls it: a session from the login form and the CSRF token its pages carry. Anonymous and the agent then
 * hold an unauthenticated session (the agent also sends its bearer token, which the web door does not honour), so a
 * page sends both to the login page rather than failing on CSRF. Page POST bodies are chosen to be refused or to
 * change nothing for the callers allowed through, so the status shows the authorization, not a side effect.
 */
class AuthorizationMatrixTest extends AppTest {

    /** Callers, in the column order of the table. */
    private static final List<String> CALLERS = List.of("anonymous", "agent", "engineer", "approver", "auditor", "admin");
    private static final String NONE = "00000000-0000-0000-0000-000000000000";

    /** A row: how to call the endpoint, and what each caller gets. {id} is a request the agent submitted for alice. */
    private record Row(String method, String path, String body, int anonymous, int agent, int engineer, int approver,
                       int auditor, int admin) {
        List<Integer> expected() {
            return List.of(anonymous, agent, engineer, approver, auditor, admin);
        }
    }

    private static final Map<String, Row> TABLE = table(
            //                                                                              anon agent  eng  appr  aud  admin
            row("POST /api/v1/change-requests", "/api/v1/change-requests", "{}",             401, 400, 400, 400, 403, 403),
            // The policy's dry run takes the same callers and the same checks as submit; an empty plan is a 400.
            row("POST /api/v1/policy-checks", "/api/v1/policy-checks", "{}",                  401, 400, 400, 400, 403, 403),
            row("GET /api/v1/change-requests/{id}", "/api/v1/change-requests/{id}", null,    401, 200, 200, 200, 200, 200),
            row("GET /api/v1/change-requests/{id}/decision",
                    "/api/v1/change-requests/{id}/decision?waitSeconds=0", null,             401, 200, 200, 200, 200, 200),
            row("GET /api/v1/change-requests/{id}/plan", "/api/v1/change-requests/{id}/plan", null, 401, 200, 200, 200, 200, 200),
            row("POST /api/v1/change-requests/{id}/withdraw",
                    "/api/v1/change-requests/" + NONE + "/withdraw", "",                     401, 404, 404, 404, 403, 403),
            row("POST /api/v1/change-requests/{id}/execution-report",
                    "/api/v1/change-requests/{id}/execution-report", "{}",                   401, 400, 400, 400, 403, 403),
            row("POST /api/v1/approval-tokens/redeem", "/api/v1/approval-tokens/redeem", "{}", 401, 400, 400, 400, 403, 403),
            row("POST /api/v1/approval-tokens/verify", "/api/v1/approval-tokens/verify", "{}", 401, 400, 400, 400, 400, 400),
            row("GET /.well-known/jwks.json", "/.well-known/jwks.json", null,                200, 200, 200, 200, 200, 200),
            row("GET /api/v1/tasks", "/api/v1/tasks", null,                                  401, 403, 403, 200, 403, 403),
            row("GET /api/v1/tasks/{id}", "/api/v1/tasks/" + NONE, null,                     401, 403, 403, 404, 403, 403),
            row("POST /api/v1/tasks/{id}/decision", "/api/v1/tasks/" + NONE + "/decision", "{}",
                                                                                              401, 403, 403, 400, 403, 403),
            row("GET /api/v1/admin/agent-tokens", "/api/v1/admin/agent-tokens", null,        401, 403, 403, 403, 403, 200),
            row("POST /api/v1/admin/agent-tokens", "/api/v1/admin/agent-tokens", "{}",       401, 403, 403, 403, 403, 400),
            row("POST /api/v1/admin/agent-tokens/{id}/revoke",
                    "/api/v1/admin/agent-tokens/" + NONE + "/revoke", "",                    401, 403, 403, 403, 403, 404),
            row("GET /api/v1/admin/oidc-identities", "/api/v1/admin/oidc-identities", null,  401, 403, 403, 403, 403, 200),
            row("POST /api/v1/admin/oidc-identities", "/api/v1/admin/oidc-identities", "{}", 401, 403, 403, 403, 403, 400),
            row("POST /api/v1/admin/oidc-identities/unlink", "/api/v1/admin/oidc-identities/unlink", "{}",
                                                                                             401, 403, 403, 403, 403, 400),
            // A role no person may hold: refused (400) for the admin, so nobody is created.
            row("PUT /api/v1/admin/users/{username}", "/api/v1/admin/users/nobody", "{\"roles\": [\"AGENT\"]}",
                                                                                             401, 403, 403, 403, 403, 400),
            row("GET /api/v1/admin/signing-keys", "/api/v1/admin/signing-keys", null,        401, 403, 403, 403, 403, 200),
            row("GET /api/v1/admin/stalled-requests", "/api/v1/admin/stalled-requests", null,
                                                                                              401, 403, 403, 403, 403, 200),
            // No such request: the admin is told so, nothing is retried or closed.
            row("POST /api/v1/admin/stalled-requests/{requestId}/retry",
                    "/api/v1/admin/stalled-requests/" + NONE + "/retry", "{}",               401, 403, 403, 403, 403, 404),
            row("POST /api/v1/admin/stalled-requests/{requestId}/close",
                    "/api/v1/admin/stalled-requests/" + NONE + "/close", "{\"reason\": \"x\"}",
                                                                                              401, 403, 403, 403, 403, 404),
            row("POST /api/v1/admin/signing-keys/rotate", "/api/v1/admin/signing-keys/rotate", "",
                                                                                              401, 403, 403, 403, 403, 201),
            row("POST /api/v1/admin/signing-keys/{kid}/retire",
                    "/api/v1/admin/signing-keys/" + NONE + "/retire", "",                    401, 403, 403, 403, 403, 404),
            row("GET /v3/api-docs", "/v3/api-docs", null,                                    200, 200, 200, 200, 200, 200),
            row("GET /v3/api-docs.yaml", "/v3/api-docs.yaml", null,                          200, 200, 200, 200, 200, 200),
            row("GET /v3/api-docs/swagger-config", "/v3/api-docs/swagger-config", null,      200, 200, 200, 200, 200, 200),
            row("GET /swagger-ui.html", "/swagger-ui.html", null,                            302, 302, 302, 302, 302, 302),
            row("GET /api/v1/audit/events", "/api/v1/audit/events?limit=5", null,            401, 403, 403, 403, 200, 200),
            row("GET /api/v1/audit/export", "/api/v1/audit/export?format=csv&requestId={id}", null,
                                                                                              401, 403, 403, 403, 200, 200),
            row("GET /api/v1/audit/verify", "/api/v1/audit/verify", null,                    401, 403, 403, 403, 200, 200),
            row("GET /api/v1/audit/changes",
                    "/api/v1/audit/changes?from=2025-01-01T00:00:00Z&to=2025-01-02T00:00:00Z", null, 401, 403, 403, 403, 200, 200),
            row("GET /api/v1/audit/checkpoints", "/api/v1/audit/checkpoints", null,          401, 403, 403, 403, 200, 200),
            row("GET /api/v1/audit/checkpoints/proofs",
                    "/api/v1/audit/checkpoints/proofs?firstSize=1&secondSize=1", null,       401, 403, 403, 403, 200, 200),
            row("GET /api/v1/change-requests/{id}/evidence", "/api/v1/change-requests/{id}/evidence", null,
                                                                                              401, 403, 403, 403, 200, 200),
            // Anyone may keep the log's checkpoints and key: that is what makes a truncation visible.
            row("GET /.well-known/countersign/checkpoint", "/.well-known/countersign/checkpoint", null,
                                                                                              200, 200, 200, 200, 200, 200),
            row("GET /.well-known/countersign/log-key", "/.well-known/countersign/log-key", null,
                                                                                              200, 200, 200, 200, 200, 200),
            // --- breakglass (issue 14): break-glass is for people in the break-glass group only (none of these);
            // nobody broke glass for {id}, so there is nothing to show (404) or review (409).
            row("POST /api/v1/change-requests/{id}/break-glass", "/api/v1/change-requests/{id}/break-glass", "{}",
                                                                                              401, 403, 403, 403, 403, 403),
            row("GET /api/v1/change-requests/{id}/break-glass", "/api/v1/change-requests/{id}/break-glass", null,
                                                                                              401, 403, 404, 404, 404, 404),
            row("POST /api/v1/change-requests/{id}/break-glass/reviews",
                    "/api/v1/change-requests/{id}/break-glass/reviews", "{}",                401, 403, 409, 409, 409, 409),
            row("GET /api/v1/audit/break-glass", "/api/v1/audit/break-glass", null,          401, 403, 403, 403, 200, 200),
            // The freeze calendar: everyone signed in reads it, agents too; only admins change it.
            row("GET /api/v1/freeze-windows", "/api/v1/freeze-windows", null,                401, 200, 200, 200, 200, 200),
            row("GET /api/v1/freeze-windows/{id}", "/api/v1/freeze-windows/" + NONE, null,   401, 404, 404, 404, 404, 404),
            row("POST /api/v1/freeze-windows", "/api/v1/freeze-windows", "{}",               401, 403, 403, 403, 403, 400),
            row("DELETE /api/v1/freeze-windows/{id}", "/api/v1/freeze-windows/" + NONE, null, 401, 403, 403, 403, 403, 404),
            // The web pages. alice is an engineer, bob an engineer and approver, erin an auditor, admin admin+auditor.
            // "/" sends engineers to their requests and auditors to the audit log; only approvers have an inbox.
            row("GET /", "/", null,                                                          302, 302, 302, 200, 302, 302),
            row("GET /login", "/login", null,                                                200, 200, 200, 200, 200, 200),
            // The error page is public (it serves refusals too); asked for directly it has no error to show: 500.
            row("GET /error", "/error", null,                                                500, 500, 500, 500, 500, 500),
            row("GET /my-requests", "/my-requests", null,                                    302, 302, 200, 200, 403, 403),
            row("GET /process-diagram.bpmn", "/process-diagram.bpmn", null,                  302, 302, 200, 200, 200, 200),
            row("GET /requests/new", "/requests/new", null,                                  302, 302, 200, 200, 403, 403),
            // An empty plan: engineers get it back with its problems (422), nothing is stored.
            row("POST /requests/new", "/requests/new", "",                                   302, 302, 422, 422, 403, 403),
            row("POST /requests/new/json", "/requests/new/json", "",                         302, 302, 422, 422, 403, 403),
            row("GET /requests/{id}", "/requests/{id}", null,                                302, 302, 200, 200, 200, 200),
            // No such decision: approvers are told so (400); alice requested the plan but is no approver anyway.
            row("POST /requests/{id}/decision", "/requests/{id}/decision", "decision=NONE",  302, 302, 403, 400, 403, 403),
            // No reason given: engineers are sent back to the page to give one, nothing is withdrawn.
            row("POST /requests/{id}/withdraw", "/requests/{id}/withdraw", "",               302, 302, 302, 302, 403, 403),
            // Break-glass on the page (issue 14): without the confirmation tick nobody gets further than the form
            // again; a review of a plan nobody broke glass for is refused back to the page. The service judges.
            row("POST /requests/{id}/break-glass", "/requests/{id}/break-glass", "",         302, 302, 302, 302, 302, 302),
            row("POST /requests/{id}/break-glass/reviews", "/requests/{id}/break-glass/reviews", "",
                                                                                              302, 302, 302, 302, 302, 302),
            // No such task: the approver is sent back to the inbox with the refusal.
            row("POST /tasks/{taskId}/claim", "/tasks/" + NONE + "/claim", "",               302, 302, 403, 302, 403, 403),
            row("POST /tasks/{taskId}/unclaim", "/tasks/" + NONE + "/unclaim", "",           302, 302, 403, 302, 403, 403),
            row("GET /audit", "/audit", null,                                                302, 302, 403, 403, 200, 200),
            row("GET /audit/requests/{id}", "/audit/requests/{id}", null,                    302, 302, 403, 403, 200, 200),
            row("GET /audit/requests/{id}/evidence", "/audit/requests/{id}/evidence", null,  302, 302, 403, 403, 200, 200),
            row("POST /audit/verify", "/audit/verify", "",                                   302, 302, 403, 403, 302, 302),
            row("GET /audit/export", "/audit/export?format=json&requestId={id}", null,       302, 302, 403, 403, 200, 200),
            row("GET /admin", "/admin", null,                                                302, 302, 403, 403, 403, 200),
            // An empty form: the admin gets it back with field errors (422), no token is created.
            row("POST /admin/agent-tokens", "/admin/agent-tokens", "",                       302, 302, 403, 403, 403, 422),
            row("POST /admin/agent-tokens/{id}/revoke", "/admin/agent-tokens/" + NONE + "/revoke", "",
                                                                                              302, 302, 403, 403, 403, 302),
            // Empty forms: the admin is sent back to the page with the service's refusal, nothing is linked.
            row("POST /admin/sso-identities", "/admin/sso-identities", "",                   302, 302, 403, 403, 403, 302),
            row("POST /admin/sso-identities/unlink", "/admin/sso-identities/unlink", "",     302, 302, 403, 403, 403, 302),
            row("POST /admin/signing-keys/rotate", "/admin/signing-keys/rotate", "",         302, 302, 403, 403, 403, 302),
            row("POST /admin/stalled-requests/{requestId}/retry", "/admin/stalled-requests/" + NONE + "/retry", "",
                                                                                              302, 302, 403, 403, 403, 302),
            row("POST /admin/stalled-requests/{requestId}/close", "/admin/stalled-requests/" + NONE + "/close",
                    "reason=x",                                                              302, 302, 403, 403, 403, 302),
            row("POST /admin/signing-keys/{kid}/retire", "/admin/signing-keys/" + NONE + "/retire", "",
                                                                                              302, 302, 403, 403, 403, 302),
            // The freeze calendar on the admin page (issue 14): an empty form and an unknown window come back to
            // the page with the service's refusal.
            row("POST /admin/freeze-windows", "/admin/freeze-windows", "",                   302, 302, 403, 403, 403, 302),
            row("POST /admin/freeze-windows/{id}/delete", "/admin/freeze-windows/" + NONE + "/delete", "",
                                                                                              302, 302, 403, 403, 403, 302),
            // Notifications (issue 13): Slack's requests are authenticated by their signature alone, whoever calls.
            row("POST /integrations/slack/interactions", "/integrations/slack/interactions", "",
                                                                                              401, 401, 401, 401, 401, 401));

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlers;

    @Test
    void everyEndpointHasARow() {
        Set<String> endpoints = new TreeSet<>();
        handlers.getHandlerMethods().forEach((info, method) -> {
            String owner = method.getBeanType().getPackageName();
            // Everything of ours (the error page included) and springdoc's needs a row.
            if (owner.startsWith("io.countersign") || owner.startsWith("org.springdoc")) {
                for (String pattern : info.getPatternValues()) {
                    info.getMethodsCondition().getMethods().forEach(m -> endpoints.add(m.name() + " " + pattern));
                    if (info.getMethodsCondition().getMethods().isEmpty()) {
                        endpoints.add("GET " + pattern);
                    }
                }
            }
        });

        assertThat(TABLE.keySet())
                .as("every endpoint needs a row in the authorization matrix, and every row an endpoint")
                .containsExactlyInAnyOrderElementsOf(endpoints);
    }

    @Test
    void everyCallerGetsTheExpectedStatusFromEveryEndpoint() {
        Api agent = asAgent("kiro-7", "alice");
        String id = agent.post("/api/v1/change-requests", productionRestart("alice")).text("id");
        Map<String, Api> callers = new LinkedHashMap<>();
        callers.put("anonymous", api());
        callers.put("agent", agent);
        callers.put("engineer", as("alice"));
        callers.put("approver", as("bob"));
        callers.put("auditor", as("erin"));
        callers.put("admin", as("admin"));
        Map<String, WebSession> browsers = new LinkedHashMap<>();
        browsers.put("anonymous", WebSession.anonymous(port));
        browsers.put("agent", WebSession.anonymous(port, agent.authorization()));
        browsers.put("engineer", WebSession.signedIn(port, "alice"));
        browsers.put("approver", WebSession.signedIn(port, "bob"));
        browsers.put("auditor", WebSession.signedIn(port, "erin"));
        browsers.put("admin", WebSession.signedIn(port, "admin"));

        List<String> wrong = new ArrayList<>();
        TABLE.forEach((endpoint, row) -> {
            String path = row.path().replace("{id}", id);
            for (int i = 0; i < CALLERS.size(); i++) {
                String who = CALLERS.get(i);
                int status = path.startsWith("/api/")
                        ? callers.get(who).send(row.method(), path, row.body()).status()
                        : browsers.get(who).send(row.method(), path, row.body()).status();
                if (status != row.expected().get(i)) {
                    wrong.add(endpoint + " as " + CALLERS.get(i) + ": expected " + row.expected().get(i) + ", got " + status);
                }
            }
        });

        assertThat(wrong).isEmpty();
    }

    private static Map.Entry<String, Row> row(String endpoint, String path, String body, int anonymous, int agent,
                                              int engineer, int approver, int auditor, int admin) {
        return Map.entry(endpoint, new Row(endpoint.substring(0, endpoint.indexOf(' ')), path, body, anonymous, agent,
                engineer, approver, auditor, admin));
    }

    @SafeVarargs
    private static Map<String, Row> table(Map.Entry<String, Row>... rows) {
        Map<String, Row> table = new LinkedHashMap<>();
        for (Map.Entry<String, Row> row : rows) {
            if (table.put(row.getKey(), row.getValue()) != null) {
                throw new IllegalArgumentException("two rows for " + row.getKey());
            }
        }
        return table;
    }
}
