package io.midwatch.security;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import io.midwatch.platform.ProblemResponse;

/**
 * Closes the Admin webapp's first-user set-up ({@code /camunda/api/admin/setup/...}) for good. Camunda opens
 * it to anonymous callers whenever the group {@code camunda-admin} has no member (an advisory against
 * 7.24.0); MidWatch creates its administrator itself at every start ({@link Accounts}), so the page is never
 * needed, and an administrators' group emptied while MidWatch runs must not hand the engine to the first
 * caller.
 */
class FirstUserSetUpClosed extends OncePerRequestFilter {

    private final ObjectMapper json;

    FirstUserSetUpClosed(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ProblemResponse.write(response, HttpStatus.FORBIDDEN, "The first-user set-up is closed: MidWatch creates "
                + "its administrator at start-up (MIDWATCH_ADMIN_PASSWORD)", json);
    }
}
