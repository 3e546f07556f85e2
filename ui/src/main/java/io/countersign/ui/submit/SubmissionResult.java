package io.countersign.ui.submit;

import java.util.List;
import java.util.Objects;

/** What became of a submitted plan: accepted with an id, or rejected with every problem found. */
public sealed interface SubmissionResult {

    record Accepted(String requestId) implements SubmissionResult {
        public Accepted {
            Objects.requireNonNull(requestId, "requestId");
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
