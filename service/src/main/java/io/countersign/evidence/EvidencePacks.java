package io.countersign.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSObject;
import io.countersign.audit.AuditEvidence;
import io.countersign.intake.ChangePlan;
import io.countersign.intake.ChangeRequest;
import io.countersign.intake.ChangeRequests;
import io.countersign.token.ApprovalTokens;
import io.countersign.token.SigningKeys;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * One change's evidence, as one JSON document an auditor takes away: the plan and its hash, the policy's verdict,
 * each decision with the checks it passed, the approval token with the key that verifies it, the execution report,
 * and every audit entry of the request with its inclusion proof against a signed checkpoint. Every section but the
 * audit entries is taken from those entries or tied to them (the plan by its hash, the token by its id and key id),
 * so that {@code VerifyExport --evidence} can check the whole pack offline; see docs/audit.md.
 */
@Service
public class EvidencePacks {

    public static final String FORMAT = "countersign-evidence/v1";

    /** What the service enforced for every decision it recorded; the offline verifier re-checks each. */
    static final List<String> CHECKS = List.of("not-requester-or-submitter", "a-person-not-an-agent",
            "distinct-from-other-approvers", "in-an-approver-group-of-the-task");

    private final ChangeRequests requests;
    private final ApprovalTokens tokens;
    private final SigningKeys keys;
    private final AuditEvidence audit;
    private final ObjectMapper json;

    EvidencePacks(ChangeRequests requests, ApprovalTokens tokens, SigningKeys keys, AuditEvidence audit,
            ObjectMapper json) {
        this.requests = requests;
        this.tokens = tokens;
        this.keys = keys;
        this.audit = audit;
        this.json = json;
    }

    public Map<String, Object> of(String requestId) {
        ChangeRequest request = requests.get(requestId);
        Map<String, Object> auditPart = audit.forRequest(requestId);
        @SuppressWarnings("unchecked")
        var entries = (List<Map<String, Object>>) auditPart.get("entries");
        Map<String, Object> pack = new LinkedHashMap<>();
        pack.put("format", FORMAT);
        pack.put("requestId", requestId);
        ChangePlan plan = request.submission().plan();
        Map<String, Object> planPart = new LinkedHashMap<>();
        planPart.put("title", plan.title());
        planPart.put("justification", plan.justification());
        planPart.put("requestedBy", plan.requestedBy());
        planPart.put("agentId", request.submission().agentId());
        planPart.put("service", plan.service());
        planPart.put("environment", plan.environment());
        planPart.put("actions", json.valueToTree(plan.actions()));
        pack.put("plan", planPart);
        pack.put("planHash", request.submission().planHash());
        pack.put("classification", entries.stream().filter(e -> "CLASSIFIED".equals(e.get("type")))
                .reduce((a, b) -> b).map(e -> Map.of("tier", e.get("tier"), "details", e.get("details")))
                .orElse(null));
        List<Map<String, Object>> decisions = new ArrayList<>();
        for (var e : entries) {
            if ("DECIDED".equals(e.get("type"))) {
                Map<String, Object> decision = new LinkedHashMap<>();
                decision.put("actor", e.get("actor"));
                decision.put("actorKind", e.get("actorKind"));
                JsonNode method = ((JsonNode) e.get("details")).path("signInMethod");
                decision.put("signInMethod", method.isTextual() ? method.asText() : null);
                decision.put("at", e.get("occurredAt"));
                decision.put("outcome", e.get("outcome"));
                decision.put("comment", e.get("comment"));
                decision.put("groups", ((JsonNode) e.get("details")).path("groups"));
                decision.put("checksPassed", CHECKS);
                decisions.add(decision);
            }
        }
        pack.put("decisions", decisions);
        pack.put("approvalToken", tokens.tokenFor(requestId).map(this::token).orElse(null));
        pack.put("execution", entries.stream().filter(e -> "EXECUTED".equals(e.get("type")))
                .map(e -> Map.of("at", e.get("occurredAt"), "actor", e.get("actor"), "outcome",
                        String.valueOf(e.get("outcome")), "details", e.get("details")))
                .toList());
        pack.put("audit", auditPart);
        return pack;
    }

    private Map<String, Object> token(String compact) {
        try {
            JWSObject jws = JWSObject.parse(compact);
            String kid = jws.getHeader().getKeyID();
            @SuppressWarnings("unchecked")
            var jwks = (List<Map<String, Object>>) keys.publicJwks().get("keys");
            Map<String, Object> token = new LinkedHashMap<>();
            token.put("token", compact);
            token.put("header", jws.getHeader().toJSONObject());
            token.put("claims", jws.getPayload().toJSONObject());
            token.put("signature", jws.getSignature().toString());
            // Only what verifies: every member here is checked, none can be altered unnoticed.
            token.put("jwk", jwks.stream().filter(k -> kid.equals(k.get("kid"))).findFirst()
                    .map(k -> Map.of("kty", k.get("kty"), "crv", k.get("crv"), "x", k.get("x"), "y", k.get("y"),
                            "kid", k.get("kid")))
                    .orElse(null));
            return token;
        } catch (ParseException e) {
            throw new IllegalStateException("a stored approval token is not a JWS", e);
        }
    }
}
