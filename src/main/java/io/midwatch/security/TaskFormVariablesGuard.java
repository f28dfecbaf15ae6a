package io.midwatch.security;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.form.FormField;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import io.midwatch.platform.ProblemResponse;

/**
 * When anybody but an administrator completes, submits or resolves a user task through the engine's REST APIs,
 * the variables sent must be the task's own form fields that are not read only, with plain values: otherwise
 * an operator could complete one issue's task with another issue's {@code issueId} and resolve the wrong
 * issue, or store files and serialized objects in the process. The fields are read from the task's form, so
 * the rule holds for every user task a model declares.
 */
class TaskFormVariablesGuard extends OncePerRequestFilter {

    private static final Pattern TASK_WORK = Pattern.compile("^(?:/engine-rest(?:/engine/[^/]+)?"
            + "|/camunda/api/engine/engine/[^/]+)/task/([^/]+)/(?:complete|submit-form|resolve)/*$");

    /** The value types of form fields; files, bytes, serialized objects, JSON and XML are not among them. */
    private static final Set<String> PLAIN_TYPES = Set.of("string", "boolean", "integer", "long", "short", "double",
            "date", "null");

    private static final Set<String> BODY_FIELDS = Set.of("variables", "withVariablesInReturn");

    private final IdentityService identityService;
    private final FormService formService;
    private final ObjectMapper json;
    private final ObjectReader strictReader;

    TaskFormVariablesGuard(IdentityService identityService, FormService formService, ObjectMapper json) {
        this.identityService = identityService;
        this.formService = formService;
        this.json = json;
        // a name sent twice would let a check read one value and the engine another
        this.strictReader = json.reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Matcher taskWork = TASK_WORK.matcher(EngineApiCaller.path(request));
        if (!"POST".equals(request.getMethod()) || !taskWork.matches()
                || EngineApiCaller.isAdministrator(identityService, request)) {
            chain.doFilter(request, response);
            return;
        }
        var buffered = BufferedBodyRequest.of(request);
        JsonNode body;
        try {
            body = buffered.body().length == 0 ? json.createObjectNode() : strictReader.readTree(buffered.body());
        } catch (JsonProcessingException notJson) {
            ProblemResponse.write(response, HttpStatus.BAD_REQUEST, "The body is not JSON, or names a field twice",
                    json);
            return;
        }
        String taskId = taskWork.group(1);
        Set<String> writable;
        try {
            writable = writableFormFields(taskId);
        } catch (AuthorizationException notAllowed) {
            ProblemResponse.write(response, HttpStatus.FORBIDDEN, notAllowed.getMessage(), json);
            return;
        } catch (NullValueException noTask) {
            ProblemResponse.write(response, HttpStatus.NOT_FOUND, "There is no task " + taskId, json);
            return;
        }
        String problem = problemWith(body, writable);
        if (problem != null) {
            ProblemResponse.write(response, HttpStatus.BAD_REQUEST, problem, json);
            return;
        }
        chain.doFilter(buffered, response);
    }

    private Set<String> writableFormFields(String taskId) {
        return formService.getTaskFormData(taskId).getFormFields().stream()
                .filter(field -> field.getValidationConstraints().stream()
                        .noneMatch(constraint -> "readonly".equals(constraint.getName())))
                .map(FormField::getId)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** What is wrong with the body, or null if it sets only writable form fields to plain values. */
    static String problemWith(JsonNode body, Set<String> writable) {
        if (!body.isObject()) {
            return "The body must be a JSON object";
        }
        List<String> unknown = new ArrayList<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!BODY_FIELDS.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            return "Only variables and withVariablesInReturn may be sent: " + unknown + " refused";
        }
        JsonNode variables = body.path("variables");
        if (variables.isMissingNode() || variables.isNull()) {
            return null;
        }
        if (!variables.isObject()) {
            return "variables must be a JSON object";
        }
        List<String> refused = new ArrayList<>();
        for (Map.Entry<String, JsonNode> variable : variables.properties()) {
            if (!writable.contains(variable.getKey()) || !isPlain(variable.getValue())) {
                refused.add(variable.getKey());
            }
        }
        if (refused.isEmpty()) {
            return null;
        }
        return "Only the task's own form fields that are not read only may be set, with plain values ("
                + String.join(", ", writable.stream().sorted().toList()) + "); refused variables: "
                + String.join(", ", refused);
    }

    private static boolean isPlain(JsonNode variable) {
        JsonNode value = variable.path("value");
        if (!variable.isObject() || !(value.isValueNode() || value.isMissingNode())) {
            return false;
        }
        JsonNode type = variable.path("type");
        return type.isMissingNode() || type.isNull()
                || type.isTextual() && PLAIN_TYPES.contains(type.asText().toLowerCase(Locale.ROOT));
    }
}
