package io.midwatch.platform;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;

/**
 * The OpenAPI description of MidWatch's own API ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}):
 * what every operation shares, so that a controller declares only the answers that are its own. Every error
 * answer is an RFC 9457 problem, as {@link ApiProblems} and the security filters write it.
 */
@Configuration(proxyBeanMethods = false)
public class ApiDocs {

    /** HTTP Basic as a Camunda user: every operation but the heartbeat. */
    private static final String CAMUNDA_USER = "basicAuth";
    /** HTTP Basic as the MID Server's own {@code sys_user}, which the heartbeat checks itself (R12). */
    public static final String MID_SERVER_USER = "midServerBasicAuth";

    private static final String PROBLEM = "ProblemDetail";
    private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    @Bean
    OpenAPI midWatchApi() {
        return new OpenAPI()
                .info(new Info().title("MidWatch API").version(version()).description("""
                        MidWatch's REST contract (docs/spec.md): clones, MID Servers, issues, the instance's \
                        users, heartbeats and the ServiceNow instances it polls. Every call takes HTTP Basic as a \
                        Camunda user, and what it may call follows from the user's Camunda groups \
                        (docs/security.md); the heartbeat alone authenticates as the MID Server's own sys_user. \
                        Errors are application/problem+json; a refused request changes nothing."""))
                .components(new Components()
                        .addSecuritySchemes(CAMUNDA_USER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("basic").description("A Camunda user (an administrator, operator, "
                                        + "integration or the diagnosis worker); its groups decide what it may call"))
                        .addSecuritySchemes(MID_SERVER_USER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("basic").description("The MID Server's own sys_user (not a Camunda user), "
                                        + "as PUT /api/users/{userName} keeps it: exists, active, not locked out, "
                                        + "has the role mid_server and the password matches")))
                .addSecurityItem(new SecurityRequirement().addList(CAMUNDA_USER));
    }

    /**
     * The answers any operation may give: 401, 403 under the Camunda-user login, 400 and 415 where a body or
     * path is read, 503 when the database connection is lost; and every error answer as a problem. The
     * problem's schema comes with the answers that refer to it: springdoc drops the schemas no operation refers
     * to ({@code springdoc.remove-broken-reference-definitions}) before its customizers run.
     */
    @Bean
    OpenApiCustomizer problemAnswers() {
        return openApi -> {
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            openApi.getPaths().values().forEach(path -> path.readOperations().forEach(ApiDocs::addProblemAnswers));
        };
    }

    private static void addProblemAnswers(Operation operation) {
        ApiResponses responses = operation.getResponses();
        responses.putIfAbsent("401", new ApiResponse().description("No credentials, or wrong ones"));
        if (operation.getSecurity() == null) {
            responses.putIfAbsent("403", new ApiResponse().description(
                    "The caller's Camunda groups do not allow this call: the detail names the roles it needs"));
        }
        if (operation.getRequestBody() != null) {
            responses.putIfAbsent("400", new ApiResponse().description("Malformed JSON, an unknown field or "
                    + "value, or a field that fails validation: the detail names it"));
            responses.putIfAbsent("415", new ApiResponse().description("The body is not application/json"));
        } else if (hasPathParameter(operation)) {
            responses.putIfAbsent("400", new ApiResponse().description(
                    "A control character (such as CR or LF) or a / or \\ in the path"));
        }
        responses.putIfAbsent("503", new ApiResponse().description(
                "The database connection was lost: send the request again after Retry-After seconds"));
        responses.forEach((code, response) -> {
            if (code.startsWith("4") || code.startsWith("5")) {
                response.setContent(new Content().addMediaType(PROBLEM_JSON,
                        new MediaType().schema(new Schema<>().$ref(PROBLEM))));
            }
            if (code.equals("401")) {
                response.addHeaderObject(HttpHeaders.WWW_AUTHENTICATE, new Header()
                        .description("The Basic challenge").schema(new StringSchema()));
            }
            if (code.equals("429") || code.equals("503")) {
                response.addHeaderObject(HttpHeaders.RETRY_AFTER, new Header()
                        .description("Seconds to wait before sending again").schema(new IntegerSchema()));
            }
        });
        operation.setResponses(inCodeOrder(responses));
    }

    private static boolean hasPathParameter(Operation operation) {
        return operation.getParameters() != null
                && operation.getParameters().stream().anyMatch(parameter -> "path".equals(parameter.getIn()));
    }

    private static ApiResponses inCodeOrder(ApiResponses responses) {
        var ordered = new ApiResponses();
        responses.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
                .forEach(entry -> ordered.addApiResponse(entry.getKey(), entry.getValue()));
        return ordered;
    }

    private static Schema<?> problemSchema() {
        return new ObjectSchema().description("An RFC 9457 problem; the detail says what was wrong")
                .addProperty("type", new StringSchema().format("uri-reference").example("about:blank"))
                .addProperty("title", new StringSchema().example("Not Found"))
                .addProperty("status", new IntegerSchema().example(404))
                .addProperty("detail", new StringSchema().example("No MID Server named 'mid-1'"))
                .addProperty("instance", new StringSchema().description("The path of the request")
                        .example("/api/mid-servers/mid-1"))
                .addRequiredItem("status").addRequiredItem("detail");
    }

    /** The jar's version; run from the classes, there is none. */
    private static String version() {
        return Optional.ofNullable(ApiDocs.class.getPackage().getImplementationVersion()).orElse("development");
    }
}
