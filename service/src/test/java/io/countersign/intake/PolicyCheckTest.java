package io.countersign.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.support.Api;
import io.countersign.support.AppTest;
import io.countersign.support.Plans;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The policy's dry run answers as submit would classify and route the plan, and stores nothing. */
class PolicyCheckTest extends AppTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void checksARecreateInProductionAsTwoPersonReviewWithoutStoringAnything() {
        Api agent = asAgent("kiro-7", "alice");
        long before = rows();

        Api.Response response = agent.post("/api/v1/policy-checks", Plans.recreateProductionEnvironment("alice"));

        assertThat(response.status()).isEqualTo(200);
        JsonNode check = response.json();
        assertThat(check.path("tier").asText()).isEqualTo("CRITICAL");
        assertThat(check.path("ruleId").asText()).isEqualTo("critical-production-destructive");
        assertThat(check.path("approvers").path("requiredApprovals").asInt()).isEqualTo(2);
        assertThat(check.path("approvers").path("approverGroups").toString())
                .isEqualTo("[\"cost-explorer-approvers\",\"sre\"]");
        assertThat(check.path("approvers").path("requireEachGroup").asBoolean()).isTrue();
        assertThat(check.path("approvers").path("escalationGroup").asText()).isEqualTo("sre-leads");
        assertThat(check.path("approvers").path("excluded").toString()).isEqualTo("[\"alice\"]");
        assertThat(check.path("sla").asText()).isEqualTo("PT1H");
        assertThat(check.path("expiry").asText()).isEqualTo("PT24H");
        assertThat(check.path("approvalWindow").asText()).isEqualTo("PT2H");
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void checksALowPlanAsApprovedAutomatically() {
        JsonNode check = as("alice").post("/api/v1/policy-checks", Plans.stagingUpdate("alice")).json();

        assertThat(check.path("tier").asText()).isEqualTo("LOW");
        assertThat(check.path("automatic").asBoolean()).isTrue();
        assertThat(check.path("approvers").path("requiredApprovals").asInt()).isZero();
    }

    @Test
    void refusesWhatSubmitRefusesWithTheSameProblemDetails() {
        Api agent = asAgent("kiro-7", "alice");
        Map<String, Object> forBob = Plans.productionRestart("bob");

        Api.Response checked = agent.post("/api/v1/policy-checks", forBob);
        Api.Response submitted = agent.post("/api/v1/change-requests", forBob);
        Api.Response empty = agent.post("/api/v1/policy-checks", Map.of());

        assertThat(checked.status()).isEqualTo(422);
        assertThat(checked.body()).isEqualTo(submitted.body().replace("/api/v1/change-requests", "/api/v1/policy-checks"));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().path("errors").findValuesAsText("field")).contains("actions");
    }

    private long rows() {
        return jdbc.sql("select count(*) from change_request").query(Long.class).single()
                + jdbc.sql("select count(*) from outbox").query(Long.class).single()
                + jdbc.sql("select count(*) from audit_entry").query(Long.class).single();
    }
}
