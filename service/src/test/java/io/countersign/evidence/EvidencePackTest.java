package io.countersign.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.countersign.audit.VerifyExportAccess;
import io.countersign.support.Api;
import io.countersign.support.AppTest;
import io.countersign.support.WebSession;
import io.countersign.support.Plans;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change taken through the whole application (two approvals, token, execution report), its evidence pack fetched
 * as an auditor, verified offline, and then changed value by value: every change must fail, with a reason.
 */
class EvidencePackTest extends AppTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path files;

    @Test
    void theEvidencePackOfAnExecutedChangeVerifiesOfflineAndAnyChangedValueFailsWithTheReason() throws Exception {
        var deletion = Plans.plan("alice", "production", Plans.action("DELETE", "RESOURCE", false));
        deletion.put("title", "Delete the idle cost-explorer-prod cache");
        String id = submit("alice", deletion).get("id").asText();
        assertThat(decide("bob", taskOf("bob", id), "APPROVE", "Owners agree").status()).isEqualTo(200);
        taskOf("dave", id);
        // dave decides on the web page: the pack must say he used the login form, bob HTTP Basic.
        assertThat(WebSession.signedIn(port, "dave").post("/requests/" + id + "/decision",
                "decision=APPROVE&comment=Snapshot+verified").status()).isLessThan(400);
        JsonNode approved = awaitDecision("alice", id);
        Api.Response redeemed = as("alice").post("/api/v1/approval-tokens/redeem", Map.of(
                "token", approved.path("approvalToken").asText(), "planHash", approved.path("planHash").asText()));
        assertThat(redeemed.status()).as(redeemed.body()).isEqualTo(200);
        Api.Response reported = as("alice").post("/api/v1/change-requests/" + id + "/execution-report",
                Map.of("outcome", "SUCCEEDED", "planHash", approved.path("planHash").asText(),
                        "approvalToken", approved.path("approvalToken").asText()));
        assertThat(reported.status()).as(reported.body()).isEqualTo(200);

        Api.Response response = as("erin").get("/api/v1/change-requests/" + id + "/evidence");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(as("alice").get("/api/v1/change-requests/" + id + "/evidence").status())
                .as("an engineer is no auditor").isEqualTo(403);
        JsonNode pack = JSON.readTree(response.body());
        Path key = Files.writeString(files.resolve("log-key.txt"), api().get("/.well-known/countersign/log-key").body());

        assertThat(pack.path("decisions")).hasSize(2);
        assertThat(pack.path("approvalToken").path("claims").path("planHash").asText())
                .isEqualTo(pack.path("planHash").asText());
        assertThat(pack.path("execution")).hasSize(1);
        assertThat(pack.path("classification").path("details").path("ruleId").asText())
                .isEqualTo("critical-production-destructive");
        assertThat(pack.at("/decisions/0/signInMethod").asText()).isEqualTo("basic");
        assertThat(pack.at("/decisions/1/signInMethod").asText()).isEqualTo("form");
        assertThat(verify(response.body(), key)).startsWith("VALID: evidence of " + id);
        assertThat(verify(response.body().replaceFirst(",", ", "), key))
                .startsWith("BROKEN: not byte for byte as exported");

        List<String> failures = new ArrayList<>();
        for (var path : leaves(pack, "")) {
            ObjectNode changed = pack.deepCopy();
            mutate(changed, path);
            String result = verify(canonical(changed.toString()), key);
            if (!result.startsWith("BROKEN: ")) {
                failures.add(path + " -> " + result);
            }
        }
        assertThat(failures).as("changed values the verifier accepted").isEmpty();
        ObjectNode extra = pack.deepCopy();
        extra.put("note", "trust me");
        assertThat(verify(canonical(extra.toString()), key)).startsWith("BROKEN: unexpected field 'note'");
    }

    private static String canonical(String json) throws java.io.IOException {
        return new org.erdtman.jcs.JsonCanonicalizer(json).getEncodedString();
    }

    private String verify(String pack, Path key) throws Exception {
        Path file = Files.writeString(files.resolve("pack.json"), pack);
        return VerifyExportAccess.run("--evidence", file.toString(), "--log-key", key.toString());
    }

    /** JSON Pointer paths of every string, number and boolean in the pack. */
    private static List<String> leaves(JsonNode node, String path) {
        List<String> out = new ArrayList<>();
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> out.addAll(leaves(node.get(name), path + "/" + name)));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                out.addAll(leaves(node.get(i), path + "/" + i));
            }
        } else if (!node.isNull()) {
            out.add(path);
        }
        return out;
    }

    private static void mutate(ObjectNode root, String path) {
        int cut = path.lastIndexOf('/');
        JsonNode parent = root.at(path.substring(0, cut));
        String name = path.substring(cut + 1);
        JsonNode value = parent.isArray() ? parent.get(Integer.parseInt(name)) : parent.get(name);
        JsonNode changed = value.isTextual() ? new TextNode(flip(value.asText()))
                : value.isBoolean() ? JSON.getNodeFactory().booleanNode(!value.asBoolean())
                : JSON.getNodeFactory().numberNode(value.asLong() + 1);
        if (parent.isArray()) {
            ((ArrayNode) parent).set(Integer.parseInt(name), changed);
        } else {
            ((ObjectNode) parent).set(name, changed);
        }
    }

    /** One character changed, in the middle, so that prefixes and suffixes stay as they were. */
    private static String flip(String text) {
        if (text.isEmpty()) {
            return "x";
        }
        int at = text.length() / 2;
        char c = text.charAt(at);
        char other = c == 'a' ? 'b' : c == '0' ? '1' : Character.isDigit(c) ? '0' : 'a';
        return text.substring(0, at) + other + text.substring(at + 1);
    }
}
