package io.countersign.audit;

/**
 * How the log key's private half is kept at rest: sealed under the master secret for one purpose and bound to the
 * key id. An interface, implemented outside this package with the security package's sealing, because the security
 * package writes audit entries: depending on it from here would make the two a cycle.
 */
public interface SecretSealing {

    String seal(String purpose, String plain, String boundTo);

    String open(String purpose, String stored, String boundTo);
}
