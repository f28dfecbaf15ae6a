package io.midwatch.platform;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 503 with a Retry-After, as {@link ApiProblems} does, when a request of MidWatch's API loses the
 * database connection outside a controller: in the filters in front of it (authentication looks the caller
 * up in the engine's identity tables), where no exception handler reaches.
 */
@Component
// ahead of every filter that may use the database, Spring Security's chain (order -100) included
@Order(ConnectionLossFilter.ORDER)
class ConnectionLossFilter extends OncePerRequestFilter {

    static final int ORDER = -1000;

    private static final Logger log = LoggerFactory.getLogger(ConnectionLossFilter.class);

    private final ObjectMapper json;

    ConnectionLossFilter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(request.getContextPath() + "/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | RuntimeException failure) {
            if (!ConnectionLoss.isTransient(failure) || response.isCommitted()) {
                throw failure;
            }
            log.warn("Answered 503 to {} {}: the database connection was lost: {}", request.getMethod(),
                    request.getRequestURI(), failure.toString());
            response.reset();
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(ConnectionLoss.RETRY_AFTER.toSeconds()));
            ProblemResponse.write(response, HttpStatus.SERVICE_UNAVAILABLE, ConnectionLoss.DETAIL, json);
        }
    }
}
