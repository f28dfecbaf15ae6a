package io.midwatch.security.sso;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * The webapps' login through the provider: after Spring Security has validated the ID token (and read the
 * user info), the user is signed in as a Camunda user with its mapped roles, or the login is refused.
 */
class ProviderOidcUsers extends OidcUserService {

    /** The error code of a refused user, which the login failure page tells from a provider's failure. */
    static final String REFUSED = "access_denied";

    private final SsoSignIn signIn;
    private final String userNameClaim;

    ProviderOidcUsers(SsoSignIn signIn, String userNameClaim) {
        this.signIn = signIn;
        this.userNameClaim = userNameClaim;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        OidcUser user = super.loadUser(request);
        SsoSignIn.Outcome outcome = signIn.signIn(user.getClaims(), String.valueOf(user.getIdToken().getIssuer()));
        if (outcome.refused()) {
            throw new OAuth2AuthenticationException(new OAuth2Error(REFUSED, outcome.refusal(), null),
                    outcome.refusal());
        }
        return new DefaultOidcUser(outcome.groupIds().stream().map(SimpleGrantedAuthority::new).toList(),
                user.getIdToken(), user.getUserInfo(), userNameClaim);
    }
}
