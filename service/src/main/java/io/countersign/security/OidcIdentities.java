package io.countersign.security;

import io.countersign.audit.AuditEvent;
import io.countersign.audit.AuditLog;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which directory user each single sign-on identity is. Only an admin links or unlinks, and each change is audited
 * with who made it and the user before and after, so the one way to become somebody through SSO leaves a trace.
 */
@Service
public class OidcIdentities {

    static final int MAX_ISSUER = 500;
    static final int MAX_SUBJECT = 255;

    private final JdbcClient jdbc;
    private final UserDirectory users;
    private final AuditLog audit;
    private final Clock clock;

    OidcIdentities(JdbcClient jdbc, UserDirectory users, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
    }

    public List<OidcIdentity> list() {
        return jdbc.sql("select issuer, subject, username, linked_by, linked_at from oidc_identity "
                        + "order by username, issuer, subject")
                .query((rs, n) -> new OidcIdentity(rs.getString("issuer"), rs.getString("subject"),
                        rs.getString("username"), rs.getString("linked_by"), rs.getTimestamp("linked_at").toInstant()))
                .list();
    }

    /** The directory user this identity is linked to, if an admin linked it. */
    public Optional<PersonName> userFor(String issuer, String subject) {
        if (issuer == null || subject == null) {
            return Optional.empty();
        }
        return jdbc.sql("select username from oidc_identity where issuer = ? and subject = ?")
                .params(issuer, subject)
                .query(String.class)
                .optional()
                .map(PersonName::new);
    }

    /** Links the identity to a directory user, replacing an earlier link of the same identity. */
    @Transactional
    public OidcIdentity link(String issuer, String subject, String username, Actor admin) {
        check("issuer", issuer, MAX_ISSUER);
        check("subject", subject, MAX_SUBJECT);
        PersonName user = PersonName.parse(username)
                .flatMap(name -> users.find(name.value()))
                .map(UserDirectory.Person::name)
                .orElseThrow(() -> new InvalidOidcIdentity("username", "must be a user in the directory"));
        Optional<PersonName> before = userFor(issuer, subject);
        Timestamp now = Timestamp.from(clock.instant());
        if (before.isPresent()) {
            jdbc.sql("update oidc_identity set username = ?, linked_by = ?, linked_at = ? where issuer = ? and subject = ?")
                    .params(user.value(), admin.name(), now, issuer, subject).update();
        } else {
            jdbc.sql("insert into oidc_identity (issuer, subject, username, linked_by, linked_at) values (?, ?, ?, ?, ?)")
                    .params(issuer, subject, user.value(), admin.name(), now).update();
        }
        record("OIDC_IDENTITY_LINKED", issuer, subject, before, Optional.of(user), admin);
        return new OidcIdentity(issuer, subject, user.value(), admin.name(), now.toInstant());
    }

    /** Removes the link; the identity can no longer sign in. */
    @Transactional
    public void unlink(String issuer, String subject, Actor admin) {
        Optional<PersonName> before = userFor(issuer, subject);
        if (before.isEmpty()) {
            throw new OidcIdentityNotFound(issuer, subject);
        }
        jdbc.sql("delete from oidc_identity where issuer = ? and subject = ?").params(issuer, subject).update();
        record("OIDC_IDENTITY_UNLINKED", issuer, subject, before, Optional.empty(), admin);
    }

    private void record(String type, String issuer, String subject, Optional<PersonName> before,
                        Optional<PersonName> after, Actor admin) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("issuer", issuer);
        details.put("subject", subject);
        details.put("before", before.map(PersonName::value).orElse(""));
        details.put("after", after.map(PersonName::value).orElse(""));
        String person = after.or(() -> before).map(PersonName::value).orElseThrow();
        audit.append(new AuditEvent(type, null, admin.name(), admin.kind(), admin.remoteAddress(), null, null,
                person, null, null, null, null, null, details));
    }

    private static void check(String field, String value, int max) {
        if (value == null || value.isBlank() || value.length() > max) {
            throw new InvalidOidcIdentity(field, "must be 1-" + max + " characters");
        }
    }

    /** A field of an identity link is not acceptable. */
    public static final class InvalidOidcIdentity extends RuntimeException {
        private final String field;

        InvalidOidcIdentity(String field, String reason) {
            super(reason);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** No link exists for this identity. */
    public static final class OidcIdentityNotFound extends RuntimeException {
        OidcIdentityNotFound(String issuer, String subject) {
            super("no link for issuer " + issuer + " and subject " + subject);
        }
    }
}
