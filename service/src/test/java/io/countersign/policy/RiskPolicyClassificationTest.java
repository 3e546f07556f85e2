package io.countersign.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.countersign.policy.PlanFacts.ActionFacts;
import io.countersign.policy.RiskEvidenceProperties.Floors;
import io.countersign.policy.RiskEvidenceProperties.InventoryRule;
import io.countersign.workflows.ChangeRequestProcess;
import io.countersign.workflows.ChangeRequestProcess.RiskInputFields;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The service's own classification: the shipped DMN, evaluated in-process, on inputs read from the plan. */
class RiskPolicyClassificationTest {

    private static final Set<String> DESTRUCTIVE = Set.of("DELETE", "RECREATE", "DROP", "TRUNCATE", "DESTROY", "PURGE");
    private static final PolicyProperties ROUTING = new PolicyProperties(Map.of("cost-explorer",
            "cost-explorer-approvers"), "platform-approvers", "sre", "sre-leads",
            PolicyProperties.TwoPersonMode.OWNING_TEAM_AND_SRE);
    private static final Floors FLOORS_ON = new Floors(true, Duration.ofHours(1), Duration.ofHours(24),
            Duration.ofHours(2));

    /** Shared: parsing the model is the slow part, and a policy holds no state between classifications. */
    private static final RiskPolicy policy = new RiskPolicy(ROUTING, evidence(Map.of(), FLOORS_ON));

    @Test
    void updateThatRunsTerraformDestroyInProductionIsCriticalAndSaysTheCommandDestroys() {
        RiskVerdict verdict = policy.classify(plan("production",
                action("UPDATE", "environment", "cost-explorer-cn-north-1", true, "terraform destroy -auto-approve")));

        assertThat(verdict.classification().tier()).isEqualTo(Tier.CRITICAL);
        assertThat(verdict.classification().ruleId()).isEqualTo("critical-production-destructive-command");
        assertThat(verdict.classification().reason())
                .contains("declared UPDATE, command destroys (\"destroy\")")
                .contains("declared reversible, but a destructive action is never reversible for tiering");
        assertThat(verdict.classification().requiredApprovals()).isEqualTo(2);
        assertThat(verdict.actions().getFirst().dmnInputs())
                .containsEntry(RiskInputFields.COMMAND_LOOKS_DESTRUCTIVE, true)
                .containsEntry(RiskInputFields.REVERSIBLE, false)
                .containsEntry(RiskInputFields.OPERATION, "UPDATE");
    }

    @Test
    void restartThatRunsKubectlDeleteIsTieredAsTheDeleteItIs() {
        RiskVerdict restart = policy.classify(plan("production",
                action("RESTART", "deployment", "cost-explorer-api", true, "kubectl delete deployment cost-explorer-api")));
        RiskVerdict truthful = policy.classify(plan("production",
                action("DELETE", "deployment", "cost-explorer-api", true, "kubectl delete deployment cost-explorer-api")));

        assertThat(restart.classification().tier()).isEqualTo(truthful.classification().tier()).isEqualTo(Tier.CRITICAL);
        assertThat(restart.classification().reason()).contains("declared RESTART, command deletes (\"delete\")");
    }

    @Test
    void destructiveActionDeclaredReversibleOutsideProductionIsNotAutoApproved() {
        RiskVerdict verdict = policy.classify(plan("staging",
                action("UPDATE", "database", "reports", true, "psql -c 'DROP TABLE reports_archive'")));

        assertThat(verdict.classification().tier()).isEqualTo(Tier.HIGH);
        assertThat(verdict.classification().ruleId()).isEqualTo("high-non-production-destructive-command");
        assertThat(verdict.classification().reason()).contains("never reversible for tiering");
    }

    @Test
    void inventoryPlacesAProdResourceInProductionWhateverTheDeclaredEnvironment() {
        RiskVerdict verdict = policy.classify(plan("staging",
                action("UPDATE", "database", "orders-prod-db", true, "psql -f add_index.sql")));

        assertThat(verdict.classification().tier()).isEqualTo(Tier.MEDIUM);
        assertThat(verdict.classification().ruleId()).isEqualTo("medium-production-change");
        assertThat(verdict.classification().reason())
                .contains("declared staging, inventory places orders-prod-db in production (rule resource *-prod-* → production)");
        assertThat(verdict.actions().getFirst().dmnInputs()).containsEntry(RiskInputFields.ENVIRONMENT, "production");
    }

