package io.countersign.intake;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The agent that proposed a plan. */
public record AgentRef(
        @NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9._:@-]+", message = "may contain only letters, digits and . _ : @ -") String id,
        @NotBlank @Size(max = 200) String name) {
}
