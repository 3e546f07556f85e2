package io.countersign.web;

import io.countersign.security.AgentToken;
import io.countersign.security.AgentTokenNotFound;
import io.countersign.security.AgentTokens;
import io.countersign.security.IssuedAgentToken;
import io.countersign.security.NewAgentToken;
import io.countersign.ui.admin.AdminActionRefused;
import io.countersign.ui.admin.AgentTokenAdmin;
import io.countersign.ui.admin.AgentTokenRefused;
import io.countersign.ui.admin.AgentTokenRow;
import io.countersign.ui.admin.IssuedToken;
import io.countersign.ui.admin.NewToken;
import io.countersign.ui.shared.Viewer;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Component;

/** The Admin page's agent tokens over {@link AgentTokens}, the same service the admin API uses. */
@Component
@PreAuthorize("hasRole('ADMIN')")
class WebAgentTokens implements AgentTokenAdmin {

    /** {@link NewAgentToken}'s field names → the create form's. */
    private static final Map<String, String> FORM_FIELDS = Map.of("agentId", "agentId", "engineers", "engineers",
            "validFor", "expiresInDays", "description", "name");

    private final AgentTokens tokens;

    WebAgentTokens(AgentTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public List<AgentTokenRow> tokens(Viewer viewer) {
        return tokens.list().stream().map(WebAgentTokens::row).toList();
    }

    @Override
    public IssuedToken create(Viewer viewer, NewToken token) {
        NewAgentToken spec;
        try {
            spec = new NewAgentToken(token.agentId(), token.engineers(), token.validFor(), token.name(), null);
        } catch (NewAgentToken.InvalidAgentToken invalid) {
            throw new AgentTokenRefused(FORM_FIELDS.getOrDefault(invalid.field(), invalid.field()),
                    capitalized(invalid.getMessage()));
        }
        IssuedAgentToken issued = tokens.create(spec, WebViewers.actor(viewer));
        return new IssuedToken(row(issued.details()), issued.token(), issued.webhookSecret());
    }

    @Override
    public AgentTokenRow revoke(Viewer viewer, String tokenId) {
        try {
            return row(tokens.revoke(tokenId, WebViewers.actor(viewer)));
        } catch (AgentTokenNotFound notFound) {
            throw new AdminActionRefused("There is no agent token " + tokenId + ".");
        }
    }

    private static AgentTokenRow row(AgentToken t) {
        return new AgentTokenRow(t.id(), t.agentId(), t.description(), t.tokenPrefix(), t.engineers(), t.createdBy(),
                t.createdAt(), t.expiresAt(), t.revoked(), t.revokedBy(), t.revokedAt(), t.lastUsedAt());
    }

    private static String capitalized(String reason) {
        return Character.toUpperCase(reason.charAt(0)) + reason.substring(1) + ".";
    }
}
