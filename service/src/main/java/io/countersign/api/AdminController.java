package io.countersign.api;

import io.countersign.intake.ChangeRequest;
import io.countersign.intake.ChangeRequests;
import io.countersign.security.AgentToken;
import io.countersign.security.AgentTokens;
import io.countersign.security.CurrentActor;
import io.countersign.security.IssuedAgentToken;
import io.countersign.security.NewAgentToken;
import io.countersign.security.OidcIdentities;
import io.countersign.security.OidcIdentity;
import io.countersign.security.People;
import io.countersign.security.UserDirectory;
import io.countersign.stall.Stall;
import io.countersign.stall.StallActions;
import io.countersign.stall.StalledRequests;
import io.countersign.token.SigningKeys;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Admins: agent tokens, the keys that sign approval tokens, and requests the workflow can no longer move. */
@RestController
@Validated
@RequestMapping("/api/v1/admin")
class AdminController {

    private final AgentTokens agentTokens;
    private final SigningKeys signingKeys;
    private final CurrentActor currentActor;
    private final OidcIdentities oidcIdentities;
    private final People people;
    private final StalledRequests stalls;
    private final StallActions stallActions;
    private final ChangeRequests requests;

    AdminController(AgentTokens agentTokens, SigningKeys signingKeys, CurrentActor currentActor,
                    OidcIdentities oidcIdentities, People people,
                    StalledRequests stalls, StallActions stallActions, ChangeRequests requests) {
        this.people = people;
        this.agentTokens = agentTokens;
        this.oidcIdentities = oidcIdentities;
        this.signingKeys = signingKeys;
        this.currentActor = currentActor;
        this.stalls = stalls;
        this.stallActions = stallActions;
        this.requests = requests;
    }

    record CreateAgentToken(
            @NotBlank @Size(max = 100) String agentId,
            @NotEmpty @Size(max = 100) List<@NotBlank @Size(max = 100) String> engineers,
            @Min(1) @Max(365) Integer validForDays,
            @Size(max = 500) String description,
            @Min(1) @Max(100_000) Integer requestsPerMinute) {
    }

    /** The token and its webhook secret appear in this response only. */
    record CreatedAgentToken(AgentToken details, String token, String webhookSecret) {
        static CreatedAgentToken of(IssuedAgentToken issued) {
            return new CreatedAgentToken(issued.details(), issued.token(), issued.webhookSecret());
        }
    }

    @PostMapping("/agent-tokens")
    ResponseEntity<CreatedAgentToken> createAgentToken(@Valid @RequestBody CreateAgentToken body, HttpServletRequest http) {
        NewAgentToken spec = new NewAgentToken(body.agentId(), body.engineers(),
                Duration.ofDays(body.validForDays() == null ? 90 : body.validForDays()), body.description(),
                body.requestsPerMinute());
        IssuedAgentToken issued = agentTokens.create(spec, currentActor.get(http));
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/v1/admin/agent-tokens/" + issued.details().id()))
                .body(CreatedAgentToken.of(issued));
    }

    @GetMapping("/agent-tokens")
    List<AgentToken> agentTokens() {
        return agentTokens.list();
    }

    @PostMapping("/agent-tokens/{id}/revoke")
    AgentToken revokeAgentToken(@PathVariable String id, HttpServletRequest http) {
        return agentTokens.revoke(id, currentActor.get(http));
    }

    /** A single sign-on identity, named by what the provider never reassigns, and the directory user it is. */
    record OidcIdentityLink(@NotBlank @Size(max = 500) String issuer, @NotBlank @Size(max = 255) String subject,
                            @NotBlank @Size(max = 100) String username) {
    }

    record OidcIdentityRef(@NotBlank @Size(max = 500) String issuer, @NotBlank @Size(max = 255) String subject) {
    }

    @GetMapping("/oidc-identities")
    List<OidcIdentity> oidcIdentities() {
        return oidcIdentities.list();
    }

    /** Links an identity to a directory user, or moves an existing link to another user (audited either way). */
    @PostMapping("/oidc-identities")
    OidcIdentity linkOidcIdentity(@Valid @RequestBody OidcIdentityLink body, HttpServletRequest http) {
        return oidcIdentities.link(body.issuer(), body.subject(), body.username(), currentActor.get(http));
    }

