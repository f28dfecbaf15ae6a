package io.midwatch.security;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import io.midwatch.platform.ProblemResponse;

/**
 * Narrows what Camunda's authorizations allow on the engine's REST APIs ({@code /engine-rest} and the
 * webapps' own {@code /camunda/api/engine}) to what each role is for. The engine ties retrying an external
 * task, and working one, to the same permission as changing a process instance (UPDATE_INSTANCE); so
 * operators may read, work their tasks and retry jobs and external tasks, but change no instance, and the
 * diagnosis worker may fetch, complete, fail and extend its external tasks and nothing else. Administrators
 * are not narrowed. Runs after Camunda has authenticated the caller.
 */
class EngineApiGuard extends OncePerRequestFilter {

    /** {@code /engine-rest}, {@code /engine-rest/engine/default} or {@code /camunda/api/engine/engine/default}. */
    private static final Pattern ENGINE_ROOT =
            Pattern.compile("^(/engine-rest(/engine/[^/]+)?|/camunda/api/engine/engine/[^/]+)(?=/|$)");

    private static final List<String> WORKER_CALLS = List.of(
            "POST /external-task/fetchAndLock",
            "POST /external-task/[^/]+/(complete|failure|extendLock)");

    /** Operators' calls other than reads: queries sent as POST, their task work, and retries. */
    private static final List<String> OPERATOR_WRITES = List.of(
            "POST /(task|process-instance|execution|external-task|job|variable-instance"
                    + "|history/(process-instance|task|activity-instance|variable-instance|incident|job-log"
                    + "|decision-instance|detail|external-task-log|user-operation))(/count)?",
            "POST /filter/[^/]+/(list|count|singleResult)",
            "POST /task/[^/]+/(claim|unclaim|complete|submit-form)",
            "PUT /job/[^/]+/retries",
            "PUT /external-task/[^/]+/retries",
            "PUT /external-task/retries");

    private static final Pattern WORKER = anyOf(WORKER_CALLS);
    private static final Pattern OPERATOR = anyOf(OPERATOR_WRITES);

    private final IdentityService identityService;
    private final ObjectMapper json;

    EngineApiGuard(IdentityService identityService, ObjectMapper json) {
        this.identityService = identityService;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        var root = ENGINE_ROOT.matcher(path);
        Optional<List<String>> groups = EngineApiCaller.groupsOf(identityService, request);
        if (!root.find() || groups.isEmpty() || isAllowed(groups.get(), request.getMethod(),
                path.substring(root.end()))) {
            chain.doFilter(request, response);
            return;
        }
        ProblemResponse.write(response, HttpStatus.FORBIDDEN, request.getMethod() + " " + path
                + " is for administrators (group " + Role.ADMINISTRATOR.groupId() + ")", json);
    }

    static boolean isAllowed(List<String> groups, String method, String call) {
        String line = method + " " + (call.isEmpty() ? "/" : call.replaceAll("/+$", ""));
        if (groups.contains(Role.ADMINISTRATOR.groupId())) {
            return true;
        }
        boolean read = "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method);
        if (groups.contains(Role.OPERATOR.groupId()) && (read || OPERATOR.matcher(line).matches())) {
            return true;
        }
        if (groups.contains(Role.DIAGNOSIS_WORKER.groupId()) && WORKER.matcher(line).matches()) {
            return true;
        }
        // everybody else reads what Camunda's authorizations show them, and writes nothing
        return read && !groups.contains(Role.DIAGNOSIS_WORKER.groupId());
    }

    private static Pattern anyOf(List<String> calls) {
        return Pattern.compile("(" + String.join(")|(", calls) + ")");
    }
}
