package io.countersign.web;

import static io.countersign.support.Plans.productionRestart;
import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.support.Api;
import io.countersign.support.AppTest;
import io.countersign.support.Browser;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The auditor's and the admin's pages in a real browser against the whole application. */
class AuditAndAdminBrowserTest extends AppTest {

    @Test
    void erinFiltersTheAuditLogOpensARequestsTimelineAndVerifiesTheChain() {
        String id = submit("Restart the audit-trail API " + shortId());

        try (Browser erin = Browser.open(port, "erin")) {
            erin.signIn("erin");
            assertThat(erin.driver().getCurrentUrl()).as("auditors start on the audit log").endsWith("/audit");

            erin.find(By.id("filter-requestId")).sendKeys(id);
            erin.find(By.id("filter-type")).sendKeys("SUBMITTED");
            erin.find(By.cssSelector(".audit-filters button[type=submit]")).click();
            erin.waitFor(ExpectedConditions.urlContains("requestId=" + id));
            var rows = erin.all(By.cssSelector(".audit-table tbody tr"));
            assertThat(rows).hasSize(1);
            assertThat(rows.getFirst().getText()).contains("SUBMITTED", "alice");
            assertThat(erin.find(By.cssSelector("a.export-csv")).getDomAttribute("href"))
                    .isEqualTo("/audit/export?requestId=" + id + "&type=SUBMITTED&format=csv");
            Map<?, ?> export = fetch(erin, "a.export-csv");
            assertThat(export.get("status")).isEqualTo(200L);
            assertThat((String) export.get("body")).startsWith("seq,id,occurredAt,type").contains(id);
            assertThat(erin.consoleProblems()).as("no CSP violation or script error").isEmpty();
            erin.screenshot("audit", "filtered");

            rows.getFirst().findElement(By.cssSelector("a[href^='/audit/requests/']")).click();
            assertThat(erin.find(By.cssSelector("h1")).getText()).isEqualTo("Timeline of " + id);
            var events = erin.all(By.cssSelector(".timeline-table tbody tr .event")).stream()
                    .map(WebElement::getText).toList();
            assertThat(events).startsWith("Submitted").contains("Classified");
            assertThat(erin.find(By.cssSelector(".timeline-table tbody tr")).getText()).contains("alice", "127.0.0.1");
            erin.screenshot("audit", "timeline");

            erin.go("/audit");
            erin.find(By.id("verify-chain")).click();
            assertThat(erin.find(By.id("chain-status")).getText()).matches("Chain intact, \\d+ entries checked\\.");
            erin.screenshot("audit", "verified");
        }
    }

    @Test
    void erinAnswersWhoApprovedTheDeletionOfAResourceAndWhyWithOneFilter() {
        String resource = "cost-explorer-prod-" + shortId();
        Map<String, Object> deletion = io.countersign.support.Plans.plan("alice", "production",
                io.countersign.support.Plans.action("DELETE", "RESOURCE", false));
        @SuppressWarnings("unchecked")
        var action = (Map<String, Object>) ((java.util.List<Object>) deletion.get("actions")).getFirst();
        action.put("resource", resource);
        action.put("command", "tool delete " + resource);
        deletion.put("title", "Delete the idle " + resource);
        String id = submit("alice", deletion).get("id").asText();
        assertThat(decide("bob", taskOf("bob", id), "APPROVE", "Owners agree: idle for 90 days").status())
                .isEqualTo(200);
        assertThat(decide("dave", taskOf("dave", id), "APPROVE", "Snapshot snap-42 verified before deletion")
                .status()).isEqualTo(200);
        awaitDecision("alice", id);

        try (Browser erin = Browser.open(port, "erin")) {
            erin.signIn("erin");
            erin.find(By.id("filter-resource")).sendKeys(resource);
            erin.find(By.cssSelector(".audit-filters button[type=submit]")).click();
            erin.waitFor(ExpectedConditions.urlContains("resource=" + resource));

            var decisions = erin.all(By.cssSelector(".audit-table tbody tr")).stream().map(WebElement::getText)
                    .filter(row -> row.contains("DECIDED")).toList();
            assertThat(decisions).hasSize(2);
            assertThat(decisions).anySatisfy(row -> assertThat(row).contains("bob", "Owners agree: idle for 90 days",
                    "Delete the idle " + resource));
            assertThat(decisions).anySatisfy(row -> assertThat(row).contains("dave",
                    "Snapshot snap-42 verified before deletion"));
            assertThat(erin.all(By.cssSelector(".audit-table tbody tr a.request-link")))
                    .allSatisfy(link -> assertThat(link.getText()).isEqualTo("Delete the idle " + resource));
            assertThat(erin.consoleProblems()).as("no CSP violation or script error").isEmpty();
            erin.screenshot("audit", "who-approved-the-deletion");
        }
    }

