package io.midwatch.security.sso;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import io.midwatch.platform.ProblemResponse;

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

    /**
     * The answer to a bearer token that is invalid, expired or not issued for MidWatch, on {@code /api} and
     * {@code /engine-rest} alike. Why it was refused stays unsaid: the decoder's text may quote the token's
     * claims, so it goes to neither the log nor the answer.
     */
    public static void refuseInvalidToken(HttpServletResponse response, ObjectMapper json) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
        ProblemResponse.write(response, HttpStatus.UNAUTHORIZED, "The bearer token is invalid or expired, or not "
                + "issued for MidWatch by its identity provider", json);
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        SsoSignIn.Outcome outcome = signIn.signIn(jwt.getClaims(), String.valueOf(jwt.getIssuer()));
        String name = outcome.userId() == null ? jwt.getSubject() : outcome.userId();
        return new JwtAuthenticationToken(jwt, outcome.groupIds().stream().map(SimpleGrantedAuthority::new).toList(),
                name);
    }
}
