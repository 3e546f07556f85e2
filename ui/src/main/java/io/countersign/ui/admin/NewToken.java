package io.countersign.ui.admin;

import java.time.Duration;
import java.util.List;

/** What the create form asked for, already parsed. The service checks the rest. */
public record NewToken(String agentId, String name, List<String> engineers, Duration validFor) {

    public NewToken {
        engineers = List.copyOf(engineers);
    }
}
