package io.countersign.engine;

import io.countersign.common.CountersignMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/** The embedded engine's replay time at its last start, in seconds (NaN while it still replays). */
@Configuration(proxyBeanMethods = false)
@Profile("!camunda")
class EngineMetrics {

    @Bean
    Gauge engineReplayTime(MeterRegistry registry, ObjectProvider<EngineReplay> replay) {
        return Gauge.builder(CountersignMetrics.ENGINE_REPLAY_TIME, replay,
                        r -> r.getObject().replayTime().map(took -> took.toMillis() / 1000.0).orElse(Double.NaN))
                .description("seconds the embedded engine took to replay its log at its last start")
                .baseUnit("seconds")
                .strongReference(true)
                .register(registry);
    }
}