    /** The subject can hold any character, so the identity travels in the body rather than the path. */
    @PostMapping("/oidc-identities/unlink")
    ResponseEntity<Void> unlinkOidcIdentity(@Valid @RequestBody OidcIdentityRef body, HttpServletRequest http) {
        oidcIdentities.unlink(body.issuer(), body.subject(), currentActor.get(http));
        return ResponseEntity.noContent().build();
    }

    record PersonBody(@Size(max = 200) String displayName, @Size(max = 4) Set<@NotBlank String> roles,
                      @Size(max = 100) Set<@NotBlank @Size(max = 100) String> approverGroups, Boolean enabled) {
    }

    /**
     * Creates or changes a person in the directory (a new one has no password and signs in through single sign-on).
     * Takes effect on their next request, live sessions included; audited with before and after.
     */
    @PutMapping("/users/{username}")
    UserDirectory.Person putUser(@PathVariable String username, @Valid @RequestBody PersonBody body,
                                 HttpServletRequest http) {
        return people.put(username, new People.PersonChange(body.displayName(), body.roles(), body.approverGroups(),
                body.enabled() == null || body.enabled()), currentActor.get(http));
    }

    @GetMapping("/signing-keys")
    List<SigningKeys.KeyInfo> signingKeys() {
        return signingKeys.list();
    }

    @PostMapping("/signing-keys/rotate")
    ResponseEntity<SigningKeys.KeyInfo> rotateSigningKey(HttpServletRequest http) {
        return ResponseEntity.status(HttpStatus.CREATED).body(signingKeys.rotate(currentActor.get(http)));
    }

    @PostMapping("/signing-keys/{kid}/retire")
    SigningKeys.KeyInfo retireSigningKey(@PathVariable String kid, HttpServletRequest http) {
        return signingKeys.retire(kid, currentActor.get(http));
    }

    /** One stalled request as the admin list shows it; {@code retryable} says whether retry can give the step back. */
    record StalledRequestView(String requestId, String title, String status, String tier, String step, String reason,
                              Instant since, boolean retryable, Map<String, String> links) {
        static StalledRequestView of(Stall stall, ChangeRequest request) {
            String self = "/api/v1/admin/stalled-requests/" + stall.requestId();
            return new StalledRequestView(stall.requestId(), request.submission().plan().title(),
                    request.status().name(), request.tier() == null ? null : request.tier().name(), stall.step(),
                    stall.reason(), stall.stalledAt(), stall.retryable(), Map.of("retry", self + "/retry",
                    "close", self + "/close", "request", "/api/v1/change-requests/" + stall.requestId()));
        }
    }

    /** What became of a stall an admin acted on. */
    record StallResolved(String requestId, String resolution, String status, String step, String stalledReason) {
    }

    record CloseStalledRequest(@NotBlank @Size(max = 1000) String reason) {
    }

    /** Oldest first, so the request stuck longest is at the top. */
    @GetMapping("/stalled-requests")
    List<StalledRequestView> stalledRequests(@RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit) {
        return stalls.open(limit).stream().map(s -> StalledRequestView.of(s, requests.get(s.requestId()))).toList();
    }

    @PostMapping("/stalled-requests/{requestId}/retry")
    ResponseEntity<StallResolved> retryStalledRequest(@PathVariable String requestId, HttpServletRequest http) {
        Stall retried = stallActions.retry(requestId, currentActor.get(http));
        return ResponseEntity.accepted().body(new StallResolved(requestId, "RETRIED",
                requests.get(requestId).status().name(), retried.step(), retried.reason()));
    }

    @PostMapping("/stalled-requests/{requestId}/close")
    StallResolved closeStalledRequest(@PathVariable String requestId, @Valid @RequestBody CloseStalledRequest body,
                                      HttpServletRequest http) {
        Stall stall = stalls.current(requestId).orElse(null);
        ChangeRequest closed = stallActions.close(requestId, currentActor.get(http), body.reason());
        return new StallResolved(requestId, "CLOSED", closed.status().name(),
                stall == null ? null : stall.step(), stall == null ? null : stall.reason());
    }
}