    @Test
    void inventoryNeverLowersADeclaredEnvironmentNorRescuesAnUnknownOne() {
        RiskVerdict production = policy.classify(plan("production",
                action("RESTART", "deployment", "web-staging-1", true, "kubectl rollout restart deploy/web")));
        RiskVerdict unknown = policy.classify(plan("prod-eu",
                action("RESTART", "deployment", "web-prod-1", true, "kubectl rollout restart deploy/web")));

        assertThat(production.actions().getFirst().dmnInputs()).containsEntry(RiskInputFields.ENVIRONMENT, "production");
        assertThat(production.actions().getFirst().findings()).isEmpty();
        assertThat(unknown.classification().tier()).isEqualTo(Tier.DENIED);
        assertThat(unknown.classification().ruleId()).isEqualTo("denied-unknown-environment");
    }

    @Test
    void configuredInventoryMatchesResourceTypesToo() {
        RiskPolicy withInventory = new RiskPolicy(ROUTING, new RiskEvidenceProperties(Map.of(),
                List.of(new InventoryRule(null, "aws_rds_*", "production")), false, FLOORS_ON));

        RiskVerdict verdict = withInventory.classify(plan("development",
                action("UPDATE", "aws_rds_cluster", "ledger", true, "terraform apply -target=aws_rds_cluster.ledger")));

        assertThat(verdict.classification().tier()).isEqualTo(Tier.MEDIUM);
        assertThat(verdict.classification().reason()).contains("rule type aws_rds_* → production");
    }

    @ParameterizedTest
    @ValueSource(strings = {"terraform destroy -auto-approve", "kubectl delete ns payments", "rm -rf /var/lib/data",
            "psql -c 'DROP TABLE users'", "TRUNCATE orders", "aws ec2 terminate-instances --instance-ids i-1",
            "git push --force origin main", "aws s3 sync . s3://bucket --delete", "helm uninstall payments",
            "terraform apply -replace=aws_instance.web", "redis-cli FLUSHALL; echo purge", "mkfs.ext4 /dev/sdb1",
            "aws s3api delete-bucket --bucket logs", "Drop Database ledger"})
    void commandsThatDestroyAreReadAsDestructive(String command) {
        assertThat(policy.classify(plan("sandbox", action("UPDATE", "thing", "x", true, command)))
                .actions().getFirst().dmnInputs()).containsEntry(RiskInputFields.COMMAND_LOOKS_DESTRUCTIVE, true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"kubectl rollout restart deploy/api", "undelete-object --id 4", "ls --force-color",
            "docker run --rm busybox true", "UPDATE t SET deleted_at = now()", "npm install dropdown-menu",
            "git push --force-with-lease", "terraform plan", "psql -c 'SELECT count(*) FROM orders'"})
    void commandsThatOnlyMentionAWordAreNotDestructive(String command) {
        assertThat(policy.classify(plan("sandbox", action("UPDATE", "thing", "x", true, command)))
                .actions().getFirst().dmnInputs()).containsEntry(RiskInputFields.COMMAND_LOOKS_DESTRUCTIVE, false);
    }

    @Test
    void configuredCommandPatternsAddToAndSwitchOffTheBuiltInOnes() {
        RiskPolicy custom = new RiskPolicy(ROUTING, evidence(Map.of("scales-to-zero", "--replicas[= ]0\\b",
                "forces", ""), FLOORS_ON));

        assertThat(custom.classify(plan("staging", action("SCALE", "deployment", "api", true,
                "kubectl scale deploy/api --replicas=0"))).classification().reason()).contains("command scales-to-zero");
        assertThat(custom.classify(plan("staging", action("UPDATE", "repo", "api", true,
                "git push --force"))).classification().tier()).isEqualTo(Tier.LOW);
    }

