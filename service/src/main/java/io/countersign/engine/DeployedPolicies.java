package io.countersign.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.audit.AuditEntry;
import io.countersign.audit.AuditPage;
import io.countersign.audit.AuditReader;
import io.countersign.outbox.DeployedProcess;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The process definitions this application deployed itself, and which version of the risk policy each evaluates.
 *
 * <p>Only these definitions are started (the one deployed at this start-up) and only their jobs are worked
 * ({@link JobGuard}). Each deployment is recorded in the audit log ({@value #AUDIT_TYPE}, see
 * {@link ProcessDeployment}), and read back at start-up, so that instances still running on a definition an earlier
 * release deployed keep being worked. The workflow binds its decision to its own deployment ({@code bindingType
 * ="deployment"}), so the policy version is fixed by the process definition.
 */
@Component
class DeployedPolicies implements DeployedProcess {

    static final String AUDIT_TYPE = "WORKFLOW_DEPLOYED";
    private static final Logger LOG = LoggerFactory.getLogger(DeployedPolicies.class);
    private static final int PAGE = 500;

    private final Map<Long, PolicyVersion> byProcessDefinition = new ConcurrentHashMap<>();
    private volatile Long current;
    private final CountDownLatch firstDeployment = new CountDownLatch(1);

    DeployedPolicies(AuditReader audit, ObjectMapper json) {
        String cursor = null;
        do {
            AuditPage page = audit.search(Map.of("type", AUDIT_TYPE), cursor, PAGE);
            page.items().forEach(entry -> remember(entry, json));
            cursor = page.nextCursor();
        } while (cursor != null);
        LOG.info("Known process definitions deployed by this application: {}", byProcessDefinition.keySet());
    }

    /** Records a definition deployed and verified by this start-up; from now on it is the one instances start on. */
    void deployed(long processDefinitionKey, PolicyVersion policy) {
        byProcessDefinition.put(processDefinitionKey, policy);
        current = processDefinitionKey;
        firstDeployment.countDown();
    }

    @Override
    public boolean awaitDeployment(Duration timeout) throws InterruptedException {
        return firstDeployment.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isOurs(long processDefinitionKey) {
        return byProcessDefinition.containsKey(processDefinitionKey);
    }

    Optional<PolicyVersion> forProcessDefinition(long processDefinitionKey) {
        return Optional.ofNullable(byProcessDefinition.get(processDefinitionKey));
    }

    @Override
    public OptionalLong processDefinitionKey() {
        Long key = current;
        return key == null ? OptionalLong.empty() : OptionalLong.of(key);
    }

    private void remember(AuditEntry entry, ObjectMapper json) {
        try {
            JsonNode details = json.readTree(entry.details());
            byProcessDefinition.put(details.path("processDefinitionKey").asLong(),
                    new PolicyVersion(details.path("decisionId").asText(), details.path("decisionVersion").asInt(),
                            details.path("decisionKey").asLong()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Audit entry " + entry.id() + " (" + AUDIT_TYPE + ") is unreadable", e);
        }
    }

    /** A deployed version of the risk policy's decision. */
    record PolicyVersion(String decisionId, int version, long decisionKey) {
    }
}
