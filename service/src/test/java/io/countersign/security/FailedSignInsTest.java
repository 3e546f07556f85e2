package io.countersign.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.support.Api;
import io.countersign.support.AppTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Guessing a password runs into a per-name limit; other people sign in as before. */
class FailedSignInsTest extends AppTest {

    @Test
    void aNameThatFailedTooOftenIsRefusedBeforeItsPasswordIsChecked() {
        String name = "guess-" + UUID.randomUUID().toString().substring(0, 8);
        Api guesser = api().withAuthorization(basic(name, "wrong"));
        for (int i = 0; i < 10; i++) {
            assertThat(guesser.get("/api/v1/tasks").status()).isEqualTo(401);
        }

        Api.Response locked = guesser.get("/api/v1/tasks");

        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.contentType()).contains("application/problem+json");
        assertThat(locked.text("detail")).contains("failed sign-ins");
        assertThat(as("bob").get("/api/v1/tasks").status()).isEqualTo(200);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
