package io.countersign.web;

import static io.countersign.support.Plans.productionRestart;
import static io.countersign.support.Plans.recreateProductionEnvironment;
import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.support.AppTest;
import io.countersign.support.Browser;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The web task list in a real browser against the whole application: people sign in, find plans, and decide them,
 * and the pages offer no decision the server would refuse.
 */
class TaskListBrowserTest extends AppTest {

    private static final By APPROVE = By.cssSelector("button[name=decision][value=APPROVE]");
    private static final By ANY_DECISION = By.cssSelector("button[name=decision]");
    private static final By NOTICE = By.cssSelector(".flash-notice");
    private static final By ACTIVE_STEP = By.cssSelector(".cs-active[data-element-id]");

    @Test
    void bobFindsAMediumPlanInHisInboxAndApprovesIt() {
        String title = "Restart the cost-explorer API " + shortId();
        String id = submit("alice", productionRestart("alice"), title);

        try (Browser bob = Browser.open(port, "bob")) {
            bob.go("/login");
            String anonymousSession = bob.sessionId();
            bob.screenshot("medium", "login");
            bob.signIn("bob");
            assertThat(bob.sessionId()).as("a new session id at sign-in").isNotEqualTo(anonymousSession);

            WebElement row = bob.find(rowOf(title));
            assertThat(row.findElement(By.cssSelector(".badge")).getText()).isEqualTo("MEDIUM");
            bob.screenshot("medium", "inbox");

            row.findElement(By.linkText(title)).click();
            bob.find(APPROVE);
            WebElement step = bob.waitFor(ExpectedConditions.presenceOfElementLocated(ACTIVE_STEP));
            assertThat(step.getDomAttribute("data-element-id")).isEqualTo("message_catch_event_decision");
            bob.waitFor(ExpectedConditions.textToBe(By.id("diagram-current"), "Waiting for: Decision received."));
            assertThat(bob.consoleProblems()).as("no CSP violation or script error").isEmpty();
            bob.screenshot("medium", "request");

            bob.find(APPROVE).click();
            assertThat(bob.find(NOTICE).getText())
                    .isEqualTo("Approved by bob (cost-explorer-approvers): the approval is complete.");
            bob.screenshot("medium", "approved");
        }
        awaitStatus("alice", id, "APPROVED");
    }

    @Test
    void criticalPlanIsApprovedByBobAndDaveInTwoSeparateSessions() {
        String title = "Recreate cost-explorer in cn-north-1 " + shortId();
        String id = submit("alice", recreateProductionEnvironment("alice"), title);

        try (Browser bob = Browser.open(port, "bob"); Browser dave = Browser.open(port, "dave")) {
            bob.signIn("bob").go("/requests/" + id);
            bob.find(APPROVE).click();
            assertThat(bob.find(By.id("comment-error")).getText())
                    .isEqualTo("A comment is required to approve this plan.");
            bob.screenshot("critical", "comment-required");
            bob.find(By.id("comment")).sendKeys("Snapshot snap-2025-12-01 verified");
            bob.find(APPROVE).click();
            assertThat(bob.find(NOTICE).getText()).isEqualTo("Your approval is recorded; the plan still needs 1 from sre.");
            assertThat(bob.all(ANY_DECISION)).as("bob has decided; nothing more is offered to him").isEmpty();
            bob.screenshot("critical", "first-approval");

            dave.signIn("dave");
            dave.find(rowOf(title)).findElement(By.linkText(title)).click();
            dave.find(By.id("comment")).sendKeys("SRE: blast radius is one region, rollback tested");
            dave.find(APPROVE).click();
            assertThat(dave.find(NOTICE).getText())
                    .isEqualTo("Approved by bob (cost-explorer-approvers) and dave (sre): the approval is complete.");
            dave.screenshot("critical", "second-approval");

            awaitStatus("alice", id, "APPROVED");
            bob.driver().navigate().refresh();
            assertThat(bob.find(By.cssSelector(".request-head .status")).getText()).isEqualTo("Approved");
            assertThat(bob.find(By.cssSelector(".approval-count strong")).getText()).isEqualTo("2 of 2");
            bob.screenshot("critical", "approved");
        }
    }

