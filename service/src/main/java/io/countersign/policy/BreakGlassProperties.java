package io.countersign.policy;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Break-glass (issue 14): who may approve a plan alone in an emergency, how long such an approval lasts, and by when
 * two other people must have reviewed it. Bound from the same {@code countersign.policy} prefix as the teams
 * directory, so the keys read {@code countersign.policy.break-glass-group} and so on.
 */
@ConfigurationProperties("countersign.policy")
public record BreakGlassProperties(
        @DefaultValue("sre") String breakGlassGroup,
        @DefaultValue("PT1H") Duration breakGlassWindow,
        @DefaultValue("PT24H") Duration breakGlassReviewWithin) {
}
