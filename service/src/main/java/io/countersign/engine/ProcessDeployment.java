package io.countersign.engine;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.Decision;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.client.api.response.Process;
import io.countersign.audit.AuditEvent;
import io.countersign.audit.AuditLog;
import io.countersign.engine.DeployedPolicies.PolicyVersion;
import io.countersign.security.Actor;
import io.countersign.workflows.ChangeRequestProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Deploys the change-request workflow and the risk policy, exactly as the {@code workflows} module ships them, and
 * learns from the engine's answer which process definition holds them.
 *
 * <p>The engine answers a deployment of bytes identical to its latest version of a resource (same checksum) with
 * that existing definition, and any other bytes with a new version built from them; either way the key it returns
 * is a definition of exactly the bytes sent here. The answer is checked to name our process, resource and
 * decision, recorded in the audit log with the SHA-256 of both resources (once per definition), and only then does
 * the outbox start instances, on that key. Until it succeeds, it is retried, and starts wait.
 */
@Component
class ProcessDeployment implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessDeployment.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final CamundaClient camunda;
    private final DeployedPolicies deployed;
    private final AuditLog audit;
    private final ScheduledExecutorService retries =
            Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("countersign-deploy").factory());

    ProcessDeployment(CamundaClient camunda, DeployedPolicies deployed, AuditLog audit) {
        this.camunda = camunda;
        this.deployed = deployed;
        this.audit = audit;
    }

    @EventListener(ApplicationReadyEvent.class)
    void deployWhenReady() {
        attempt(FIRST_RETRY);
    }

    private void attempt(Duration nextRetry) {
        try {
            deploy();
        } catch (RuntimeException e) {
            LOG.warn("Deploying the workflow failed ({}); retrying in {}s, and no request starts meanwhile",
                    e.getMessage(), nextRetry.toSeconds());
            Duration after = nextRetry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : nextRetry.multipliedBy(2);
            retries.schedule(() -> attempt(after), nextRetry.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    long deploy() {
        byte[] bpmn = resource(ChangeRequestProcess.BPMN_RESOURCE);
        byte[] dmn = resource(ChangeRequestProcess.DMN_RESOURCE);
        DeploymentEvent answer = camunda.newDeployResourceCommand()
                .addResourceBytes(bpmn, ChangeRequestProcess.BPMN_RESOURCE)
                .addResourceBytes(dmn, ChangeRequestProcess.DMN_RESOURCE)
                .send()
                .join();
        Process process = single(answer.getProcesses().stream()
                .filter(p -> p.getBpmnProcessId().equals(ChangeRequestProcess.PROCESS_ID)
                        && p.getResourceName().equals(ChangeRequestProcess.BPMN_RESOURCE))
                .toList(), "process " + ChangeRequestProcess.PROCESS_ID, answer);
        Decision decision = single(answer.getDecisions().stream()
                .filter(d -> d.getDmnDecisionId().equals(ChangeRequestProcess.DECISION_ID))
                .toList(), "decision " + ChangeRequestProcess.DECISION_ID, answer);
        PolicyVersion policy = new PolicyVersion(decision.getDmnDecisionId(), decision.getVersion(),
                decision.getDecisionKey());
        long key = process.getProcessDefinitionKey();
        if (!deployed.isOurs(key)) {
            audit.append(AuditEvent.builder(DeployedPolicies.AUDIT_TYPE, "countersign", Actor.SYSTEM)
                    .outcome("DEPLOYED")
                    .details(details(answer, process, decision, sha256(bpmn), sha256(dmn)))
                    .build());
        }
        deployed.deployed(key, policy);
        LOG.info("Workflow {} version {} (definition {}, bpmn sha256 {}) and decision {} version {} deployed; "
                        + "requests start on this definition only", process.getBpmnProcessId(), process.getVersion(),
                key, sha256(bpmn), decision.getDmnDecisionId(), decision.getVersion());
        return key;
    }

    private static Map<String, Object> details(DeploymentEvent answer, Process process, Decision decision,
            String bpmnSha256, String dmnSha256) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("deploymentKey", answer.getKey());
        details.put("processDefinitionKey", process.getProcessDefinitionKey());
        details.put("bpmnProcessId", process.getBpmnProcessId());
        details.put("processVersion", process.getVersion());
        details.put("bpmnResource", process.getResourceName());
        details.put("bpmnSha256", bpmnSha256);
        details.put("decisionId", decision.getDmnDecisionId());
        details.put("decisionVersion", decision.getVersion());
        details.put("decisionKey", decision.getDecisionKey());
        details.put("dmnResource", ChangeRequestProcess.DMN_RESOURCE);
        details.put("dmnSha256", dmnSha256);
        return details;
    }

    private static <T> T single(List<T> found, String what, DeploymentEvent answer) {
        if (found.size() != 1) {
            throw new DeploymentNotRecognised(what, answer.getKey(), found.size());
        }
        return found.getFirst();
    }

    private static byte[] resource(String name) {
        try (InputStream in = ChangeRequestProcess.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("The workflows module does not ship " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + name + " from the workflows module", e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the JVM specification", e);
        }
    }

    @Override
    public void destroy() {
        retries.shutdownNow();
    }

    /** The engine's answer to our deployment does not hold exactly the models we sent. */
    static final class DeploymentNotRecognised extends IllegalStateException {
        DeploymentNotRecognised(String what, long deploymentKey, int found) {
            super("Deployment " + deploymentKey + " answered with " + found + " of " + what + " instead of one");
        }
    }
}
