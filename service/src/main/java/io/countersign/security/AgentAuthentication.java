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
        super(authorities(token));
        this.token = token;
        setAuthenticated(true);
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

    private static List<GrantedAuthority> authorities(AgentToken token) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority("ROLE_" + Roles.AGENT));
        token.engineers().forEach(e -> authorities.add(new SimpleGrantedAuthority(Roles.ACTS_FOR_PREFIX + e)));
        return authorities;
    }
}
