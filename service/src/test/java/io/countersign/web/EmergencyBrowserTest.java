package io.countersign.web;

import static io.countersign.support.Plans.recreateProductionEnvironment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.security.Roles;
import io.countersign.security.UserDirectory;
import io.countersign.support.Api.Response;
import io.countersign.support.AppTest;
import io.countersign.support.Browser;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Issue 14 in a real browser against the whole application: dave breaks glass from the request page, two others
 * review it from theirs, and an admin adds a recurring freeze on the admin page and deletes it again.
 */
class EmergencyBrowserTest extends AppTest {

    private static final String FRANK = "frank";

    @Autowired
    UserDirectory users;

    @Autowired
    PasswordEncoder passwords;

    @BeforeEach
    void secondSre() {
        users.addIfAbsent(FRANK, passwords.encode("demo"), "Frank (SRE)", List.of(Roles.ENGINEER, Roles.APPROVER),
                List.of("sre"));
    }

    @Test
    void daveBreaksGlassOnTheRequestPageAndSeesTheBanner() {
        String id = pendingCriticalPlan();

        try (Browser dave = Browser.open(port, "dave")) {
            dave.signIn("dave");
            dave.go("/requests/" + id);
            assertThat(dave.all(By.id("break-glass-banner"))).isEmpty();
            dave.find(By.id("break-glass-reason")).sendKeys("Checkout is down; the fix cannot wait");
            dave.find(By.id("break-glass-incident")).sendKeys("INC-4711");
            dave.find(By.id("break-glass-confirm")).click();
            dave.find(By.id("break-glass-submit")).click();

            dave.waitFor(ExpectedConditions.presenceOfElementLocated(By.id("break-glass-banner")));
            assertThat(dave.find(By.id("break-glass-banner")).getText()).contains("dave", "INC-4711", "PENDING");
            assertThat(dave.all(By.id("break-glass"))).as("glass is broken once").isEmpty();
            assertThat(dave.consoleProblems()).isEmpty();
            dave.screenshot("emergency", "broken");
        }
        assertThat(awaitDecision("alice", id).path("status").asText()).isEqualTo("APPROVED");
        review(id, "bob", "ACCEPTED");
        review(id, FRANK, "ACCEPTED");
    }

    @Test
    void bobAndFrankReviewTheBreakGlassOnTheRequestPageAndTheBannerShowsTheOutcome() {
        String id = pendingCriticalPlan();
        Response broken = as("dave").post("/api/v1/change-requests/" + id + "/break-glass",
                Map.of("reason", "Checkout is down", "incidentRef", "INC-4712"));
        assertThat(broken.status()).as(broken.body()).isEqualTo(200);

        reviewOnThePage("bob", id, "review-accepted", "Checked the incident timeline");
        try (Browser frank = Browser.open(port, FRANK)) {
            frank.signIn(FRANK);
            frank.go("/requests/" + id);
            frank.find(By.id("review-comment")).sendKeys("The rollback was not tested first");
            frank.find(By.id("review-flagged")).click();
            frank.find(By.id("break-glass-review-submit")).click();
            frank.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("break-glass-banner"),
                    "FLAGGED"));
            assertThat(frank.all(By.cssSelector(".break-glass-review")).stream().map(e -> e.getText()).toList())
                    .anySatisfy(row -> assertThat(row).contains("bob", "ACCEPTED"))
                    .anySatisfy(row -> assertThat(row).contains(FRANK, "FLAGGED"));
            assertThat(frank.all(By.id("break-glass-review"))).as("nothing left to review").isEmpty();
            frank.screenshot("emergency", "reviewed");
        }
        JsonNode glass = as("erin").get("/api/v1/change-requests/" + id + "/break-glass").json();
        assertThat(glass.path("reviewOutcome").asText()).isEqualTo("FLAGGED");
    }

    @Test
    void anAdminAddsARecurringFreezeOnTheAdminPageAndDeletesIt() {
        String name = "weekend-" + UUID.randomUUID().toString().substring(0, 8);

        try (Browser admin = Browser.open(port, "admin")) {
            admin.signIn("admin");
            admin.go("/admin");
            admin.find(By.id("f-name")).sendKeys(name);
            admin.find(By.id("f-reason")).sendKeys("No changes over the weekend");
            admin.find(By.id("f-kind-recurring")).click();
            admin.find(By.id("f-rrule")).sendKeys("FREQ=WEEKLY;BYDAY=FR");
            admin.find(By.id("f-firstStart")).sendKeys("2026-12-04T16:00");
            admin.find(By.id("f-duration")).sendKeys("64 hours");
            admin.find(By.id("f-timeZone")).clear();
            admin.find(By.id("f-timeZone")).sendKeys("Europe/Berlin");
            admin.find(By.id("f-regions")).sendKeys("weekend-region-" + name);
            admin.find(By.id("create-freeze-window")).click();

            admin.waitFor(ExpectedConditions.presenceOfElementLocated(By.id("freeze-problem")));
            assertThat(admin.find(By.id("freeze-problem")).getText()).startsWith("duration:");
            assertThat(admin.find(By.id("f-duration")).getDomAttribute("aria-invalid")).isEqualTo("true");
            assertThat(admin.find(By.id("f-name")).getAttribute("value")).isEqualTo(name);
            admin.screenshot("emergency", "freeze-refused");
            admin.find(By.id("f-duration")).clear();
            admin.find(By.id("f-duration")).sendKeys("PT64H");
            admin.find(By.id("create-freeze-window")).click();

            By row = By.cssSelector("tr.freeze-window[data-name='" + name + "']");
            admin.waitFor(ExpectedConditions.presenceOfElementLocated(row));
            assertThat(admin.find(row).getText()).contains("FREQ=WEEKLY;BYDAY=FR", "PT64H", "Europe/Berlin",
                    "production");
            admin.screenshot("emergency", "freeze-added");
            admin.find(By.id("delete-freeze-" + name)).click();
            admin.find(By.id("confirm-delete-freeze-" + name)).click();

            admin.waitFor(ExpectedConditions.invisibilityOfElementLocated(row));
            assertThat(admin.all(row)).isEmpty();
            assertThat(admin.find(By.cssSelector(".flash-notice")).getText()).contains("Deleted", name);
        }
        assertThat(as("alice").get("/api/v1/freeze-windows").body()).doesNotContain(name);
        assertThat(as("erin").get("/api/v1/audit/events?limit=500").body()).contains(name);
    }

    private String pendingCriticalPlan() {
        String id = submit("alice", recreateProductionEnvironment("alice")).path("id").asText();
        taskOf("bob", id);
        return id;
    }

    private void reviewOnThePage(String user, String id, String outcome, String comment) {
        try (Browser reviewer = Browser.open(port, user)) {
            reviewer.signIn(user);
            reviewer.go("/requests/" + id);
            reviewer.find(By.id(outcome)).click();
            reviewer.find(By.id("review-comment")).sendKeys(comment);
            reviewer.find(By.id("break-glass-review-submit")).click();
            reviewer.waitFor(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".break-glass-review")));
            assertThat(reviewer.find(By.id("break-glass-reviews")).getText()).contains(user, comment);
            assertThat(reviewer.all(By.id("break-glass-review"))).as("one review each").isEmpty();
        }
    }

    private void review(String id, String reviewer, String outcome) {
        Response answer = as(reviewer).post("/api/v1/change-requests/" + id + "/break-glass/reviews",
                Map.of("outcome", outcome, "comment", "Checked the incident timeline"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }
}
