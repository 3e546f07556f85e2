package io.countersign.web;

import io.countersign.stall.Stall;
import io.countersign.stall.StalledRequests;
import io.countersign.ui.shared.StallNotice;
import io.countersign.ui.shared.Stalls;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** The stall banners of the request page and the inbox over {@link StalledRequests}. */
@Component
class WebStalls implements Stalls {

    private final StalledRequests stalls;

    WebStalls(StalledRequests stalls) {
        this.stalls = stalls;
    }

    @Override
    public Map<String, StallNotice> of(Collection<String> requestIds) {
        return stalls.current(requestIds).values().stream()
                .collect(Collectors.toUnmodifiableMap(Stall::requestId, WebStalls::notice));
    }

    static StallNotice notice(Stall stall) {
        return new StallNotice(stall.requestId(), stall.step(), stall.reason(), stall.stalledAt());
    }
}
