package io.countersign.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.support.AppTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What comes back for addresses nobody should send: the API answers every one with an RFC 9457 problem detail
 * (whatever the client accepts), a page address with the HTML error page. Sent over a raw socket, byte for byte, so
 * no client library tidies the address first.
 */
class ErrorAnswersTest extends AppTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALICE = "Basic " + Base64.getEncoder()
            .encodeToString("alice:demo".getBytes(StandardCharsets.UTF_8));

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/no-such-endpoint", "/api/v1/change-requests/CR-none", "/api/v1/change-requests/a%00b",
            "/api/v1/change-requests/a%2Fb", "/api/v1/change-requests/a%0Ab", "/api/v1/change-requests/a%0Db",
            "/api/v1/change-requests/..%2Fadmin", "/api/v1/change-requests/%2e%2e/x", "/api/v1/../v1/tasks/x/..",
            "/api/v1/change-requests/a%5Cb", "/api/v1/change-requests/a%25b", "/api/v1/change-requests;x=y",
            "/api/v1//change-requests", "/api/v1/change-requests/%ff"})
    void theApiAnswersAnOddAddressWithAProblemDetail(String path) {
        for (String accept : new String[] {"*/*", "text/html", "application/json"}) {
            Answer answer = send("GET", path, accept);

            assertThat(answer.status()).as(path + " with Accept " + accept).isBetween(400, 499);
            assertThat(answer.contentType()).as(path + " with Accept " + accept)
                    .startsWith("application/problem+json");
            JsonNode problem = answer.json();
            assertThat(problem.path("status").asInt()).as(path).isEqualTo(answer.status());
            assertThat(problem.path("title").asText()).as(path).isNotBlank();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/requests/a%00b", "/requests/a%2Fb", "/requests/a%0Ab", "/requests/a;x=y",
            "/requests/%2e%2e/admin", "/a%5Cb"})
    void aPageAddressTheFirewallRefusesGetsTheHtmlErrorPage(String path) {
        Answer answer = send("GET", path, "*/*");

        assertThat(answer.status()).as(path).isEqualTo(400);
        assertThat(answer.contentType()).as(path).startsWith("text/html");
        assertThat(answer.body()).as(path).contains("class=\"site-header\"", "error-page__code");
    }

    private Answer send(String method, String path, String accept) {
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.0\r\nHost: localhost:" + port + "\r\nAccept: " + accept
                    + "\r\nAuthorization: " + ALICE + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return Answer.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Answer(int status, String contentType, String body) {

        static Answer parse(String raw) {
            int end = raw.indexOf("\r\n\r\n");
            String head = end < 0 ? raw : raw.substring(0, end);
            String body = end < 0 ? "" : raw.substring(end + 4);
            int status = Integer.parseInt(head.substring(9, 12));
            String type = head.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-type:"))
                    .map(l -> l.substring("content-type:".length()).trim()).findFirst().orElse("");
            return new Answer(status, type, body);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }
}
