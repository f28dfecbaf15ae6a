package io.midwatch.security;

import static io.midwatch.security.Role.ADMINISTRATOR;
import static io.midwatch.security.Role.DIAGNOSIS_WORKER;
import static io.midwatch.security.Role.INTEGRATION;
import static io.midwatch.security.Role.MONITORING;
import static io.midwatch.security.Role.OPERATOR;

import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Who may call what under {@code /api}, its description ({@code /v3/api-docs}, Swagger UI) and {@code /actuator}:
 * the one place that says it. The first rule that matches a request decides; a request that no rule matches is
 * for administrators only.
 */
final class ApiAccessRules {

    /** A method and path pattern, and the roles that may call it; no roles: anybody, without a login. */
    record Rule(HttpMethod method, String pattern, Set<Role> roles) {

        RequestMatcher matcher() {
            return PathPatternRequestMatcher.withDefaults().matcher(method, pattern);
        }

        boolean matches(HttpMethod method, String path) {
            return this.method.equals(method)
                    && PathPatternParser.defaultInstance.parse(pattern).matches(PathContainer.parsePath(path));
        }
    }

    static final List<Rule> RULES = List.of(
            // the probes of a container platform or load balancer: the status only, no details
            rule(HttpMethod.GET, "/actuator/health/liveness"),
            rule(HttpMethod.GET, "/actuator/health/readiness"),
            rule(HttpMethod.GET, "/api/mid-servers/*/issues", ADMINISTRATOR, OPERATOR),
            rule(HttpMethod.GET, "/api/mid-servers", ADMINISTRATOR, OPERATOR, INTEGRATION, DIAGNOSIS_WORKER),
            rule(HttpMethod.GET, "/api/mid-servers/*", ADMINISTRATOR, OPERATOR, INTEGRATION, DIAGNOSIS_WORKER),
            rule(HttpMethod.POST, "/api/mid-servers", ADMINISTRATOR, INTEGRATION),
            rule(HttpMethod.PUT, "/api/mid-servers/*/status", ADMINISTRATOR, INTEGRATION),
            rule(HttpMethod.GET, "/api/clones", ADMINISTRATOR, OPERATOR, INTEGRATION),
            rule(HttpMethod.GET, "/api/clones/*", ADMINISTRATOR, OPERATOR, INTEGRATION),
            rule(HttpMethod.POST, "/api/clones", ADMINISTRATOR, INTEGRATION),
            rule(HttpMethod.GET, "/api/issues", ADMINISTRATOR, OPERATOR),
            rule(HttpMethod.GET, "/api/issues/*", ADMINISTRATOR, OPERATOR),
            rule(HttpMethod.PATCH, "/api/issues/*", ADMINISTRATOR, OPERATOR),
            rule(HttpMethod.GET, "/api/forecasts", ADMINISTRATOR, OPERATOR),
            rule(HttpMethod.GET, "/api/forecasts/*", ADMINISTRATOR, OPERATOR),
            rule(HttpMethod.POST, "/api/forecasts/*/recompute", ADMINISTRATOR, OPERATOR),
            rule(HttpMethod.GET, "/api/users/*", ADMINISTRATOR, OPERATOR, DIAGNOSIS_WORKER),
            rule(HttpMethod.PUT, "/api/users/*", ADMINISTRATOR),
            rule(HttpMethod.GET, "/api/instances", ADMINISTRATOR, OPERATOR),
            // the diagnosis tells a user missing on an instance from an instance MidWatch does not know by it
            rule(HttpMethod.GET, "/api/instances/*", ADMINISTRATOR, OPERATOR, DIAGNOSIS_WORKER),
            // the diagnosis of a MID Server of an instance reads its user there
            rule(HttpMethod.GET, "/api/instances/*/users/*", ADMINISTRATOR, DIAGNOSIS_WORKER),
            // the description of /api, for those who call it by hand or write integrations against it
            rule(HttpMethod.GET, "/v3/api-docs/**", ADMINISTRATOR, OPERATOR, INTEGRATION),
            rule(HttpMethod.GET, "/v3/api-docs.yaml/**", ADMINISTRATOR, OPERATOR, INTEGRATION),
            rule(HttpMethod.GET, "/swagger-ui.html", ADMINISTRATOR, OPERATOR, INTEGRATION),
            rule(HttpMethod.GET, "/swagger-ui/**", ADMINISTRATOR, OPERATOR, INTEGRATION),
            rule(HttpMethod.GET, "/actuator/health/**", ADMINISTRATOR, OPERATOR, MONITORING),
            rule(HttpMethod.GET, "/actuator/info", ADMINISTRATOR, OPERATOR, MONITORING),
            // the metrics Prometheus scrapes (docs/operations.md#metrics)
            rule(HttpMethod.GET, "/actuator/prometheus", ADMINISTRATOR, MONITORING));

    /** The roles of everything the rules do not name. */
    static final Set<Role> OTHERWISE = Set.of(ADMINISTRATOR);

    private ApiAccessRules() {
    }

    /** The roles that may send this request. */
    static Set<Role> rolesFor(HttpServletRequest request) {
        return RULES.stream().filter(rule -> rule.matcher().matches(request)).findFirst()
                .map(Rule::roles).orElse(OTHERWISE);
    }

    /** The roles that may send a request of this method to this path, for the API's description. */
    static Set<Role> rolesFor(HttpMethod method, String path) {
        return RULES.stream().filter(rule -> rule.matches(method, path)).findFirst()
                .map(Rule::roles).orElse(OTHERWISE);
    }

    private static Rule rule(HttpMethod method, String pattern, Role... roles) {
        return new Rule(method, pattern, Set.of(roles));
    }
}
