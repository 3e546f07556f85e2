package io.countersign.audit;

/**
 * The append-only, hash-chained audit log. {@link #append} joins the caller's database transaction, so an entry is
 * committed exactly when the state change it records is.
 */
public interface AuditLog {

    /** Appends one entry for the event and returns its sequence number in the chain. */
    long append(AuditEvent event);
}
