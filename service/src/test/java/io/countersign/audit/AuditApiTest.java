package io.countersign.audit;

import static io.countersign.audit.AuditFixtures.decided;
import static io.countersign.audit.AuditFixtures.submitted;
import static io.countersign.audit.AuditFixtures.uniqueRequestId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

@AuditSliceTest
@WithMockUser(roles = "AUDITOR")
class AuditApiTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    AuditLog auditLog;
    @Autowired
    ChainSealer sealer;
    @Autowired
    ObjectMapper json;

    @TempDir
    Path files;

    @Test
    void filtersByRequestAndPagesNewestFirstWithACursor() throws Exception {
        String requestId = uniqueRequestId();
        List<Long> ids = new ArrayList<>();
        ids.add(auditLog.append(submitted(requestId)));
        for (int i = 0; i < 4; i++) {
            ids.add(auditLog.append(decided(requestId, "approver-" + i, "APPROVE")));
        }
        auditLog.append(submitted(uniqueRequestId()));
        sealer.sealPending();

        JsonNode first = events("/api/v1/audit/events?requestId=" + requestId + "&limit=3");
        JsonNode second = events("/api/v1/audit/events?requestId=" + requestId + "&limit=3&cursor="
                + first.get("nextCursor").asText());

        assertThat(idsOf(first)).containsExactly(ids.get(4), ids.get(3), ids.get(2));
        assertThat(idsOf(second)).containsExactly(ids.get(1), ids.get(0));
        assertThat(second.has("nextCursor")).isFalse();
        assertThat(first.get("items").get(0).get("seq").asLong()).isPositive();
        assertThat(first.get("items").get(0).get("details").get("decision").asText()).isEqualTo("APPROVE");
    }

    @Test
    void approverFilterMatchesOnlyTheActorOfDecisions() throws Exception {
        String requestId = uniqueRequestId();
        String approver = "approver-" + requestId;
        long decision = auditLog.append(decided(requestId, approver, "REJECT"));
        auditLog.append(AuditEvent.builder("CLAIMED", approver, "HUMAN").requestId(requestId).build());

        JsonNode page = events("/api/v1/audit/events?approver=" + approver);

        assertThat(idsOf(page)).containsExactly(decision);
    }

    @Test
    void combinesFiltersAndATimeRange() throws Exception {
        String requestId = uniqueRequestId();
        long rejected = auditLog.append(decided(requestId, "bob", "REJECT"));
        auditLog.append(decided(requestId, "carol", "APPROVE"));
        auditLog.append(submitted(requestId));

        JsonNode page = events("/api/v1/audit/events?requestId=" + requestId
                + "&type=DECIDED&outcome=REJECT&tier=CRITICAL&service=cost-explorer&environment=production"
                + "&agent=kiro-7&engineer=alice&from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z");
        JsonNode none = events("/api/v1/audit/events?requestId=" + requestId + "&to=2000-01-01T00:00:00Z");

        assertThat(idsOf(page)).containsExactly(rejected);
        assertThat(idsOf(none)).isEmpty();
    }

    @Test
    void badInputIsAProblemDetailNamingTheParameter() throws Exception {
        problem("/api/v1/audit/events?from=yesterday", "from");
        problem("/api/v1/audit/events?limit=501", "limit");
        problem("/api/v1/audit/events?limit=ten", "limit");
        problem("/api/v1/audit/events?cursor=not-a-cursor", "cursor");
        problem("/api/v1/audit/events?tier=EXTREME", "tier");
        problem("/api/v1/audit/events?from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z", "from");
        problem("/api/v1/audit/export?format=xml", "format");
    }

    @Test
    @WithMockUser(roles = "ENGINEER")
    void onlyAuditorsAndAdminsMayReadTheAuditLog() throws Exception {
        mvc.perform(get("/api/v1/audit/events")).andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/audit/export")).andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/audit/verify")).andExpect(status().isForbidden());
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void verifyReportsAnIntactChain() throws Exception {
        auditLog.append(submitted(uniqueRequestId()));
        sealer.sealPending();

        mvc.perform(get("/api/v1/audit/verify"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.valid").value(true))
                .andExpect(jsonPath("$.entriesChecked").isNumber())
                .andExpect(jsonPath("$.firstBrokenSeq").doesNotExist());
    }

    @Test
    void exportStreamsEveryEntryInChainOrderAndVerifiesOfflineAsCsvAndJson() throws Exception {
        for (int i = 0; i < 5; i++) {
            auditLog.append(decided(uniqueRequestId(), "bob", "APPROVE"));
        }
        sealer.sealPending();

        for (String format : List.of("csv", "json")) {
            MvcResult started = mvc.perform(get("/api/v1/audit/export?format=" + format))
                    .andExpect(request().asyncStarted()).andReturn();
            byte[] body = mvc.perform(asyncDispatch(started))
                    .andExpect(status().isOk())
                    .andExpect(header().string("Content-Disposition", "attachment; filename=\"audit-export." + format
                            + "\""))
                    .andExpect(content().contentTypeCompatibleWith(format.equals("csv") ? "text/csv"
                            : "application/json"))
                    .andReturn().getResponse().getContentAsByteArray();
            Path file = Files.write(files.resolve("audit-export." + format), body);

            var out = new ByteArrayOutputStream();
            int exit = VerifyExport.run(new String[] {file.toString()}, new PrintStream(out, true,
                    StandardCharsets.UTF_8));

            assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(VerifyExport.VALID);
            assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("VALID").doesNotContain("gaps");
        }
    }

    @Test
    void filteredExportVerifiesEachEntryAndSaysItHasGaps() throws Exception {
        String requestId = uniqueRequestId();
        auditLog.append(submitted(requestId));
        auditLog.append(submitted(uniqueRequestId()));
        auditLog.append(decided(requestId, "bob", "APPROVE"));
        sealer.sealPending();

        MvcResult started = mvc.perform(get("/api/v1/audit/export?format=csv&requestId=" + requestId))
                .andExpect(request().asyncStarted()).andReturn();
        byte[] body = mvc.perform(asyncDispatch(started)).andReturn().getResponse().getContentAsByteArray();
        Path file = Files.write(files.resolve("filtered.csv"), body);
        var out = new ByteArrayOutputStream();
        int exit = VerifyExport.run(new String[] {file.toString()}, new PrintStream(out, true,
                StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(VerifyExport.VALID);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("VALID: 2 entries, 1 gaps");
    }

    private JsonNode events(String url) throws Exception {
        String body = mvc.perform(get(url)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        return json.readTree(body);
    }

    private void problem(String url, String parameter) throws Exception {
        mvc.perform(get(url))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.parameter").value(parameter))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith(parameter + ":")));
    }

    private static List<Long> idsOf(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asLong()));
        return ids;
    }
}
