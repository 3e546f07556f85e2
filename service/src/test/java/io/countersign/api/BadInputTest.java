package io.countersign.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.support.Api.Response;
import io.countersign.support.AppTest;
import io.countersign.support.Plans;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Every bad submission gets a problem detail naming what is wrong, and nothing is stored. */
class BadInputTest extends AppTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void malformedJsonGetsAProblemDetailAndStoresNothing() {
        long before = rows();

        Response response = as("alice").post("/api/v1/change-requests", "{\"title\": ");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).contains("application/problem+json");
        assertThat(response.text("title")).isEqualTo("Malformed request body");
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void missingFieldsAreNamed() {
        Map<String, Object> plan = Plans.productionRestart("alice");
        plan.remove("service");
        plan.put("title", "");

        Response response = as("alice").post("/api/v1/change-requests", plan);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("errors").findValuesAsText("field")).contains("service", "title");
    }

    @Test
    void anUnknownOperationListsTheAllowedOnes() {
        Map<String, Object> plan = Plans.productionRestart("alice");
        ((Map<String, Object>) ((List<?>) plan.get("actions")).getFirst()).put("operation", "YOLO");

        Response response = as("alice").post("/api/v1/change-requests", plan);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("actions[0].operation");
        assertThat(response.text("detail")).contains("RECREATE");
    }

    @Test
    void anUnknownFieldIsRefusedRatherThanIgnored() {
        Map<String, Object> plan = Plans.productionRestart("alice");
        plan.put("skipApproval", true);

        Response response = as("alice").post("/api/v1/change-requests", plan);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("skipApproval");
    }

    @Test
    void anEngineerCannotSubmitInSomeoneElsesName() {
        long before = rows();

        Response response = as("bob").post("/api/v1/change-requests", Plans.productionRestart("alice"));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("requestedBy");
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void aWrongContentTypeIsAProblemDetail() {
        Response response = as("alice").postRaw("/api/v1/change-requests", "text/plain",
                "hello".getBytes(StandardCharsets.UTF_8));

        assertThat(response.status()).isEqualTo(415);
        assertThat(response.contentType()).contains("application/problem+json");
    }

    @Test
    void anAnonymousCallerIsAskedToAuthenticate() {
        Response response = api().post("/api/v1/change-requests", Plans.productionRestart("alice"));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).contains("application/problem+json");
    }

    /** The executor's plan endpoint (and the request it hangs off) with ids that are not ids: problems, never 5xx. */
    @Test
    void thePlanOfAnOddRequestIdIsAProblemDetailNeverAServerError() {
        var agent = asAgent("kiro-7", "alice");
        for (String id : List.of("00000000-0000-0000-0000-000000000000", "x".repeat(5000), "%00", "a%2Fb", "a%0Ab",
                "%E2%80%AE", "..", "%ED%A0%80", "'%20or%201=1--")) {
            for (var caller : List.of(as("alice"), agent)) {
                for (String path : List.of("/api/v1/change-requests/" + id + "/plan", "/api/v1/change-requests/" + id)) {
                    Response response = caller.get(path);
                    assertThat(response.status()).as(path + " " + response.body()).isBetween(400, 404);
                    assertThat(response.contentType()).as(path).contains("application/problem+json");
                    assertThat(response.body()).as(path).doesNotContain("Exception", "io.countersign");
                }
            }
        }
    }

    private long rows() {
        return jdbc.sql("select count(*) from change_request").query(Long.class).single()
                + jdbc.sql("select count(*) from outbox").query(Long.class).single();
    }
}
