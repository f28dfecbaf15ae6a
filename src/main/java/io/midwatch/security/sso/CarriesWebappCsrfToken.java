package io.midwatch.security.sso;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.camunda.bpm.webapp.impl.security.filter.util.CsrfConstants;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * A request that carries the CSRF token Camunda's webapps gave its session. Spring Security's filters run before
 * Camunda's CsrfPreventionFilter: the webapps' own logout call is taken there only with the token, and without it
 * goes on to Camunda's filter, which refuses it (and ends the session, as it does for every call without the token).
 */
final class CarriesWebappCsrfToken implements RequestMatcher {

    @Override
    public boolean matches(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object expected = session == null ? null : session.getAttribute(CsrfConstants.CSRF_TOKEN_SESSION_ATTR_NAME);
        String sent = request.getHeader(CsrfConstants.CSRF_TOKEN_HEADER_NAME);
        return expected instanceof String token && sent != null
                && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
    }
}