    /**
     * The two-person state as the issue saw it go wrong: after one and after two owning-team approvals the page, the
     * inbox and the API say that SRE is still missing, and the owner's page refreshes by itself when SRE approves.
     */
    @Test
    void aCriticalPlanSaysItStillNeedsSreAfterOneAndTwoOwnerApprovalsAndTheInboxSaysWhoItWaitsOn() {
        String title = "Recreate cost-explorer, two-person " + shortId();
        String id = submit("alice", recreateProductionEnvironment("alice"), title);
        By stillNeeded = By.id("still-needed");

        try (Browser bob = Browser.open(port, "bob"); Browser carol = Browser.open(port, "carol")) {
            bob.signIn("bob");
            WebElement mine = bob.find(By.cssSelector("#needs-you")).findElement(rowOf(title));
            assertThat(mine.findElement(By.cssSelector(".inbox-ops .op")).getText()).isEqualTo("RECREATE");
            assertThat(mine.findElements(By.cssSelector(".inbox-ops .flag-destructive"))).hasSize(1);
            assertThat(mine.findElement(By.cssSelector(".inbox-expiry")).getText()).startsWith("expires in ");
            mine.findElement(By.cssSelector("button[id^=claim-]")).click();
            assertThat(bob.find(NOTICE).getText()).startsWith("Claimed.");
            bob.screenshot("two-person", "inbox-claimed");

            bob.go("/requests/" + id);
            seeText(bob, By.id("requirement"), "2 people: 1 from cost-explorer-approvers, 1 from sre");
            seeText(bob, By.id("claimed-by"), "Claimed by bob.");
            seeText(bob, stillNeeded, "Still needs 1 from cost-explorer-approvers and 1 from sre.");
            assertThat(bob.find(APPROVE).getText()).isEqualTo("Approve RECREATE cost-explorer-cn-north-1 in cn-north-1");
            bob.find(By.id("comment")).sendKeys("Snapshot verified");
            bob.find(APPROVE).click();
            assertThat(bob.find(NOTICE).getText()).isEqualTo("Your approval is recorded; the plan still needs 1 from sre.");
            seeText(bob, By.cssSelector(".approval-count strong"), "1 of 2");
            seeText(bob, stillNeeded, "Still needs 1 from sre.");
            bob.screenshot("two-person", "one-owner");

            carol.signIn("carol");
            WebElement waiting = carol.find(By.cssSelector("#waiting-on-others")).findElement(rowOf(title));
            assertThat(waiting.findElement(By.cssSelector(".still-needed")).getText()).isEqualTo("needs 1 from sre");
            assertThat(waiting.findElement(By.cssSelector(".why-not-you")).getText()).startsWith("Not your group's turn");
            assertThat(waiting.findElements(By.cssSelector("button"))).as("no Claim on what waits on others").isEmpty();
            carol.screenshot("two-person", "inbox-waiting");

            carol.go("/requests/" + id);
            assertThat(carol.all(APPROVE)).as("an approval from a covered group is not offered").isEmpty();
            seeText(carol, By.id("no-decision"), "Not your group's turn: your groups are already represented; it "
                    + "still needs 1 from sre, and an approval from your groups would not count.");
            // The second owner approves anyway, by posting the form's request: refused, and still 1 of 2.
            assertThat(forgeApproval(carol, id, true).get("status")).isEqualTo(409L);
            carol.driver().navigate().refresh();
            seeText(carol, By.cssSelector(".approval-count strong"), "1 of 2");
            seeText(carol, stillNeeded, "Still needs 1 from sre.");
            carol.screenshot("two-person", "second-owner-refused");

            var api = as("alice").get("/api/v1/change-requests/" + id).json();
            assertThat(api.path("requirement").asText()).isEqualTo("2 people: 1 from cost-explorer-approvers, 1 from sre");
            assertThat(api.path("stillNeeded").asText()).isEqualTo("needs 1 from sre");

            assertThat(decide("dave", taskOf("dave", id), "APPROVE", "SRE: one region, rollback tested").status())
                    .isEqualTo(200);
            bob.waitFor(ExpectedConditions.textToBe(By.id("request-status"), "Approved"));
            seeText(bob, By.cssSelector(".approval-count strong"), "2 of 2");
            assertThat(bob.all(stillNeeded)).isEmpty();
            seeText(bob, By.id("no-decision"), "Approved: nothing more to decide. The plan waits for its executor to run it.");
            bob.screenshot("two-person", "live-approved");
            carol.waitFor(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("form.decision-form")));
            seeText(carol, By.id("request-status"), "Approved");
        }
        var audit = as("erin").get("/api/v1/audit/events?requestId=" + id + "&type=CLAIMED").json();
        assertThat(audit.path("items").findValuesAsText("actor")).containsExactly("bob");
    }

    @Test
    void aliceSubmitsThroughTheFormAndCannotApproveHerOwnPlanEvenByForgingThePost() {
        String title = "Restart the billing export " + shortId();
        String id;
        try (Browser alice = Browser.open(port, "alice")) {
            alice.signIn("alice").go("/requests/new");
            fillPlanForm(alice.driver(), title);
            alice.find(By.cssSelector("button.btn-primary[type=submit]")).click();
            assertThat(alice.find(By.id("f-actions-0-resource-error")).getText()).isEqualTo("Enter the resource.");
            alice.screenshot("own-plan", "form-problem");

            alice.find(By.id("f-actions-0-resource")).sendKeys("billing-export");
            alice.find(By.cssSelector("button.btn-primary[type=submit]")).click();
            alice.waitFor(ExpectedConditions.urlMatches("/requests/[0-9a-f-]{36}$"));
            id = alice.driver().getCurrentUrl().replaceAll(".*/requests/", "");
            assertThat(alice.find(By.cssSelector("h1")).getText()).isEqualTo(title);
            assertThat(alice.all(ANY_DECISION)).isEmpty();
            assertThat(alice.find(By.cssSelector(".no-decision")).getText())
                    .isEqualTo("You requested this plan, so another approver must decide it.");
            alice.screenshot("own-plan", "request");

            // alice is no approver, so the role check refuses her before segregation of duties is even asked.
            assertThat(forgeApproval(alice, id, true).get("status")).isEqualTo(403L);
            assertThat(forgeApproval(alice, id, false).get("status")).as("no CSRF token, no decision").isEqualTo(403L);

            alice.go("/my-requests");
            WebElement row = alice.find(rowOf(title));
            assertThat(row.findElement(By.cssSelector(".status")).getText()).isEqualTo("Pending approval");
            assertThat(row.findElement(By.cssSelector(".badge")).getText()).isEqualTo("MEDIUM");
            alice.screenshot("own-plan", "my-requests");
        }
        var request = as("alice").get("/api/v1/change-requests/" + id).json();
        assertThat(request.path("status").asText()).isEqualTo("PENDING_APPROVAL");
        assertThat(request.path("approvals")).isEmpty();
    }

    @Test
    void anAuditorSeesThePlanButNoDecisionControls() {
        String title = "Restart the reporting API " + shortId();
        String id = submit("alice", productionRestart("alice"), title);

        try (Browser erin = Browser.open(port, "erin")) {
            erin.signIn("erin").go("/requests/" + id);
            assertThat(erin.find(By.cssSelector("h1")).getText()).isEqualTo(title);
            assertThat(erin.all(By.cssSelector("form.decision-form"))).isEmpty();
            assertThat(erin.all(ANY_DECISION)).isEmpty();
            assertThat(erin.all(By.cssSelector("a[href='/requests/new']"))).as("auditors do not submit").isEmpty();
            erin.screenshot("auditor", "request");
        }
    }

    /** The decision card refreshes itself, so its elements are found afresh until they say what is expected. */
    private static void seeText(Browser browser, By by, String expected) {
        browser.waitFor(ExpectedConditions.textToBe(by, expected));
    }

    /** POSTs an approval from inside the signed-in page, as a script or a crafted link on our origin could. */
    private static Map<?, ?> forgeApproval(Browser browser, String id, boolean withCsrfToken) {
        return (Map<?, ?>) browser.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const body = new URLSearchParams({decision: 'APPROVE', comment: 'looks fine to me'});
                if (arguments[1]) {
                  body.set('_csrf', document.querySelector('input[name=_csrf]').value);
                }
                fetch('/requests/' + arguments[0] + '/decision', {method: 'POST', body: body, redirect: 'manual'})
                  .then(r => r.text().then(t => done({status: r.status, body: t})));
                """, id, withCsrfToken);
    }

    private static void fillPlanForm(WebDriver page, String title) {
        page.findElement(By.id("f-title")).sendKeys(title);
        page.findElement(By.id("f-justification")).sendKeys("Export workers leak memory after the 2.3 upgrade");
        new Select(page.findElement(By.id("f-service"))).selectByValue("cost-explorer");
        new Select(page.findElement(By.id("f-environment"))).selectByValue("production");
        new Select(page.findElement(By.id("f-actions-0-operation"))).selectByValue("RESTART");
        page.findElement(By.id("f-actions-0-resourceType")).sendKeys("deployment");
        new Select(page.findElement(By.id("f-actions-0-scope"))).selectByValue("RESOURCE");
        page.findElement(By.id("f-actions-0-regions")).sendKeys("eu-west-1");
        page.findElement(By.id("f-actions-0-command")).sendKeys("kubectl rollout restart deploy/billing-export");
        page.findElement(By.id("f-actions-0-rollbackPlan")).sendKeys("none needed: a restart keeps the image");
    }

    private String submit(String user, Map<String, Object> plan, String title) {
        plan.put("title", title);
        var response = as(user).post("/api/v1/change-requests", plan);
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.text("status")).isIn("SUBMITTED", "CLASSIFIED", "PENDING_APPROVAL");
        // The answer waits 5 s for the tier; the first plan after start-up on a loaded machine can take longer.
        awaitStatus("alice", response.text("id"), "PENDING_APPROVAL");
        return response.text("id");
    }

    private static By rowOf(String title) {
        return By.xpath("//tr[.//a[normalize-space()='" + title + "']]");
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
