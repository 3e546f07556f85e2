package io.countersign.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Request limits on the API, per agent token and per login (and per address for calls with no credentials).
 * An agent token can carry a lower limit of its own.
 *
 * @param failedSignInsPerMinute wrong passwords allowed per user name and minute (burst the same); past that, that
 *                               name cannot sign in until the bucket refills, whatever password it brings
 * @param maxBodyBytes a request body larger than this is refused with 413 before anything reads it
 */
@ConfigurationProperties("countersign.rate-limit")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue Limit agent,
        @DefaultValue Limit login,
        @DefaultValue("10") int failedSignInsPerMinute,
        @DefaultValue("1048576") long maxBodyBytes) {

    public RateLimitProperties {
        if (failedSignInsPerMinute < 1) {
            throw new IllegalArgumentException("countersign.rate-limit.failed-sign-ins-per-minute must be positive");
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("countersign.rate-limit.max-body-bytes must be at least 1024");
        }
    }

    /**
     * A token bucket: {@code perMinute} sustained, up to {@code burst} at once.
     */
    public record Limit(@DefaultValue("600") int perMinute, @DefaultValue("1000") int burst) {
        public Limit {
            if (perMinute < 1 || burst < 1) {
                throw new IllegalArgumentException("rate limits must be positive");
            }
        }
    }
}
