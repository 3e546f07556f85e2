package io.countersign.engine;

import static io.countersign.support.Plans.stagingUpdate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.client.CamundaClient;
import io.countersign.intake.ChangeRequestRepository;
import io.countersign.stall.StalledRequests;
import io.countersign.support.AppTest;
import io.countersign.workflows.ChangeRequestProcess.Variables;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A LOW plan is approved in its classification step (issue 12's latency work), before the workflow routes it. A
 * client holding the engine credential (the application's own client stands in for it) then sends the approved plan
 * to people anyway: the open-approval step meets a plan the service already approved and stops visibly, with an
 * audit entry and a stall, instead of opening a task.
 */
class RoutedAfterLowApprovalTest extends AppTest {

    @Autowired
    private CamundaClient camunda;

    @Autowired
    private ChangeRequestRepository requests;

    @Autowired
    private StalledRequests stalls;

    @Test
    void anApprovedLowPlanTheWorkflowSendsToPeopleStopsAtADisagreementNotAnApprovalTask() {
        String id = submit("alice", stagingUpdate("alice")).path("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(
                () -> as("alice").get("/api/v1/change-requests/" + id).json().path("status").asText(),
                "APPROVED"::equals);
        long instance = requests.find(id).orElseThrow().processInstanceKey();

        camunda.newSetVariablesCommand(instance)
                .variables(Map.of(Variables.SLA_DURATION, "PT1H", Variables.EXPIRY_DURATION, "PT2H"))
                .send().join();
        camunda.newModifyProcessInstanceCommand(instance).activateElement("service_task_open_approval")
                .send().join();

        JsonNode disagreement = await().atMost(Duration.ofSeconds(30)).until(
                () -> events("WORKFLOW_DISAGREEMENT", id), items -> items.size() == 1).get(0);
        assertThat(disagreement.path("details").path("step").asText()).isEqualTo("open-approval");
        assertThat(disagreement.path("details").path("reason").asText())
                .contains("asked to open an approval for a plan the service already approved as LOW");
        await().atMost(Duration.ofSeconds(30)).until(() -> stalls.current(id).isPresent());
        assertThat(events("TASK_OPENED", id)).isEmpty();
        assertThat(as("alice").get("/api/v1/change-requests/" + id).json().path("status").asText())
                .isEqualTo("APPROVED");
    }

    private List<JsonNode> events(String type, String requestId) {
        List<JsonNode> items = new ArrayList<>();
        as("erin").get("/api/v1/audit/events?type=" + type + "&requestId=" + requestId).json().path("items")
                .forEach(items::add);
        return items;
    }
}
