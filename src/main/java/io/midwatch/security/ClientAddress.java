package io.midwatch.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Remembers the client address of the request being served, for the password checks that Camunda makes
 * deep inside its engine. It is the peer's address unless the peer is a proxy named in
 * {@code server.tomcat.remoteip.internal-proxies} (none by default): then Tomcat takes it from that proxy's
 * {@code X-Forwarded-For}. A header sent by anyone else is ignored, so nobody picks the address they are
 * throttled under.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ClientAddress extends OncePerRequestFilter {

    /** The address of calls that MidWatch makes itself, outside any HTTP request. */
    static final String IN_PROCESS = "in-process";

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    static String current() {
        String address = CURRENT.get();
        return address == null ? IN_PROCESS : address;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        CURRENT.set(request.getRemoteAddr());
        try {
            chain.doFilter(request, response);
        } finally {
            CURRENT.remove();
        }
    }
}
