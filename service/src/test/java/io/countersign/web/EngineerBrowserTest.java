package io.countersign.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.support.AppTest;
import io.countersign.support.Browser;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** An engineer in a real browser: asks the policy first, submits, then thinks better of it and withdraws. */
class EngineerBrowserTest extends AppTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aliceChecksThePolicySubmitsAndWithdrawsFromTheRequestPage() {
        String title = "Restart billing export " + UUID.randomUUID().toString().substring(0, 8);
        try (Browser alice = Browser.open(port, "alice")) {
            alice.signIn("alice").go("/requests/new");
            fill(alice, title);
            long before = requests();

            alice.find(By.cssSelector("button[name=checkPolicy]")).click();

            assertThat(alice.find(By.cssSelector("#policy-preview .badge")).getText()).isEqualTo("MEDIUM");
            assertThat(alice.find(By.cssSelector("#policy-preview .preview-requirement")).getText())
                    .isEqualTo("1 person from cost-explorer-approvers, not alice.");
            assertThat(alice.find(By.cssSelector("#policy-preview .preview-rule")).getText()).isNotBlank();
            assertThat(requests()).as("the dry run stores nothing").isEqualTo(before);
            assertThat(alice.find(By.id("f-title")).getAttribute("value")).as("the form is kept").isEqualTo(title);
            alice.screenshot("engineer", "policy-preview");

            alice.find(By.cssSelector("button.btn-primary[type=submit]")).click();
            alice.waitFor(ExpectedConditions.urlMatches("/requests/[0-9a-f-]{36}$"));
            assertThat(alice.find(By.cssSelector("h1")).getText()).isEqualTo(title);
            assertThat(alice.find(By.id("revise-plan")).getText()).isEqualTo("Revise the plan");
            alice.screenshot("engineer", "request");

            alice.find(By.id("withdraw-reason")).sendKeys("The leak is fixed by the 2.3.1 image");
            alice.find(By.id("withdraw-plan")).click();

            assertThat(alice.find(By.cssSelector(".flash-notice")).getText()).startsWith("Withdrawn.");
            assertThat(alice.find(By.cssSelector(".request-head .status")).getText()).isEqualTo("Withdrawn");
            assertThat(alice.all(By.id("withdraw-plan"))).as("nothing left to withdraw").isEmpty();
            alice.screenshot("engineer", "withdrawn");
            assertThat(alice.consoleProblems()).isEmpty();
        }
    }

    private static void fill(Browser page, String title) {
        page.find(By.id("f-title")).sendKeys(title);
        page.find(By.id("f-justification")).sendKeys("Export workers leak memory after the 2.3 upgrade");
        new Select(page.find(By.id("f-service"))).selectByValue("cost-explorer");
        new Select(page.find(By.id("f-environment"))).selectByValue("production");
        new Select(page.find(By.id("f-actions-0-operation"))).selectByValue("RESTART");
        page.find(By.id("f-actions-0-resourceType")).sendKeys("deployment");
        page.find(By.id("f-actions-0-resource")).sendKeys("billing-export");
        new Select(page.find(By.id("f-actions-0-scope"))).selectByValue("RESOURCE");
        page.find(By.id("f-actions-0-regions")).sendKeys("eu-west-1");
        page.find(By.id("f-actions-0-command")).sendKeys("kubectl rollout restart deploy/billing-export");
        page.find(By.id("f-actions-0-rollbackPlan")).sendKeys("none needed: a restart keeps the image");
    }

    private long requests() {
        return jdbc.sql("select count(*) from change_request").query(Long.class).single();
    }
}
