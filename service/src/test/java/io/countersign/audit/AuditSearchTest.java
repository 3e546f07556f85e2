package io.countersign.audit;

import static io.countersign.audit.AuditFixtures.uniqueRequestId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

/** Finding entries by what the request was going to change, by title and by text; typos refused. */
@AuditSliceTest
@WithMockUser(roles = "AUDITOR")
class AuditSearchTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    AuditLog auditLog;
    @Autowired
    AuditQueries queries;
    @Autowired
    ObjectMapper json;

    @Test
    void operationAndResourceSelectEveryEntryOfTheRequestsWhoseSameActionMatches() throws Exception {
        String unique = "cost-explorer-prod-" + uniqueRequestId().substring(3, 11);
        String deletion = uniqueRequestId();
        String restart = uniqueRequestId();
        String deletionOfAnother = uniqueRequestId();
        auditLog.append(submitted(deletion, "Delete the old " + unique, "DELETE", unique));
        long approval = auditLog.append(AuditEvent.builder("DECIDED", "bob", "HUMAN").requestId(deletion)
                .outcome("APPROVE").comment("snapshot verified, traffic is zero").build());
        auditLog.append(submitted(restart, "Restart " + unique, "RESTART", unique));
        // Deletes something else, and merely restarts the resource: operation and resource must match one action.
        auditLog.append(AuditEvent.builder("SUBMITTED", "kiro-7", "AGENT").requestId(deletionOfAnother)
                .details(Map.of("title", "Mixed", "changes", List.of(change("DELETE", "other-db"),
                        change("RESTART", unique)))).build());

        var found = requestIds("/api/v1/audit/events?operation=delete&resource=" + unique.toUpperCase());
        var approvals = ids("/api/v1/audit/events?resource=" + unique.substring(5) + "&operation=DELETE&type=DECIDED");

        assertThat(found).containsOnly(deletion).hasSize(2);
        assertThat(approvals).containsExactly(approval);
        assertThat(requestIds("/api/v1/audit/events?resource=" + unique)).containsOnly(deletion, restart,
                deletionOfAnother);
    }

    @Test
    void theRequestFilterTakesAnIdPrefixOrAPartOfTheTitleAndTheTitlesAreKnown() throws Exception {
        String id = uniqueRequestId();
        String title = "Rotate the ledger keys " + id.substring(3, 11);
        auditLog.append(submitted(id, title, "UPDATE", "ledger"));
        auditLog.append(AuditEvent.builder("CLAIMED", "carol", "HUMAN").requestId(id).build());

        assertThat(requestIds("/api/v1/audit/events?requestId=" + id.substring(0, 12))).containsOnly(id).hasSize(2);
        assertThat(requestIds("/api/v1/audit/events?requestId=" + title.toLowerCase().substring(7))).containsOnly(id);
        assertThat(requestIds("/api/v1/audit/events?title=" + title.substring(0, 20).toUpperCase())).contains(id);
        assertThat(queries.titles(List.of(id, "cr-unknown"))).isEqualTo(Map.of(id, title));
    }

    @Test
    void textMatchesCommentsAndDetails() throws Exception {
        String id = uniqueRequestId();
        String word = "zebra" + id.substring(3, 9);
        long commented = auditLog.append(AuditEvent.builder("DECIDED", "dave", "HUMAN").requestId(id)
                .comment("Checked with the " + word.toUpperCase() + " team").build());
        long detailed = auditLog.append(AuditEvent.builder("EXECUTED", "kiro-7", "AGENT").requestId(id)
                .details(Map.of("report", "ran " + word + "_1")).build());

        assertThat(ids("/api/v1/audit/events?text=" + word)).containsExactlyInAnyOrder(commented, detailed);
        assertThat(ids("/api/v1/audit/events?text=" + word + "_1")).containsExactly(detailed);
    }

    @Test
    void unknownFilterParametersAreRefusedNamingThemInsteadOfReturningEverything() throws Exception {
        mvc.perform(get("/api/v1/audit/events").param("requestid", "x").param("tpye", "DECIDED"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("requestid,tpye"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("requestId")));
        mvc.perform(get("/api/v1/audit/export").param("format", "csv").param("limit", "5"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.parameter").value("limit"));
    }

    static AuditEvent submitted(String requestId, String title, String operation, String resource) {
        return AuditEvent.builder("SUBMITTED", "kiro-7", "AGENT").requestId(requestId).agentId("kiro-7")
                .requestedBy("alice").service("cost-explorer").environment("production")
                .details(Map.of("title", title, "actions", 1, "changes", List.of(change(operation, resource))))
                .build();
    }

    static Map<String, Object> change(String operation, String resource) {
        return Map.of("operation", operation, "resourceType", "deployment", "resource", resource,
                "scope", "RESOURCE", "regions", List.of("eu-west-1"), "commandSha256", "00".repeat(32));
    }

    private List<String> requestIds(String url) throws Exception {
        var out = new ArrayList<String>();
        events(url).get("items").forEach(item -> out.add(item.get("requestId").asText()));
        return out;
    }

    private List<Long> ids(String url) throws Exception {
        var out = new ArrayList<Long>();
        events(url).get("items").forEach(item -> out.add(item.get("id").asLong()));
        return out;
    }

    private JsonNode events(String url) throws Exception {
        return json.readTree(mvc.perform(get(url)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString());
    }
}
