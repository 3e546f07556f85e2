package io.countersign.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {

    private final AtomicLong now = new AtomicLong();
    private final TokenBuckets buckets = new TokenBuckets(now::get);
    private final RateLimitProperties.Limit sixPerMinuteBurstTwo = new RateLimitProperties.Limit(6, 2);

    @Test
    void allowsTheBurstThenSaysHowLongUntilTheNextToken() {
        assertThat(buckets.take("k", sixPerMinuteBurstTwo)).isEmpty();
        assertThat(buckets.take("k", sixPerMinuteBurstTwo)).isEmpty();

        assertThat(buckets.take("k", sixPerMinuteBurstTwo)).contains(Duration.ofSeconds(10));
    }

    @Test
    void refillsAtTheSustainedRateButNeverBeyondTheBurst() {
        buckets.take("k", sixPerMinuteBurstTwo);
        buckets.take("k", sixPerMinuteBurstTwo);

        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(buckets.take("k", sixPerMinuteBurstTwo)).isEmpty();
        assertThat(buckets.take("k", sixPerMinuteBurstTwo)).isPresent();

        now.addAndGet(Duration.ofHours(1).toNanos());
        assertThat(buckets.take("k", sixPerMinuteBurstTwo)).isEmpty();
        assertThat(buckets.take("k", sixPerMinuteBurstTwo)).isEmpty();
        assertThat(buckets.take("k", sixPerMinuteBurstTwo)).isPresent();
    }

    @Test
    void eachKeyHasItsOwnBucket() {
        buckets.take("agent-token:a", sixPerMinuteBurstTwo);
        buckets.take("agent-token:a", sixPerMinuteBurstTwo);

        assertThat(buckets.take("agent-token:a", sixPerMinuteBurstTwo)).isPresent();
        assertThat(buckets.take("login:alice", sixPerMinuteBurstTwo)).isEmpty();
    }
}
