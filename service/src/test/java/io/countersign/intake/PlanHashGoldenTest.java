package io.countersign.intake;


import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Plans stored and approved before the plan model moved to its own module must hash exactly as they did: an approval
 * token carries the hash, so a changed hash would refuse every outstanding approval. The hashes below were computed
 * by the service before the move, from these plans read by the service's own JSON configuration.
 */
class PlanHashGoldenTest {

    static final Map<String, String> GOLDEN = Map.of(
            // The README's restart plan.
            """
            {"title": "Restart cost-explorer API", "justification": "Memory leak after deploy",
             "requestedBy": "alice", "agent": {"id": "kiro-7", "name": "Kiro"},
             "service": "cost-explorer", "environment": "production",
             "actions": [{"operation": "RESTART", "resourceType": "deployment", "resource": "cost-explorer-api",
               "scope": "RESOURCE", "regions": ["eu-west-1"], "reversible": true,
               "command": "kubectl rollout restart deploy/cost-explorer-api", "rollbackPlan": "none needed"}]}""",
            "879f776b3a7f4fb92bcc62f9d875437298b6a038786acbb73cb0903e370823f1",
            // Two actions, several regions, text JSON must escape and RFC 8785 orders by UTF-16 code units.
            """
            {"title": "Recreate the prod stack", "justification": "Drift \\u00e9 \\ud83d\\ude80",
             "requestedBy": "ＡＬＩＣＥ", "service": "cost-explorer", "environment": "production",
             "actions": [
              {"operation": "RECREATE", "resourceType": "stack", "resource": "cost-explorer-prod-eu",
               "scope": "MULTI_REGION", "regions": ["eu-west-1", "eu-central-1"], "reversible": false,
               "command": "terraform destroy -auto-approve && terraform apply\\n\\t\\"quoted\\" \\\\ back \\u0001 ünï 漢字 🚀 \\u2028 </script>",
               "rollbackPlan": "restore the snapshot taken at 02:00"},
              {"operation": "READ", "resourceType": "bucket", "resource": "logs", "scope": "GLOBAL",
               "reversible": true, "command": "aws s3 ls s3://logs"}],
             "revisionOf": "8d5f6c1e-1111-4222-8333-944445555666", "callbackUrl": "https://agent.example/cb"}""",
            "df2ef26a405fb462631d6a49140ec15c37d7793a16632a4ec4dfdeeb32907bcb",
            // No rollback plan and no regions: absent fields are left out, empty regions are an empty list.
            """
            {"title": "t", "justification": "j", "requestedBy": "bob", "agent": {"id": "ci:deploy@x", "name": "CI"},
             "service": "billing", "environment": "staging",
             "actions": [{"operation": "DEPLOY", "resourceType": "deployment", "resource": "billing-api",
               "scope": "REGION", "regions": [], "reversible": true, "command": "helm upgrade billing ./chart"}]}""",
            "62db53946e305311dbcc4ef460a2a5d383239bed48629a6cadac92c12e22d11f");

    private final ApplicationContextRunner service = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class));

    @Test
    void fixedPlansHashAsTheyDidBeforeThePlanModelMoved() {
        service.run(context -> {
            ObjectMapper json = context.getBean(ObjectMapper.class);
            org.assertj.core.api.SoftAssertions.assertSoftly(soft -> GOLDEN.forEach((plan, hash) -> {
                try {
                    ChangePlan read = json.readValue(plan, ChangePlan.class);
                    soft.assertThat(PlanHash.of(read)).as(read.title()).isEqualTo(hash);
                } catch (java.io.IOException e) {
                    soft.fail(e.toString());
                }
            }));
        });
    }
}
