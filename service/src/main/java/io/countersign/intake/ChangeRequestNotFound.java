package io.countersign.intake;

/** No change request with this id exists, or the caller may not see it. */
public class ChangeRequestNotFound extends RuntimeException {
    public ChangeRequestNotFound(String id) {
        super("no change request " + id);
    }
}
