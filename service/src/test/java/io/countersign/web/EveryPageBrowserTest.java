package io.countersign.web;

import static io.countersign.support.Plans.recreateProductionEnvironment;
import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.security.Roles;
import io.countersign.security.UserDirectory;
import io.countersign.support.AppTest;
import io.countersign.support.Browser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Every page at a desktop and a phone size, in one browser per size: nothing wider than the screen, no serious or
 * critical accessibility violation (axe-core, vendored, run offline), and a screenshot of each under
 * {@code target/screenshots/}. Also the error pages: with the layout, the navigation and the signed-in person.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EveryPageBrowserTest extends AppTest {

    private static final String AXE = resource("/vendor/axe-core/axe.min.js");
    private static final String UNKNOWN = "CR-does-not-exist";

    private String requestId;
    private String brokenId;

    @Autowired
    UserDirectory users;

    @Autowired
    PasswordEncoder passwords;

    @BeforeAll
    void aCriticalPlanWaitsForApprovalAndDaveBrokeGlassOnAnother() {
        requestId = submit("alice", recreateProductionEnvironment("alice")).path("id").asText();
        taskOf("bob", requestId);
        brokenId = submit("alice", recreateProductionEnvironment("alice")).path("id").asText();
        taskOf("bob", brokenId);
        assertThat(as("dave").post("/api/v1/change-requests/" + brokenId + "/break-glass",
                Map.of("reason", "Checkout is down", "incidentRef", "INC-4711")).status()).isEqualTo(200);
        users.addIfAbsent("frank", passwords.encode("demo"), "Frank (SRE)",
                List.of(Roles.ENGINEER, Roles.APPROVER),
                List.of("sre"));
    }

    /** The break-glass is reviewed, so no overdue review of dave's outlives this class. */
    @AfterAll
    void reviewTheBreakGlass() {
        for (String reviewer : List.of("bob", "frank")) {
            as(reviewer).post("/api/v1/change-requests/" + brokenId + "/break-glass/reviews",
                    Map.of("outcome", "ACCEPTED", "comment", "Checked the incident timeline"));
        }
    }

    @Test
    void everyPageFitsADesktopAndPassesTheAccessibilityScan() {
        everyPage("desktop", 1440, 900);
    }

    @Test
    void everyPageFitsAPhoneWithoutScrollingSidewaysAndPassesTheAccessibilityScan() {
        everyPage("phone", 390, 844);
    }

    private void everyPage(String size, int width, int height) {
        List<String> problems = new ArrayList<>();
        try (Browser browser = Browser.open(port, size)) {
            browser.driver().executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                    "width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 600));
            // Once per session rather than once per page: the browser then defines axe on every page it loads.
            browser.driver().executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", AXE));
            Pages pages = new Pages(browser, size, problems);

            pages.check("login", "/login");

            browser.signIn("alice");
            pages.check("my-requests", "/my-requests");
            pages.check("submit", "/requests/new");
            pages.check("request-as-requester", "/requests/" + requestId);
            pages.check("forbidden", "/admin");
            assertThat(browser.find(By.cssSelector(".required-role")).getText()).isEqualTo("Admin");
            pages.signOut();

            browser.signIn("dave");
            pages.check("request-break-glass-form", "/requests/" + requestId);
            assertThat(browser.all(By.id("break-glass"))).as("dave may break glass on a waiting plan").isNotEmpty();
            pages.check("request-after-break-glass", "/requests/" + brokenId);
            assertThat(browser.all(By.id("break-glass-banner"))).isNotEmpty();
            pages.signOut();

            browser.signIn("bob");
            pages.check("request-break-glass-review", "/requests/" + brokenId);
            assertThat(browser.all(By.id("break-glass-review"))).as("bob may review it").isNotEmpty();
            pages.check("inbox", "/");
            pages.check("request", "/requests/" + requestId);
            browser.waitFor(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#process-diagram .cs-active")));
            assertThat(browser.all(By.cssSelector("#process-diagram .cs-path")))
                    .as("the path taken is drawn").isNotEmpty();
            assertThat(browser.find(By.cssSelector(".lifecycle [aria-current=step]")).getText())
                    .startsWith("Awaiting approval");
            if (width < 600) {
                assertThat(above(browser, ".decision-card", ".diagram-card"))
                        .as("on a phone the decision comes before the diagram").isTrue();
                assertThat(above(browser, ".decision-card", ".timeline-card"))
                        .as("and before the timeline").isTrue();
            }
            pages.signOut();

            browser.signIn("admin");
            pages.check("audit", "/audit");
            pages.check("audit-timeline", "/audit/requests/" + requestId);
            assertThat(browser.find(By.cssSelector(".timeline-table tbody tr .event")).getText()).isEqualTo("Submitted");
            pages.check("admin", "/admin");
            pages.check("unknown-request", "/requests/" + UNKNOWN);
            assertThat(browser.find(By.cssSelector("h1")).getText()).isEqualTo("No change request " + UNKNOWN);
            assertThat(browser.all(By.cssSelector("nav.site-nav a"))).as("the 404 page keeps the navigation")
                    .isNotEmpty();
            assertThat(browser.find(By.cssSelector(".who__name")).getText()).isEqualTo("Admin");
            pages.check("unknown-audit-request", "/audit/requests/" + UNKNOWN);
            assertThat(browser.find(By.cssSelector(".error-page__code")).getText()).isEqualTo("404");
            pages.check("unknown-page", "/no/such/page");
            assertThat(browser.find(By.cssSelector("h1")).getText()).isEqualTo("Page not found");
            pages.check("error", "/error");
            assertThat(browser.find(By.cssSelector("h1")).getText()).isEqualTo("Something went wrong");
            assertThat(browser.all(By.cssSelector("nav.site-nav a"))).isNotEmpty();
        }
        assertThat(problems).as("pages too wide, or with serious accessibility violations").isEmpty();
    }

    /** Visits a page, screenshots it, and notes what is wrong with it rather than stopping at the first page. */
    private record Pages(Browser browser, String size, List<String> problems) {

        void check(String name, String path) {
            browser.go(path);
            browser.waitFor(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
            Number scrollWidth = (Number) script("return document.documentElement.scrollWidth");
            Number innerWidth = (Number) script("return window.innerWidth");
            if (scrollWidth.intValue() > innerWidth.intValue()) {
                problems.add(name + " (" + size + "): " + scrollWidth + " px wide in a " + innerWidth + " px window"
                        + " (widest: " + script(WIDEST) + ")");
            }
            Object violations = browser.driver().executeAsyncScript("""
                    var done = arguments[arguments.length - 1];
                    axe.run(document, {resultTypes: ['violations']}).then(function (r) {
                      done(r.violations.filter(function (v) { return v.impact === 'serious' || v.impact === 'critical'; })
                        .map(function (v) { return v.id + ' ' + v.nodes.map(function (n) { return n.target.join(' '); })
                          .slice(0, 3).join(', '); }));
                    }).catch(function (e) { done(['axe failed: ' + e]); });""");
            ((List<?>) violations).forEach(v -> problems.add(name + " (" + size + "): " + v));
            browser.screenshot("every-page", name);
        }

        void signOut() {
            browser.find(By.cssSelector("form.who__logout button")).click();
            browser.waitFor(ExpectedConditions.urlContains("/login"));
        }

        private Object script(String source) {
            return browser.driver().executeScript(source);
        }
    }

    /** The element that sticks out furthest, so a failure says where to look. */
    private static final String WIDEST = """
            var widest = null, right = 0;
            document.querySelectorAll('body *').forEach(function (e) {
              var r = e.getBoundingClientRect().right;
              if (r > right) { right = r; widest = e; }
            });
            return widest ? widest.tagName.toLowerCase() + (widest.id ? '#' + widest.id : '')
              + (widest.className && widest.className.baseVal === undefined ? '.' + widest.className.split(' ').join('.') : '')
              + ' ' + Math.round(right) + 'px' : 'none';""";

    private static boolean above(Browser browser, String first, String second) {
        return (Boolean) browser.driver().executeScript(
                "return document.querySelector(arguments[0]).getBoundingClientRect().top"
                        + " < document.querySelector(arguments[1]).getBoundingClientRect().top", first, second);
    }

    private static String resource(String path) {
        try (InputStream in = EveryPageBrowserTest.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the test resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
