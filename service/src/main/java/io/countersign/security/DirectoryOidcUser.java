package io.countersign.security;

import java.util.Collection;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * A person signed in through single sign-on, known by the directory user their (issuer, subject) is linked to, with
 * that user's roles and groups. The provider's own names ({@code preferred_username}, e-mail) never become an identity.
 */
final class DirectoryOidcUser extends DefaultOidcUser {

    private final String username;

    DirectoryOidcUser(OidcUser signedIn, PersonName username, Collection<? extends GrantedAuthority> authorities) {
        super(authorities, signedIn.getIdToken(), signedIn.getUserInfo(), "sub");
        this.username = username.value();
    }

    @Override
    public String getName() {
        return username;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DirectoryOidcUser that && super.equals(that) && username.equals(that.username);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + username.hashCode();
    }
}
