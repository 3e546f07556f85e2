package io.countersign.audit;

import static io.countersign.audit.AuditFixtures.uniqueRequestId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

/** The population of changes an auditor samples from, one row per request, from the audit log. */
@AuditSliceTest
@WithMockUser(roles = "AUDITOR")
class ChangePopulationTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    AuditLog auditLog;
    @Autowired
    ObjectMapper json;

    @Test
    void oneRowPerRequestSubmittedInThePeriodWithItsOutcomeApproversAndTimes() throws Exception {
        Instant from = Instant.now().minus(1, ChronoUnit.SECONDS);
        String done = uniqueRequestId();
        String pending = uniqueRequestId();
        auditLog.append(AuditSearchTest.submitted(done, "Delete the idle cache", "DELETE", "cache-7"));
        auditLog.append(AuditEvent.builder("CLASSIFIED", "countersign", "SYSTEM").requestId(done).tier("CRITICAL")
                .outcome("CRITICAL").build());
        auditLog.append(AuditEvent.builder("DECIDED", "bob", "HUMAN").requestId(done).outcome("APPROVE").build());
        auditLog.append(AuditEvent.builder("DECIDED", "dave", "HUMAN").requestId(done).outcome("APPROVE").build());
        auditLog.append(AuditEvent.builder("APPROVED", "countersign", "SYSTEM").requestId(done).outcome("APPROVED")
                .build());
        auditLog.append(AuditEvent.builder("EXECUTED", "kiro-7", "AGENT").requestId(done).outcome("SUCCEEDED").build());
        auditLog.append(AuditSearchTest.submitted(pending, "Restart the API", "RESTART", "api"));
        Instant to = Instant.now().plus(1, ChronoUnit.SECONDS);

        JsonNode rows = json.readTree(body("/api/v1/audit/changes?from=" + from + "&to=" + to + "&format=json"));
        String csv = body("/api/v1/audit/changes?from=" + from + "&to=" + to + "&format=csv");

        JsonNode row = find(rows, done);
        assertThat(row.get("title").asText()).isEqualTo("Delete the idle cache");
        assertThat(row.get("service").asText()).isEqualTo("cost-explorer");
        assertThat(row.get("environment").asText()).isEqualTo("production");
        assertThat(row.get("tier").asText()).isEqualTo("CRITICAL");
        assertThat(row.get("outcome").asText()).isEqualTo("APPROVED");
        assertThat(row.get("requester").asText()).isEqualTo("alice");
        assertThat(row.get("agent").asText()).isEqualTo("kiro-7");
        assertThat(row.get("approvers")).extracting(JsonNode::asText).containsExactly("bob", "dave");
        assertThat(row.get("submittedAt").asText()).isNotBlank();
        assertThat(Instant.parse(row.get("decidedAt").asText())).isBefore(Instant.parse(row.get("executedAt").asText()));
        assertThat(row.get("emergency").asBoolean()).isFalse();
        assertThat(find(rows, pending).get("outcome").asText()).isEqualTo("PENDING");
        assertThat(csv).startsWith("requestId,title,service,environment,tier,outcome,requester,agent,approvers,")
                .contains("\"" + done + "\",\"Delete the idle cache\",\"cost-explorer\",\"production\",\"CRITICAL\","
                        + "\"APPROVED\",\"alice\",\"kiro-7\",\"bob;dave\",");
        assertThat(body("/api/v1/audit/changes?from=" + to + "&to=" + to.plus(1, ChronoUnit.HOURS)))
                .doesNotContain(done);
    }

    @Test
    void thePeriodIsRequired() throws Exception {
        mvc.perform(get("/api/v1/audit/changes").param("to", "2025-01-01T00:00:00Z"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.parameter").value("from"));
        mvc.perform(get("/api/v1/audit/changes").param("from", "2025-01-01T00:00:00Z").param("to", "2025-01-02T00:00:00Z")
                .param("service", "x")).andExpect(status().isBadRequest()).andExpect(jsonPath("$.parameter").value("service"));
    }

    private static JsonNode find(JsonNode rows, String requestId) {
        return StreamSupport.stream(rows.spliterator(), false)
                .filter(r -> r.get("requestId").asText().equals(requestId)).findFirst().orElseThrow();
    }

    private String body(String url) throws Exception {
        var async = mvc.perform(get(url)).andExpect(request().asyncStarted()).andReturn();
        return mvc.perform(asyncDispatch(async)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
