package io.countersign.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web door as a browser uses it, without a browser: a session cookie and the CSRF token the pages carry. Redirects
 * are not followed, so a test sees the 302 to the login page.
 */
public final class WebSession {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern SESSION = Pattern.compile("JSESSIONID=([^;]+)");

    private final String baseUrl;
    private final String authorization;
    private String sessionId;
    private String csrf;

    private WebSession(String baseUrl, String authorization) {
        this.baseUrl = baseUrl;
        this.authorization = authorization;
    }

    /** A visitor who has opened the login page and so holds a session and a CSRF token, but is not signed in. */
    public static WebSession anonymous(int port) {
        return anonymous(port, null);
    }

    /** An anonymous session that also sends this {@code Authorization} header, as a confused agent might. */
    public static WebSession anonymous(int port, String authorization) {
        WebSession session = new WebSession("http://localhost:" + port, authorization);
        session.refreshCsrf();
        return session;
    }

    /** Signed in through the login form as a demo user (password {@code demo}). */
    public static WebSession signedIn(int port, String user) {
        WebSession session = anonymous(port);
        Api.Response login = session.post("/login", "username=" + user + "&password=demo");
        if (login.status() != 302 || login.header("Location").contains("error")) {
            throw new AssertionError("sign-in as " + user + " failed: " + login.status() + " " + login.header("Location"));
        }
        // Signing in issues a new CSRF token as well as a new session id.
        session.refreshCsrf();
        return session;
    }

    /** The same session (cookie and CSRF token) sent to another instance, as a load balancer would. */
    public WebSession at(int port) {
        WebSession other = new WebSession("http://localhost:" + port, authorization);
        other.sessionId = sessionId;
        other.csrf = csrf;
        return other;
    }

    public Api.Response get(String path) {
        return send("GET", path, null);
    }

    /** A form POST carrying the session's CSRF token. */
    public Api.Response post(String path, String form) {
        return send("POST", path, form);
    }

    public Api.Response send(String method, String path, String form) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        if (sessionId != null) {
            request.header("Cookie", "JSESSIONID=" + sessionId);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (form == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            String body = (form.isEmpty() ? "" : form + "&") + "_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8);
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            response.headers().allValues("Set-Cookie").forEach(cookie -> {
                Matcher session = SESSION.matcher(cookie);
                if (session.find()) {
                    sessionId = session.group(1);
                }
            });
            return new Api.Response(response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(""), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void refreshCsrf() {
        Api.Response page = get("/login");
        Matcher token = CSRF.matcher(page.body());
        if (!token.find()) {
            throw new AssertionError("the login page carries no CSRF token: " + page.status());
        }
        csrf = token.group(1);
    }
}
