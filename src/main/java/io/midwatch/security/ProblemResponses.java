package io.midwatch.security;

import java.io.IOException;
import java.util.Comparator;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import io.midwatch.platform.ProblemResponse;

/** The 401 and 403 answers of MidWatch's API, as RFC 9457 problems like its other errors. */
class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final ObjectMapper json;

    ProblemResponses(ObjectMapper json) {
        this.json = json;
    }

    /** No credentials, or wrong ones. */
    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"MidWatch\"");
        write(response, HttpStatus.UNAUTHORIZED, "Authenticate with HTTP Basic as a Camunda user");
    }

    /** Authenticated, but in none of the groups the call needs: the answer names them. */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        var roles = ApiAccessRules.rolesFor(request);
        String names = roles.stream().sorted(Comparator.naturalOrder()).map(Role::groupId)
                .collect(Collectors.joining(", "));
        String user = request.getUserPrincipal() == null ? "the caller" : "'" + request.getUserPrincipal().getName() + "'";
        write(response, HttpStatus.FORBIDDEN, request.getMethod() + " " + request.getRequestURI() + " needs "
                + (roles.size() == 1 ? "the role " : "one of the roles ") + names
                + " (Camunda groups); " + user + " is in none of them");
    }

    private void write(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        ProblemResponse.write(response, status, detail, json);
    }
}