    @Test
    void adminCreatesATokenSeesItOnceTheAgentUsesItAndStopsWorkingOnceRevoked() {
        String agentId = "page-agent-" + shortId();
        String token;
        try (Browser admin = Browser.open(port, "admin")) {
            admin.signIn("admin").go("/admin");
            admin.find(By.id("create-token")).click();
            assertThat(admin.find(By.id("t-agentId-error")).getText()).isEqualTo("Name the agent this token is for.");
            assertThat(admin.find(By.id("t-engineers-error")).getText()).startsWith("Name at least one engineer");
            admin.screenshot("admin", "form-problems");
            assertThat(admin.consoleProblems()).as("only the refused form's own 422")
                    .allSatisfy(problem -> assertThat(problem).contains("status of 422"));

            admin.find(By.id("t-agentId")).sendKeys(agentId);
            admin.find(By.id("t-name")).sendKeys("The page test's agent");
            admin.find(By.id("t-engineers")).sendKeys("alice");
            admin.find(By.id("t-expiresInDays")).clear();
            admin.find(By.id("t-expiresInDays")).sendKeys("7");
            admin.find(By.id("create-token")).click();
            token = admin.find(By.id("issued-token")).getDomProperty("value");
            assertThat(admin.find(By.id("issued-webhook-secret")).getDomProperty("value")).startsWith("cs_whsec_");
            assertThat(token).startsWith("cs_agt_");
            assertThat(admin.find(By.cssSelector(".token-once h2")).getText()).isEqualTo("Copy it now");
            admin.screenshot("admin", "token-once");

            Api agent = api().withAuthorization("Bearer " + token);
            Api.Response submitted = agent.post("/api/v1/change-requests",
                    plan("Restart from a page-made token " + shortId(), agentId));
            assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);

            admin.find(By.id("back-to-admin")).click();
            assertThat(admin.driver().getPageSource()).as("the token is shown once only").doesNotContain(token);
            WebElement row = admin.find(By.xpath("//tr[.//strong[normalize-space()='" + agentId + "']]"));
            assertThat(row.findElement(By.cssSelector(".status")).getText()).isEqualTo("Active");
            row.findElement(By.cssSelector("button[type=submit]")).click();
            assertThat(admin.find(By.cssSelector(".flash-notice")).getText())
                    .isEqualTo("Revoked the token of " + agentId + ". The API refuses it from now on.");
            assertThat(admin.find(By.xpath("//tr[.//strong[normalize-space()='" + agentId + "']]//*[@class='status status-bad']"))
                    .getText()).isEqualTo("Revoked");
            assertThat(admin.consoleProblems()).as("no CSP violation or script error").isEmpty();
            admin.screenshot("admin", "revoked");

            assertThat(agent.post("/api/v1/change-requests", plan("Restart after revocation " + shortId(), agentId))
                    .status()).isEqualTo(401);
        }
    }

    /** Fetches a link from inside the signed-in page, as the browser would when it is clicked. */
    private static Map<?, ?> fetch(Browser browser, String linkSelector) {
        return (Map<?, ?>) browser.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(document.querySelector(arguments[0]).href)
                  .then(r => r.text().then(t => done({status: r.status, body: t})));
                """, linkSelector);
    }

    private String submit(String title) {
        Api.Response response = as("alice").post("/api/v1/change-requests", plan(title, "kiro-7"));
        assertThat(response.status()).isEqualTo(201);
        return response.text("id");
    }

    private static Map<String, Object> plan(String title, String agentId) {
        Map<String, Object> plan = productionRestart("alice");
        plan.put("title", title);
        plan.put("agent", Map.of("id", agentId, "name", "Page test agent"));
        return plan;
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
