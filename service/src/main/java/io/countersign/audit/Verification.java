package io.countersign.audit;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The outcome of walking the chain: valid, or the first entry that does not hold and why. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Verification(boolean valid, long entriesChecked, Long firstBrokenSeq, String reason) {

    static Verification valid(long entriesChecked) {
        return new Verification(true, entriesChecked, null, null);
    }

    static Verification broken(long entriesChecked, Long seq, String reason) {
        return new Verification(false, entriesChecked, seq, reason);
    }
}
