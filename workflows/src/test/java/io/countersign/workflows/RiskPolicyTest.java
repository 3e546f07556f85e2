package io.countersign.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.client.api.response.EvaluateDecisionResponse;
import io.countersign.workflows.ChangeRequestProcess.RiskFields;
import io.countersign.workflows.ChangeRequestProcess.RiskInputFields;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The risk policy, one decision per action, evaluated by the engine exactly as the business rule task calls it. */
@ExtendWith(ProcessEngineExtension.class)
class RiskPolicyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every tier routes the same way whichever rule produced it. */
    private static final Map<String, Map<String, Object>> ROUTE_BY_TIER = Map.of(
        "DENIED", route(5, "NONE", 0, false, "PT0S", "PT0S", "PT0S"),
        "CRITICAL", route(4, "OWNING_TEAM_AND_SRE", 2, true, "PT1H", "PT24H", "PT2H"),
        "HIGH", route(3, "SRE", 1, true, "PT2H", "PT24H", "PT4H"),
        "MEDIUM", route(2, "OWNING_TEAM", 1, false, "PT4H", "PT72H", "PT8H"),
        "LOW", route(1, "NONE", 0, false, "PT0S", "PT0S", "PT8H"));

    private final TestEngine engine;

    RiskPolicyTest(TestEngine engine) {
        this.engine = engine;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "null", textBlock = """
        # case,                                                      environment,  operation,          command,  scope,         regions,  reversible,  rollback,  tier,      rule
        AWS Dec 2025: delete and recreate a production environment,  production,   RECREATE,           false,    REGION,        1,        false,       true,      CRITICAL,  critical-production-destructive
        Cloudflare Nov 2025: permission change on a production DB,   production,   PERMISSION_CHANGE,  false,    RESOURCE,      1,        true,        true,      CRITICAL,  critical-production-permission-change
        global config push to production,                            production,   CONFIG_CHANGE,      false,    GLOBAL,        1,        true,        true,      CRITICAL,  critical-production-global-scope
        AWS Kinesis Nov 2020: capacity added across regions,         production,   SCALE,              false,    MULTI_REGION,  3,        true,        true,      HIGH,      high-production-multi-region-scope
        restart in production,                                       production,   RESTART,            false,    RESOURCE,      1,        true,        true,      MEDIUM,    medium-production-change
        reversible update in staging,                                staging,      UPDATE,             false,    RESOURCE,      1,        true,        false,     LOW,       low-non-production-reversible
        unknown environment,                                         prod-eu,      READ,               false,    RESOURCE,      1,        true,        true,      DENIED,    denied-unknown-environment
        production destructive without rollback plan,                production,   DROP,               false,    RESOURCE,      1,        false,       false,     DENIED,    denied-production-destructive-without-rollback
        missing environment is unknown,                              null,         UPDATE,             false,    RESOURCE,      1,        true,        true,      DENIED,    denied-unknown-environment
        environment names are exact (case matters),                  Production,   UPDATE,             false,    RESOURCE,      1,        true,        true,      DENIED,    denied-unknown-environment
        production destructive with unknown rollback plan,           production,   PURGE,              false,    RESOURCE,      1,        false,       null,      DENIED,    denied-production-destructive-without-rollback
        production destructive beats global scope,                   production,   DELETE,             false,    GLOBAL,        1,        false,       true,      CRITICAL,  critical-production-destructive
        every destructive operation counts: TRUNCATE,                production,   TRUNCATE,           false,    RESOURCE,      1,        true,        true,      CRITICAL,  critical-production-destructive
        every destructive operation counts: DESTROY,                 production,   DESTROY,            false,    RESOURCE,      1,        true,        true,      CRITICAL,  critical-production-destructive
        global permission change matches global first,               production,   PERMISSION_CHANGE,  false,    GLOBAL,        1,        true,        true,      CRITICAL,  critical-production-global-scope
        region scope over two regions in production,                 production,   DEPLOY,             false,    REGION,        2,        true,        true,      HIGH,      high-production-multi-region-count
        one region in production is not multi-region,                production,   DEPLOY,             false,    REGION,        1,        true,        true,      MEDIUM,    medium-production-change
        irreversible change in production,                           production,   UPDATE,             false,    RESOURCE,      1,        false,       true,      HIGH,      high-production-irreversible
        reversibility not stated counts as irreversible,             production,   UPDATE,             false,    RESOURCE,      1,        null,        true,      HIGH,      high-production-irreversible
        destructive in development,                                  development,  DELETE,             false,    RESOURCE,      1,        true,        false,     HIGH,      high-non-production-destructive
        destructive in sandbox even with rollback plan,              sandbox,      PURGE,              false,    RESOURCE,      1,        true,        true,      HIGH,      high-non-production-destructive
        read in production,                                          production,   READ,               false,    RESOURCE,      1,        true,        false,     LOW,       low-read-only
        read in a non-production environment,                        sandbox,      READ,               false,    REGION,        1,        false,       false,     LOW,       low-read-only
        global read in production is treated as a global change,     production,   READ,               false,    GLOBAL,        1,        true,        false,     CRITICAL,  critical-production-global-scope
        multi-region change outside production,                      staging,      DEPLOY,             false,    MULTI_REGION,  4,        true,        false,     LOW,       low-non-production-reversible
        irreversible change outside production,                      development,  CONFIG_CHANGE,      false,    RESOURCE,      1,        false,       false,     MEDIUM,    medium-non-production-irreversible
        permission change outside production,                        staging,      PERMISSION_CHANGE,  false,    RESOURCE,      1,        true,        false,     LOW,       low-non-production-reversible
        # A command that reads as destructive makes the action destructive, whatever operation it declares.
        AWS Dec 2025 as mislabelled: UPDATE that destroys prod,      production,   UPDATE,             true,     REGION,        1,        false,       true,      CRITICAL,  critical-production-destructive-command
        RESTART that deletes in production,                          production,   RESTART,            true,     RESOURCE,      1,        true,        true,      CRITICAL,  critical-production-destructive-command
        READ whose command drops a table in production,              production,   READ,               true,     RESOURCE,      1,        true,        true,      CRITICAL,  critical-production-destructive-command
        destructive command in production without rollback plan,     production,   CONFIG_CHANGE,      true,     RESOURCE,      1,        false,       false,     DENIED,    denied-production-destructive-command-without-rollback
        destructive command outside production,                      staging,      UPDATE,             true,     RESOURCE,      1,        false,       true,      HIGH,      high-non-production-destructive-command
        destructive command beats reversible outside production,     development,  RESTART,            true,     RESOURCE,      1,        true,        true,      HIGH,      high-non-production-destructive-command
        destructive command beats read-only outside production,      sandbox,      READ,               true,     RESOURCE,      1,        true,        true,      HIGH,      high-non-production-destructive-command
        declared destructive operation keeps its own rule,           production,   DROP,               true,     RESOURCE,      1,        false,       true,      CRITICAL,  critical-production-destructive
        command not read (null) changes nothing,                     staging,      UPDATE,             null,     RESOURCE,      1,        true,        true,      LOW,       low-non-production-reversible
        unknown environment is denied whatever the command,          prod-eu,      UPDATE,             true,     RESOURCE,      1,        true,        true,      DENIED,    denied-unknown-environment
        """)
    void classifiesOneAction(String description, String environment, String operation, Boolean commandLooksDestructive,
                             String scope, Integer regionCount, Boolean reversible, Boolean hasRollbackPlan, String tier,
                             String ruleId) throws Exception {
        EvaluateDecisionResponse response = evaluate(environment, operation, commandLooksDestructive, scope, regionCount,
            reversible, hasRollbackPlan);
        Map<String, Object> risk = JSON.readValue(response.getDecisionOutput(), new TypeReference<>() { });

        assertThat(risk).containsEntry(RiskFields.TIER, tier).containsEntry(RiskFields.RULE_ID, ruleId);
        assertThat(risk).containsAllEntriesOf(ROUTE_BY_TIER.get(tier));
        assertThat((String) risk.get(RiskFields.REASON)).isNotBlank();
        assertThat(response.getEvaluatedDecisions().getFirst().getMatchedRules())
            .singleElement()
            .satisfies(rule -> assertThat(rule.getRuleId()).as("DMN rule element id").isEqualTo(ruleId));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "null", textBlock = """
        # case,                                           environment,  operation,          command,  scope,         regions,  reversible,  rollback,  rule
        restart in production,                            production,   RESTART,            false,    RESOURCE,      1,        true,        true,      denied-change-freeze-production-change
        read whose command deletes in production,         production,   READ,               true,     RESOURCE,      1,        true,        true,      denied-change-freeze-production-destructive-command
        global read in production,                        production,   READ,               false,    GLOBAL,        1,        true,        true,      denied-change-freeze-production-wide-scope
        read over two regions in production,              production,   READ,               false,    REGION,        2,        true,        true,      denied-change-freeze-production-multi-region
        read that cannot be undone in production,         production,   READ,               false,    RESOURCE,      1,        false,       true,      denied-change-freeze-production-irreversible
        delete in staging,                                staging,      DELETE,             false,    RESOURCE,      1,        true,        true,      denied-change-freeze-non-production-destructive
        restart whose command deletes in sandbox,         sandbox,      RESTART,            true,     RESOURCE,      1,        true,        true,      denied-change-freeze-non-production-destructive-command
        irreversible change in development,               development,  CONFIG_CHANGE,      false,    RESOURCE,      1,        false,       false,     denied-change-freeze-non-production-irreversible
        destructive production change without rollback,  production,   DROP,               false,    RESOURCE,      1,        false,       false,     denied-production-destructive-without-rollback
        """)
    void deniesAnActionInsideAnActiveFreezeUnlessItWouldBeLow(String description, String environment, String operation,
                                                              Boolean command, String scope, Integer regionCount,
                                                              Boolean reversible, Boolean rollback, String ruleId)
            throws Exception {
        Map<String, Object> risk = JSON.readValue(evaluate(environment, operation, command, scope, regionCount,
            reversible, rollback, true).getDecisionOutput(), new TypeReference<>() { });

        assertThat(risk).containsEntry(RiskFields.TIER, "DENIED").containsEntry(RiskFields.RULE_ID, ruleId);
        assertThat(risk).containsAllEntriesOf(ROUTE_BY_TIER.get("DENIED"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
        # case,                                 environment,  operation,  scope,         regions,  reversible,  rule
        read in production,                     production,   READ,       RESOURCE,      1,        true,        low-read-only
        reversible update in staging,           staging,      UPDATE,     RESOURCE,      1,        true,        low-non-production-reversible
        multi-region reversible deploy staging, staging,      DEPLOY,     MULTI_REGION,  3,        true,        low-non-production-reversible
        read in sandbox,                        sandbox,      READ,       REGION,        1,        false,       low-read-only
        """)
    void letsALowActionThroughAFreeze(String description, String environment, String operation, String scope,
                                      Integer regionCount, Boolean reversible, String ruleId) throws Exception {
        Map<String, Object> risk = JSON.readValue(evaluate(environment, operation, false, scope, regionCount,
            reversible, true, true).getDecisionOutput(), new TypeReference<>() { });

        assertThat(risk).containsEntry(RiskFields.TIER, "LOW").containsEntry(RiskFields.RULE_ID, ruleId);
    }

    @Test
    void everyRuleHasAStableIdThatItAlsoReturns() throws Exception {
        try (InputStream dmn = getClass().getClassLoader().getResourceAsStream(ChangeRequestProcess.DMN_RESOURCE)) {
            Set<String> ruleIds = Dmn.readModelFromStream(dmn).getModelElementsByType(Rule.class).stream()
                .map(Rule::getId)
                .collect(Collectors.toSet());
            String table = new String(getClass().getClassLoader()
                .getResourceAsStream(ChangeRequestProcess.DMN_RESOURCE).readAllBytes());
            assertThat(ruleIds).hasSize(24).allSatisfy(id -> assertThat(table).contains('"' + id + '"'));
        }
    }

    private EvaluateDecisionResponse evaluate(String environment, String operation, Boolean commandLooksDestructive,
                                              String scope, Integer regionCount, Boolean reversible,
                                              Boolean hasRollbackPlan) {
        return evaluate(environment, operation, commandLooksDestructive, scope, regionCount, reversible,
            hasRollbackPlan, null);
    }

    private EvaluateDecisionResponse evaluate(String environment, String operation, Boolean commandLooksDestructive,
                                              String scope, Integer regionCount, Boolean reversible,
                                              Boolean hasRollbackPlan, Boolean activeFreeze) {
        Map<String, Object> inputs = new HashMap<>();
        inputs.put(RiskInputFields.ACTIVE_FREEZE, activeFreeze);
        inputs.put(RiskInputFields.ENVIRONMENT, environment);
        inputs.put(RiskInputFields.OPERATION, operation);
        inputs.put(RiskInputFields.COMMAND_LOOKS_DESTRUCTIVE, commandLooksDestructive);
        inputs.put(RiskInputFields.SCOPE, scope);
        inputs.put(RiskInputFields.REGION_COUNT, regionCount);
        inputs.put(RiskInputFields.REVERSIBLE, reversible);
        inputs.put(RiskInputFields.HAS_ROLLBACK_PLAN, hasRollbackPlan);
        return engine.client().newEvaluateDecisionCommand()
            .decisionId(ChangeRequestProcess.DECISION_ID)
            .variables(inputs)
            .send()
            .join();
    }

    private static Map<String, Object> route(int rank, String approverRoles, int requiredApprovals, boolean commentRequired,
                                             String sla, String expiry, String window) {
        return Map.of(
            RiskFields.RANK, rank,
            RiskFields.APPROVER_ROLES, approverRoles,
            RiskFields.REQUIRED_APPROVALS, requiredApprovals,
            RiskFields.COMMENT_REQUIRED, commentRequired,
            RiskFields.SLA_DURATION, sla,
            RiskFields.EXPIRY_DURATION, expiry,
            RiskFields.APPROVAL_WINDOW, window);
    }
}
