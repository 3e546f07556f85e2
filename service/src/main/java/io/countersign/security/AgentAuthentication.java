package io.countersign.security;

import java.util.ArrayList;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An agent authenticated by its token: role AGENT, plus one authority per engineer it may act for. */
final class AgentAuthentication extends AbstractAuthenticationToken {

    private final AgentToken token;

    AgentAuthentication(AgentToken token) {
        this(token, token.engineers());
    }

    private AgentAuthentication(AgentToken token, java.util.Collection<String> engineers) {
        super(authorities(engineers));
        this.token = token;
        setAuthenticated(true);
    }

    /** The same token, acting only for these of its engineers (those the directory still lets sign in). */
    AgentAuthentication withEngineers(java.util.Collection<String> engineers) {
        return new AgentAuthentication(token, token.engineers().stream().filter(engineers::contains).toList());
    }

    AgentToken token() {
        return token;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return token.agentId();
    }

    /** The token's id, which rate limits are keyed by. */
    @Override
    public Object getDetails() {
        return token.id();
    }

    private static List<GrantedAuthority> authorities(java.util.Collection<String> engineers) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority("ROLE_" + Roles.AGENT));
        engineers.forEach(e -> authorities.add(new SimpleGrantedAuthority(Roles.ACTS_FOR_PREFIX + e)));
        return authorities;
    }
}
