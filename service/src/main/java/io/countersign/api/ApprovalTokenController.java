package io.countersign.api;

import io.countersign.intake.ChangeRequests;
import io.countersign.security.CurrentActor;
import io.countersign.token.ApprovalTokens;
import io.countersign.token.Redemption;
import io.countersign.token.SigningKeys;
import io.countersign.token.TokenCheck;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * For executors: check an approval token against a plan hash, fetch the public keys to check it offline, and spend it
 * (redeem) before running the plan.
 */
@RestController
class ApprovalTokenController {

    private final ApprovalTokens tokens;
    private final SigningKeys keys;
    private final ChangeRequests requests;
    private final CurrentActor currentActor;

    ApprovalTokenController(ApprovalTokens tokens, SigningKeys keys, ChangeRequests requests,
                            CurrentActor currentActor) {
        this.requests = requests;
        this.currentActor = currentActor;
        this.tokens = tokens;
        this.keys = keys;
    }

    record VerifyRequest(
            @NotBlank @Size(max = 8000) String token,
            @NotBlank @Pattern(regexp = "[0-9a-f]{64}", message = "must be a lower-case SHA-256 hex digest") String planHash) {
    }

    /**
     * Always 200 for a well-formed question: a refused token is an answer, not an error. Changes nothing, so it can
     * say a token is good and unused, never that it stays unused: only redeem spends it.
     */
    @PostMapping("/api/v1/approval-tokens/verify")
    TokenCheck verify(@Valid @RequestBody VerifyRequest request) {
        return tokens.verify(request.token(), request.planHash());
    }

    record RedeemRequest(
            @NotBlank @Size(max = 8000) String token,
            @NotBlank @Pattern(regexp = "[0-9a-f]{64}", message = "must be a lower-case SHA-256 hex digest") String planHash) {
    }

    /** Spends the token before the run: 200 with the execution it starts, once; 409 with who spent it after. */
    @PostMapping("/api/v1/approval-tokens/redeem")
    Redemption redeem(@Valid @RequestBody RedeemRequest request, HttpServletRequest http) {
        return requests.redeem(request.token(), request.planHash(), currentActor.get(http));
    }

    /** RFC 7517's own media type first; plain JSON too, which is what most HTTP clients and JWKS libraries ask for. */
    @GetMapping(path = "/.well-known/jwks.json", produces = {"application/jwk-set+json", MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<Map<String, Object>> jwks() {
        // Short cache: a rotated key must reach executors before the tokens it signs do.
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5)).cachePublic())
                .body(keys.publicJwks());
    }
}