    @Test
    void anInvalidPatternStopsStartUpNamingTheProperty() {
        assertThatThrownBy(() -> new RiskPolicy(ROUTING, evidence(Map.of("broken", "(unclosed"), FLOORS_ON)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("countersign.policy.evidence.destructive-commands.broken");
    }

    @Test
    void floorRaisesAProductionPermissionChangeToCriticalWhenTheDmnSaysLess() throws IOException {
        // A team edits the table and removes the permission rule: the DMN now says MEDIUM.
        byte[] lax = withoutRule("critical-production-permission-change");
        RiskPolicy floored = new RiskPolicy(ROUTING, evidence(Map.of(), FLOORS_ON), lax);
        RiskPolicy unfloored = new RiskPolicy(ROUTING, evidence(Map.of(), new Floors(false, Duration.ofHours(1),
                Duration.ofHours(24), Duration.ofHours(2))), lax);
        PlanFacts grant = plan("production", action("PERMISSION_CHANGE", "role", "db-writer", true,
                "psql -c 'GRANT ALL ON ALL TABLES IN SCHEMA public TO analytics'"));

        RiskVerdict verdict = floored.classify(grant);

        assertThat(verdict.dmnTier()).isEqualTo(Tier.MEDIUM);
        assertThat(verdict.dmnRuleId()).isEqualTo("medium-production-change");
        assertThat(verdict.classification().tier()).isEqualTo(Tier.CRITICAL);
        assertThat(verdict.classification().ruleId()).isEqualTo(RiskPolicy.FLOOR_RULE_ID);
        assertThat(verdict.classification().requiredApprovals()).isEqualTo(2);
        assertThat(verdict.classification().requireEachGroup()).isTrue();
        assertThat(verdict.classification().approverGroups()).containsExactly("cost-explorer-approvers", "sre");
        assertThat(verdict.classification().reason()).startsWith("Safety floor: a permission change in production"
                + " is never below CRITICAL (the policy said MEDIUM by rule medium-production-change)");
        assertThat(verdict.auditDetails()).containsKey("floor").containsEntry("dmnTier", "MEDIUM");
        assertThat(unfloored.classify(grant).classification().tier()).isEqualTo(Tier.MEDIUM);
    }

    @Test
    void floorCoversDestructiveAndGlobalActionsInProduction() throws IOException {
        byte[] lax = withoutRule("critical-production-global-scope");
        RiskPolicy floored = new RiskPolicy(ROUTING, evidence(Map.of(), FLOORS_ON), lax);

        RiskVerdict global = floored.classify(plan("production", withScope(action("CONFIG_CHANGE", "config",
                "feature-flags", true, "push-config --all"), "GLOBAL")));

        assertThat(global.dmnTier()).isLessThan(Tier.CRITICAL);
        assertThat(global.classification().tier()).isEqualTo(Tier.CRITICAL);
        assertThat(global.classification().reason()).contains("a GLOBAL-scope change in production");
    }

    @Test
    void floorDurationsAreTheShippedPolicysCriticalRoute() {
        Classification critical = policy.classify(plan("production",
                action("DROP", "database", "ledger", false, "dropdb ledger"))).classification();
        Floors defaults = evidence(Map.of(), FLOORS_ON).floors();

        assertThat(critical.tier()).isEqualTo(Tier.CRITICAL);
        assertThat(List.of(defaults.slaDuration(), defaults.expiryDuration(), defaults.approvalWindow()))
                .containsExactly(critical.slaDuration(), critical.expiryDuration(), critical.approvalWindow());
    }

    @Test
    void riskiestActionIsTheFirstOfTheHighestRankAsInTheWorkflow() {
        RiskVerdict verdict = policy.classify(plan("production",
                action("READ", "deployment", "api", true, "kubectl get pods"),
                action("PERMISSION_CHANGE", "role", "a", true, "grant a"),
                action("UPDATE", "database", "b", true, "kubectl delete pod b-0")));

        assertThat(verdict.dmnRuleId()).isEqualTo("critical-production-permission-change");
        assertThat(verdict.actions()).extracting(RiskVerdict.ActionReading::ruleId).containsExactly("low-read-only",
                "critical-production-permission-change", "critical-production-destructive-command");
    }

    @Test
    void agreesOnlyWithTheSameTierRuleAndPerActionRules() {
        RiskVerdict verdict = policy.classify(plan("production",
                action("DROP", "database", "ledger", false, "dropdb ledger")));

        assertThat(verdict.disagreementWith("CRITICAL", "critical-production-destructive",
                List.of("critical-production-destructive"))).isEmpty();
        assertThat(verdict.disagreementWith("LOW", "low-read-only", List.of("low-read-only"))).get().asString()
                .contains("engine said LOW by rule low-read-only, service says CRITICAL by rule "
                        + "critical-production-destructive");
        assertThat(verdict.disagreementWith("CRITICAL", "critical-production-destructive", null)).isPresent();
        assertThat(verdict.disagreementWith(null, null, List.of())).isPresent();
    }

    @Test
    void theWorkflowIsStartedWithExactlyTheInputsTheServiceEvaluates() {
        PlanFacts facts = plan("staging", action("UPDATE", "database", "orders-prod-db", true, "rm -rf /tmp/x"));

        assertThat(policy.dmnInputs(facts)).isEqualTo(policy.classify(facts).dmnInputs());
        assertThat(policy.dmnInputs(facts).getFirst()).containsOnlyKeys(RiskInputFields.ENVIRONMENT,
                RiskInputFields.OPERATION, RiskInputFields.COMMAND_LOOKS_DESTRUCTIVE, RiskInputFields.SCOPE,
                RiskInputFields.REGION_COUNT, RiskInputFields.REVERSIBLE, RiskInputFields.HAS_ROLLBACK_PLAN,
                RiskInputFields.ACTIVE_FREEZE);
    }

    @Test
    void aFreezeOverTheEffectiveEnvironmentDeniesANonLowPlanNamingItAndLetsALowOneThrough() {
        java.time.Instant until = java.time.Instant.parse("2026-12-27T00:00:00Z");
        FreezeCalendar production = (environment, service, regions) -> "production".equals(environment)
                ? java.util.Optional.of(new FreezeCalendar.Freeze("holidays", until)) : java.util.Optional.empty();
        // Declared staging, but the inventory places *-prod-* in production: the freeze follows the effective one.
        PlanFacts restart = new PlanFacts("staging", "cost-explorer",
                List.of(action("RESTART", "deployment", "orders-prod-api", true, "kubectl rollout restart")),
                production);
        PlanFacts read = new PlanFacts("production", "cost-explorer",
                List.of(action("READ", "deployment", "orders-api", true, "kubectl get pods")), production);

        RiskVerdict frozen = policy.classify(restart);

        assertThat(frozen.classification().tier()).isEqualTo(Tier.DENIED);
        assertThat(frozen.classification().ruleId()).isEqualTo("denied-change-freeze-production-change");
        assertThat(frozen.classification().reason()).startsWith("change freeze holidays until " + until);
        assertThat(policy.classify(read).classification().tier()).isEqualTo(Tier.LOW);
        assertThat(policy.freezeOver(read)).hasValueSatisfying(f -> assertThat(f.until()).isEqualTo(until));
    }

    private static RiskEvidenceProperties evidence(Map<String, String> commands, Floors floors) {
        return new RiskEvidenceProperties(commands, List.of(), true, floors);
    }

    private static PlanFacts plan(String environment, ActionFacts... actions) {
        return new PlanFacts(environment, "cost-explorer", List.of(actions));
    }

    private static ActionFacts action(String operation, String type, String resource, boolean reversible,
                                      String command) {
        return new ActionFacts(operation, DESTRUCTIVE.contains(operation), type, resource, "RESOURCE", 1, reversible,
                true, command);
    }

    private static ActionFacts withScope(ActionFacts a, String scope) {
        return new ActionFacts(a.operation(), a.operationDestructive(), a.resourceType(), a.resource(), scope,
                a.regionCount(), a.reversible(), a.hasRollbackPlan(), a.command());
    }

    /** The shipped policy with one rule cut out, as a careless edit of the table would leave it. */
    private static byte[] withoutRule(String ruleId) throws IOException {
        try (InputStream in = RiskPolicyClassificationTest.class.getClassLoader()
                .getResourceAsStream(ChangeRequestProcess.DMN_RESOURCE)) {
            String dmn = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String edited = dmn.replaceAll("(?s)<rule id=\"" + ruleId + "\">.*?</rule>", "");
            assertThat(edited).as("rule %s removed", ruleId).isNotEqualTo(dmn);
            return edited.getBytes(StandardCharsets.UTF_8);
        }
    }
}
