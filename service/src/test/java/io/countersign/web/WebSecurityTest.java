package io.countersign.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.support.AppTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The web door's protections, seen from outside: sign-in first, CSRF on, and headers that lock the page down. */
class WebSecurityTest extends AppTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aPageSendsTheBrowserToSignInFirst() throws Exception {
        HttpResponse<String> inbox = http.send(HttpRequest.newBuilder(url("/")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(inbox.statusCode()).isEqualTo(302);
        assertThat(inbox.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }

    @Test
    void theLoginPageLocksScriptsToOurOriginAndRefusesFraming() throws Exception {
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(url("/login")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("script-src 'self';").contains("style-src 'self';").contains("frame-ancestors 'none'")
                .doesNotContain("unsafe"));
        assertThat(login.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(login.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(login.headers().firstValue("Set-Cookie")).hasValueSatisfying(cookie -> assertThat(cookie)
                .contains("HttpOnly").contains("SameSite=Lax").doesNotContain("jsessionid="));
        assertThat(login.body()).contains("name=\"_csrf\"").doesNotContain("Sign in with");
    }

    @Test
    void signingInWithoutTheCsrfTokenIsRefused() throws Exception {
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(url("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=bob&password=demo")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(login.statusCode()).isEqualTo(403);
    }

    @Test
    void theApiStillTakesBasicAuthWithoutCsrfOrSession() {
        var tasks = as("bob").get("/api/v1/tasks");

        assertThat(tasks.status()).isEqualTo(200);
        assertThat(tasks.contentType()).startsWith("application/json");
    }

    private URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
