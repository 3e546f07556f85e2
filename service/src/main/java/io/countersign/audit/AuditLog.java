package io.countersign.audit;

/**
 * The append-only, hash-chained audit log. {@link #append} joins the caller's database transaction, so an entry is
 * committed exactly when the state change it records is.
 *
 * <p>The entry is sealed into the hash chain (given its gap-free {@code seq}, {@code prev_hash} and {@code hash}) by
 * the chain sealer right after the transaction commits, so that business transactions never queue behind each other
 * for the chain head; see {@code docs/audit.md}.
 */
public interface AuditLog {

    /**
     * Appends one entry for the event and returns the entry's id. The id is unique and increasing but may have gaps
     * (rolled-back transactions); the entry's gap-free chain position is assigned when it is sealed.
     */
    long append(AuditEvent event);
}
