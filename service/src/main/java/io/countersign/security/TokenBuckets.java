package io.countersign.security;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * In-memory token buckets, one per key. Each instance limits on its own; behind a load balancer the effective limit
 * is the sum over instances, which is acceptable for a guard against runaway agents.
 */
final class TokenBuckets {

    private static final int MAX_KEYS = 100_000;

    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    TokenBuckets(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** Takes one token; empty if there is one, else how long until there will be. */
    java.util.Optional<Duration> take(String key, RateLimitProperties.Limit limit) {
        if (buckets.size() > MAX_KEYS) {
            // Full buckets carry no state worth keeping; dropping them bounds memory against many distinct callers.
            long now = nanoTime.getAsLong();
            buckets.values().removeIf(b -> b.isFull(now));
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(limit, nanoTime.getAsLong()));
        return bucket.take(limit, nanoTime.getAsLong());
    }

    /** How long until the bucket has a token again, without taking one; empty if it has one now. */
    java.util.Optional<Duration> waitFor(String key, RateLimitProperties.Limit limit) {
        Bucket bucket = buckets.get(key);
        return bucket == null ? java.util.Optional.empty() : bucket.waitFor(limit, nanoTime.getAsLong());
    }

    private static final class Bucket {
        private double tokens;
        private long refilledAt;
        private double capacity;

        Bucket(RateLimitProperties.Limit limit, long now) {
            this.tokens = limit.burst();
            this.capacity = limit.burst();
            this.refilledAt = now;
        }

        synchronized java.util.Optional<Duration> take(RateLimitProperties.Limit limit, long now) {
            double perNano = limit.perMinute() / 60e9;
            capacity = limit.burst();
            tokens = Math.min(capacity, tokens + (now - refilledAt) * perNano);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(Duration.ofNanos((long) Math.ceil((1 - tokens) / perNano)));
        }

        synchronized java.util.Optional<Duration> waitFor(RateLimitProperties.Limit limit, long now) {
            double perNano = limit.perMinute() / 60e9;
            double available = Math.min(limit.burst(), tokens + (now - refilledAt) * perNano);
            return available >= 1 ? java.util.Optional.empty()
                    : java.util.Optional.of(Duration.ofNanos((long) Math.ceil((1 - available) / perNano)));
        }

        synchronized boolean isFull(long now) {
            return tokens >= capacity && now > refilledAt;
        }
    }
}
