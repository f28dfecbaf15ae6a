package io.midwatch.security.sso;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import io.midwatch.platform.ProblemResponse;

/**
 * Camunda's authentication of the engine REST API, which takes HTTP Basic as a Camunda user, and beside it a
 * bearer token of the identity provider: validated by Spring's JwtDecoder (signature through the provider's
 * keys, issuer, audience, expiry), its user signed in as for the webapps. An invalid token is 401; a token
 * whose user is refused (no mapped group, the name of a local account) is 403.
 */
public class EngineRestAuthentication extends ProcessEngineAuthenticationFilter {

    private static final String BEARER = "Bearer ";

    private final JwtDecoder tokens;
    private final SsoSignIn signIn;
    private final ObjectMapper json;

    public EngineRestAuthentication(JwtDecoder tokens, SsoSignIn signIn, ObjectMapper json) {
        this.tokens = tokens;
        this.signIn = signIn;
        this.json = json;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        var http = (HttpServletRequest) request;
        var answer = (HttpServletResponse) response;
        String authorization = http.getHeader(HttpHeaders.AUTHORIZATION);
        String call = engineCall(http);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || !requiresEngineAuthentication(call)) {
            super.doFilter(request, response, chain);
            return;
        }
        ProcessEngine engine = getAddressedEngine(extractEngineName(call));
        if (engine == null) {
            ProblemResponse.write(answer, HttpStatus.NOT_FOUND, "No process engine of that name", json);
            return;
        }
        Jwt token;
        try {
            token = tokens.decode(authorization.substring(BEARER.length()).trim());
        } catch (JwtException invalid) {
            BearerTokenUsers.refuseInvalidToken(answer, json);
            return;
        }
        SsoSignIn.Outcome user = signIn.signIn(token.getClaims(), String.valueOf(token.getIssuer()));
        if (user.refused()) {
            ProblemResponse.write(answer, HttpStatus.FORBIDDEN, user.refusal(), json);
            return;
        }
        setAuthenticatedUser(engine, user.userId(), user.groupIds(), List.of());
        try {
            chain.doFilter(request, response);
        } finally {
            clearAuthentication(engine);
        }
    }

    /** The path below the REST API's servlet, as Camunda's filter reads it. */
    private String engineCall(HttpServletRequest request) {
        String servletPath = servletPathPrefix == null ? request.getServletPath() : servletPathPrefix;
        return request.getRequestURI().substring(request.getContextPath().length() + servletPath.length());
    }
}
