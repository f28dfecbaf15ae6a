package io.midwatch.security.sso;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The caller of {@code /api} with a bearer token that the JwtDecoder has validated (signature, issuer, audience,
 * expiry): the provider user signed in as a Camunda user, its mapped roles its authorities. A refused user
 * (no mapped group, the name of a local account) gets no authority, so every rule that needs a role answers 403.
 */
public class BearerTokenUsers implements Converter<Jwt, AbstractAuthenticationToken> {

    private final SsoSignIn signIn;

    public BearerTokenUsers(SsoSignIn signIn) {
        this.signIn = signIn;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        SsoSignIn.Outcome outcome = signIn.signIn(jwt.getClaims(), String.valueOf(jwt.getIssuer()));
        String name = outcome.userId() == null ? jwt.getSubject() : outcome.userId();
        return new JwtAuthenticationToken(jwt, outcome.groupIds().stream().map(SimpleGrantedAuthority::new).toList(),
                name);
    }
}
