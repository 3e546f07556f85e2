package io.countersign.security;

import io.countersign.common.Sha256;
import io.countersign.audit.AuditEvent;
import io.countersign.audit.AuditLog;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Agent tokens: create (the token is shown once), list, revoke, and authenticate a presented token. A token is 32
 * random bytes behind the recognisable prefix {@code cs_agt_}; only its SHA-256 is stored, which is enough because a
 * guess at 256 random bits never succeeds, so no slow password hash is needed.
 */
@Service
public class AgentTokens {

    public static final String PREFIX = "cs_agt_";
    public static final String WEBHOOK_SECRET_PREFIX = "cs_whsec_";
    private static final String WEBHOOK_PURPOSE = "agent-token-webhook-secrets";
    private static final int RANDOM_BYTES = 32;
    private static final int SHOWN_PREFIX = PREFIX.length() + 6;
    private static final String COLUMNS = """
            id, agent_id, token_prefix, engineers, description, requests_per_minute, created_by, created_at, expires_at,
            revoked, revoked_by, revoked_at, last_used_at""";

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;
    private final SealedSecrets sealed;
    private final SecureRandom random = new SecureRandom();

    private final UserDirectory users;

    AgentTokens(JdbcClient jdbc, AuditLog audit, Clock clock, SealedSecrets sealed, UserDirectory users) {
        this.jdbc = jdbc;
        this.users = users;
        this.sealed = sealed;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public IssuedAgentToken create(NewAgentToken spec, Actor admin) {
        checkAgainstDirectory(spec);
        String token = PREFIX + randomText();
        String webhookSecret = WEBHOOK_SECRET_PREFIX + randomText();
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        jdbc.sql("""
                        insert into agent_token (id, agent_id, token_hash, token_prefix, engineers, description,
                          requests_per_minute, created_by, created_at, expires_at, webhook_secret_sealed)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, spec.agentId(), hash(token), token.substring(0, SHOWN_PREFIX),
                        String.join(",", spec.engineers()), spec.description(), spec.requestsPerMinute(),
                        admin.name(), Timestamp.from(now), Timestamp.from(now.plus(spec.validFor())),
                        sealed.seal(WEBHOOK_PURPOSE, webhookSecret, id))
                .update();
        AgentToken created = find(id).orElseThrow();
        record("AGENT_TOKEN_CREATED", created, admin, Map.of("tokenId", id, "engineers", created.engineers(),
                "expiresAt", created.expiresAt().toString()));
        return new IssuedAgentToken(created, token, webhookSecret);
    }

    /**
     * The secret that signs webhook callbacks for plans this token submitted. Still available after the token is
     * revoked or expires, so decisions on plans it submitted earlier are still delivered and verifiable.
     */
    public Optional<String> webhookSecret(String tokenId) {
        return jdbc.sql("select webhook_secret_sealed from agent_token where id = ?").param(tokenId)
                .query(String.class).list().stream()
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .map(stored -> sealed.open(WEBHOOK_PURPOSE, stored, tokenId));
    }

    /**
     * A token acts only for engineers the directory knows and lets sign in, and its agent id is never a person's
     * name: not a directory user's, nor a demo user's (reserved even when the demo users are off).
     */
    private void checkAgainstDirectory(NewAgentToken spec) {
        for (String engineer : spec.engineers()) {
            UserDirectory.Person person = users.find(engineer).orElseThrow(() ->
                    new NewAgentToken.InvalidAgentToken("engineers", engineer + " is not a user in the directory"));
            if (!person.enabled() || !person.hasRole(Roles.ENGINEER)) {
                throw new NewAgentToken.InvalidAgentToken("engineers", engineer + " is not an enabled engineer");
            }
        }
        PersonName.parse(spec.agentId())
                .filter(name -> DemoUsers.NAMES.contains(name.value()) || users.find(name.value()).isPresent())
                .ifPresent(name -> {
                    throw new NewAgentToken.InvalidAgentToken("agentId",
                            "must not be a person's user name (" + name + "); agent ids and people never share a name");
                });
    }

    /** True when some agent token's agent id is this person's name in any spelling (agent ids are ASCII). */
    static boolean agentIdInUse(JdbcClient jdbc, PersonName name) {
        return jdbc.sql("select count(*) from agent_token where lower(agent_id) = ?").param(name.value())
                .query(Long.class).single() > 0;
    }

    private String randomText() {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public List<AgentToken> list() {
        return jdbc.sql("select " + COLUMNS + " from agent_token order by created_at desc, id")
                .query(AgentTokens::map)
                .list();
    }

    public Optional<AgentToken> find(String id) {
        return jdbc.sql("select " + COLUMNS + " from agent_token where id = ?").param(id).query(AgentTokens::map).optional();
    }

    /** Revokes the token at once; revoking it again changes nothing. */
    @Transactional
    public AgentToken revoke(String id, Actor admin) {
        AgentToken token = find(id).orElseThrow(() -> new AgentTokenNotFound(id));
        int changed = jdbc.sql("update agent_token set revoked = true, revoked_by = ?, revoked_at = ? where id = ? and revoked = false")
                .params(admin.name(), Timestamp.from(clock.instant()), id)
                .update();
        if (changed == 1) {
            record("AGENT_TOKEN_REVOKED", token, admin, Map.of("tokenId", id));
        }
        return find(id).orElseThrow();
    }

    /** The token behind a presented bearer value, if it exists, is not revoked and has not expired. */
    Optional<AgentToken> authenticate(String presented) {
        if (presented == null || !presented.startsWith(PREFIX) || presented.length() > 200) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<AgentToken> token = jdbc.sql("select " + COLUMNS + " from agent_token where token_hash = ?")
                .param(hash(presented))
                .query(AgentTokens::map)
                .optional()
                .filter(t -> t.usableAt(now));
        token.ifPresent(t -> touch(t, now));
        return token;
    }

    /** Records use at most once a minute, so a busy agent does not turn every request into a write. */
    private void touch(AgentToken token, Instant now) {
        if (token.lastUsedAt() == null || token.lastUsedAt().isBefore(now.minusSeconds(60))) {
            jdbc.sql("update agent_token set last_used_at = ? where id = ?").params(Timestamp.from(now), token.id()).update();
        }
    }

    private void record(String type, AgentToken token, Actor admin, Map<String, Object> details) {
        audit.append(new AuditEvent(type, null, admin.name(), admin.kind(), admin.remoteAddress(), null,
                token.agentId(), null, null, null, null, null, token.description(), details));
    }

    static String hash(String token) {
        return Sha256.hex(token);
    }

    private static AgentToken map(ResultSet rs, int row) throws SQLException {
        return new AgentToken(rs.getString("id"), rs.getString("agent_id"), rs.getString("token_prefix"),
                Arrays.asList(rs.getString("engineers").split(",")), rs.getString("description"),
                (Integer) rs.getObject("requests_per_minute"), rs.getString("created_by"),
                instant(rs, "created_at"), instant(rs, "expires_at"), rs.getBoolean("revoked"),
                rs.getString("revoked_by"), instant(rs, "revoked_at"), instant(rs, "last_used_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
