package io.countersign.intake;

import io.countersign.security.PersonName;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.groups.Default;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * What an agent or engineer submits. Validated at the edge (Bean Validation names the field) before anything is
 * stored. {@code revisionOf} links a resubmission to the request that asked for changes. {@code callbackUrl}, for
 * agents only, is where the decision is posted; it is not part of the plan hash because it does not change what runs.
 * The pattern keeps to http(s) and refuses user info ({@code user:pass@host}), which would put credentials in the
 * database and in logs, and is a common way to disguise the real host.
 */
public record ChangePlan(
        @NotBlank @Size(max = 200) String title,
        @NotBlank @Size(max = 4000) String justification,
        @NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9._@-]+", message = "must be a user name") String requestedBy,
        @Valid AgentRef agent,
        @NotBlank @Size(max = 100) @Pattern(regexp = "[a-z0-9][a-z0-9-]*", message = "must be a lower-case service name") String service,
        @NotBlank @Size(max = 50) @Pattern(regexp = "[a-z0-9][a-z0-9-]*", message = "must be a lower-case environment name") String environment,
        @NotNull(groups = {PlanShape.class, Default.class}) @NotEmpty(groups = {PlanShape.class, Default.class})
        @Size(max = 100, groups = {PlanShape.class, Default.class})
        List<@NotNull @Valid PlanAction> actions,
        @Size(max = 36) String revisionOf,
        @Size(max = 2000) @Pattern(regexp = CALLBACK_URL, message = "must be an absolute http or https URL without user info")
        String callbackUrl) {

    static final String CALLBACK_URL = "(?i)https?://[^\\s/?#@\\\\]+(?:[/?#]\\S*)?";

    public ChangePlan(String title, String justification, String requestedBy, AgentRef agent, String service,
                      String environment, List<PlanAction> actions, String revisionOf) {
        this(title, justification, requestedBy, agent, service, environment, actions, revisionOf, null);
    }

    public ChangePlan {
        // One person, one name: Alice, alice and ＡＬＩＣＥ are stored as alice. Left as typed when it cannot be a
        // user name, so validation names the field.
        requestedBy = PersonName.canonicalOrAsIs(requestedBy);
        // Keeps null elements so validation can name them (actions[0]: must not be null) instead of failing here.
        actions = actions == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(actions));
    }
}
