package io.countersign.ui.submit;

import java.util.List;
import java.util.Objects;

/** What became of a submitted plan: accepted with an id, or rejected with every problem found. */
public sealed interface SubmissionResult {

    /** @param warnings what the requester should know at once, e.g. that nobody can approve a routed group */
    record Accepted(String requestId, List<String> warnings) implements SubmissionResult {
        public Accepted {
            Objects.requireNonNull(requestId, "requestId");
            warnings = List.copyOf(warnings);
        }

        public Accepted(String requestId) {
            this(requestId, List.of());
        }
    }

    /** Nothing was stored. */
    record Rejected(List<FieldProblem> problems) implements SubmissionResult {
        public Rejected {
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("A rejection names at least one problem");
            }
        }
    }
}
