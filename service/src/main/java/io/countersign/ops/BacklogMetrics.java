package io.countersign.ops;

import io.countersign.common.Backlog;
import io.countersign.common.CountersignMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/** Every {@link Backlog} bean as two gauges: how many items wait, and how long the oldest has waited (seconds). */
@Component
class BacklogMetrics {

    private final List<Backlog> backlogs;

    BacklogMetrics(MeterRegistry registry, List<Backlog> backlogs) {
        this.backlogs = List.copyOf(backlogs);
        for (Backlog backlog : this.backlogs) {
            Gauge.builder(CountersignMetrics.BACKLOG_SIZE, backlog, Backlog::size)
                    .description("items accepted and not yet done").tag("backlog", backlog.name())
                    .strongReference(true).register(registry);
            Gauge.builder(CountersignMetrics.BACKLOG_AGE, backlog,
                            b -> b.oldestAge().map(Duration::toMillis).orElse(0L) / 1000.0)
                    .description("how long the oldest waiting item has waited").baseUnit("seconds")
                    .tag("backlog", backlog.name()).strongReference(true).register(registry);
        }
    }

    List<Backlog> backlogs() {
        return backlogs;
    }
}
