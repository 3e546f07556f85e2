package io.countersign.policy;

import static io.countersign.support.Plans.action;
import static io.countersign.support.Plans.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.support.AppTest;
import io.countersign.support.WebSession;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.HtmlUtils;

/**
 * An agent's labels cannot lower its own tier: each mislabelled plan gets the tier its truthful twin gets, and the
 * reason, in the API and on the approver's request page, says what the service read instead of the label.
 */
class MislabelledPlansTest extends AppTest {

    @Test
    void updateThatRunsTerraformDestroyIsTieredAsTheDestroyItIs() {
        Map<String, Object> mislabelled = action("UPDATE", "REGION", true);
        mislabelled.put("command", "terraform destroy -auto-approve");
        Map<String, Object> truthful = action("DESTROY", "REGION", false);
        truthful.put("command", "terraform destroy -auto-approve");

        JsonNode request = classified(plan("alice", "production", mislabelled));

        assertThat(request.path("tier").asText()).isEqualTo(tierOf(plan("alice", "production", truthful)))
                .isEqualTo("CRITICAL");
        assertReasonShown(request, "declared UPDATE, command destroys");
    }

    @Test
    void restartThatRunsKubectlDeleteIsTieredAsTheDeleteItIs() {
        Map<String, Object> mislabelled = action("RESTART", "RESOURCE", true);
        mislabelled.put("command", "kubectl delete deployment cost-explorer-api -n prod");
        Map<String, Object> truthful = action("DELETE", "RESOURCE", false);
        truthful.put("command", "kubectl delete deployment cost-explorer-api -n prod");

        JsonNode request = classified(plan("alice", "production", mislabelled));

        assertThat(request.path("tier").asText()).isEqualTo(tierOf(plan("alice", "production", truthful)))
                .isEqualTo("CRITICAL");
        assertReasonShown(request, "declared RESTART, command deletes");
    }

    @Test
    void destructiveActionDeclaredReversibleIsNotTreatedAsReversible() {
        Map<String, Object> mislabelled = action("CONFIG_CHANGE", "RESOURCE", true);
        mislabelled.put("command", "psql -c 'TRUNCATE TABLE invoices'");
        Map<String, Object> truthful = action("TRUNCATE", "RESOURCE", false);
        truthful.put("command", "psql -c 'TRUNCATE TABLE invoices'");

        JsonNode request = classified(plan("alice", "staging", mislabelled));

        assertThat(request.path("tier").asText()).isEqualTo(tierOf(plan("alice", "staging", truthful)))
                .isEqualTo("HIGH");
        assertThat(request.path("status").asText()).isNotEqualTo("APPROVED");
        assertReasonShown(request, "a destructive action is never reversible for tiering");
    }

    @Test
    void resourceTheInventoryPlacesInProductionIsTieredAsProductionWhenDeclaredStaging() {
        Map<String, Object> mislabelled = action("UPDATE", "RESOURCE", true);
        mislabelled.put("resource", "orders-prod-db");
        Map<String, Object> truthful = action("UPDATE", "RESOURCE", true);
        truthful.put("resource", "orders-prod-db");

        JsonNode request = classified(plan("alice", "staging", mislabelled));

        assertThat(request.path("tier").asText()).isEqualTo(tierOf(plan("alice", "production", truthful)))
                .isEqualTo("MEDIUM");
        assertThat(request.path("status").asText()).isNotEqualTo("APPROVED");
        assertReasonShown(request, "declared staging, inventory places orders-prod-db in production (rule resource *-prod-*");
    }

    private JsonNode classified(Map<String, Object> plan) {
        String id = submit("alice", plan).path("id").asText();
        return await().atMost(Duration.ofSeconds(20)).until(
                () -> as("alice").get("/api/v1/change-requests/" + id).json(), r -> !r.path("tier").isMissingNode());
    }

    private String tierOf(Map<String, Object> plan) {
        return classified(plan).path("tier").asText();
    }

    private void assertReasonShown(JsonNode request, String finding) {
        assertThat(request.path("tierReason").asText()).contains(finding);
        // An approver of the group the request is routed to: the owning team where it has a say, else SRE.
        String approver = request.path("approverGroups").toString().contains("cost-explorer-approvers") ? "bob" : "dave";
        String page = WebSession.signedIn(port, approver).get("/requests/" + request.path("id").asText()).body();
        assertThat(page).contains(HtmlUtils.htmlEscape(finding));
    }
}
