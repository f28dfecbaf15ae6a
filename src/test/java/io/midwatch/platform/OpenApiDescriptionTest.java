package io.midwatch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import io.midwatch.support.PostgresIntegrationTest;

/**
 * The OpenAPI description at /v3/api-docs and Swagger UI: behind the login of /api, valid, complete (every
 * endpoint of MidWatch's controllers, nothing else), with its error answers as problems and the README's
 * values as examples.
 */
class OpenApiDescriptionTest extends PostgresIntegrationTest {

    private static final String DOCS = "/v3/api-docs";
    private static final String PROBLEM_REF = "#/components/schemas/ProblemDetail";

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;
    @Autowired
    ObjectMapper json;

    @Test
    void describesExactlyTheEndpointsOfMidWatchsControllers() throws Exception {
        // Given the request mappings of MidWatch's own controllers under /api
        Set<String> mapped = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            if (handler.getBeanType().getPackageName().startsWith("io.midwatch")) {
                info.getPatternValues().stream().filter(path -> path.startsWith("/api/")).forEach(path ->
                        info.getMethodsCondition().getMethods().forEach(method -> mapped.add(method + " " + path)));
            }
        });

        // When the description is read with a login
        JsonNode description = description();

        // Then it holds those endpoints and no other
        Set<String> described = new TreeSet<>();
        description.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> described.add(method.toUpperCase() + " " + path.getKey())));
        assertThat(mapped).hasSizeGreaterThanOrEqualTo(17);
        assertThat(described).isEqualTo(mapped);
    }

    @Test
    void isValidOpenApi3() {
        // When the description is parsed and validated
        String text = api.get(DOCS).getBody().toString();
        var result = new OpenAPIParser().readContents(text, null, new ParseOptions());

        // Then it is OpenAPI 3 without a single complaint
        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.");
        assertThat(result.getOpenAPI().getPaths()).isNotEmpty();
    }

    @Test
    void everyOperationAnswersItsErrorsAsProblemsAnd401WithoutALogin() throws Exception {
        JsonNode description = description();
        assertThat(description.at("/components/schemas/ProblemDetail/properties/detail/type").asText())
                .isEqualTo("string");
        assertThat(description.at("/components/securitySchemes/basicAuth/scheme").asText()).isEqualTo("basic");
        assertThat(description.at("/security/0").has("basicAuth")).isTrue();

        description.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(entry -> {
            String operation = entry.getKey().toUpperCase() + " " + path.getKey();
            JsonNode responses = entry.getValue().get("responses");
            assertThat(responses.fieldNames()).toIterable().as("answers of %s", operation)
                    .anyMatch(code -> code.startsWith("2"));
            assertThat(responses.has("401")).as("401 of %s", operation).isTrue();
            assertThat(responses.has("503")).as("503 of %s", operation).isTrue();
            responses.fields().forEachRemaining(response -> {
                response.getValue().path("headers").fields().forEachRemaining(header ->
                        assertThat(header.getValue().has("schema")).as("%s header of %s %s", header.getKey(),
                                response.getKey(), operation).isTrue());
                if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                    assertThat(response.getValue().at("/content/application~1problem+json/schema/$ref").asText())
                            .as("%s of %s", response.getKey(), operation).isEqualTo(PROBLEM_REF);
                    assertThat(response.getValue().at("/content").size()).isEqualTo(1);
                } else {
                    assertThat(response.getValue().has("content") || response.getKey().equals("204"))
                            .as("%s of %s has a body", response.getKey(), operation).isTrue();
                }
            });
            if (entry.getValue().has("requestBody")) {
                assertThat(responses.has("400")).as("400 of %s", operation).isTrue();
                assertThat(responses.has("415")).as("415 of %s", operation).isTrue();
            }
        }));
    }

    @Test
    void theHeartbeatAuthenticatesAsTheMidServersUserAndIsNeverRefusedForItsRoles() throws Exception {
        JsonNode heartbeat = description().at("/paths/~1api~1mid-servers~1{name}~1heartbeat/post");

        assertThat(heartbeat.at("/security/0").has(ApiDocs.MID_SERVER_USER)).isTrue();
        assertThat(heartbeat.at("/security").size()).isEqualTo(1);
        assertThat(heartbeat.at("/responses").has("403")).isFalse();
        assertThat(heartbeat.at("/responses/429/headers").has("Retry-After")).isTrue();
        // the credentials travel as the security scheme says, not as a parameter
        heartbeat.at("/parameters").forEach(parameter ->
                assertThat(parameter.get("name").asText()).isNotEqualToIgnoringCase("Authorization"));
        // every other operation takes a Camunda user, whose roles may not allow the call
        JsonNode statusChange = description().at("/paths/~1api~1mid-servers~1{name}~1status/put");
        assertThat(statusChange.has("security")).isFalse();
        assertThat(statusChange.at("/responses").has("403")).isTrue();
    }

    @Test
    void eachOperationNamesTheRolesThatMayCallIt() throws Exception {
        JsonNode paths = description().get("paths");

        assertThat(paths.at("/~1api~1users~1{userName}/put/description").asText())
                .endsWith("\n\nRoles (Camunda groups): camunda-admin.");
        assertThat(paths.at("/~1api~1mid-servers~1{name}/get/description").asText())
                .endsWith("Roles (Camunda groups): camunda-admin, mid_admin, mid_integration, mid_worker.");
        assertThat(paths.at("/~1api~1mid-servers~1{name}~1issues/get/description").asText())
                .endsWith("Roles (Camunda groups): camunda-admin, mid_admin.");
        assertThat(paths.at("/~1api~1instances~1{name}~1users~1{userName}/get/description").asText())
                .endsWith("Roles (Camunda groups): camunda-admin, mid_worker.");
        // the heartbeat takes the MID Server's user, not a role
        assertThat(paths.at("/~1api~1mid-servers~1{name}~1heartbeat/post/description").asText())
                .doesNotContain("Roles");
    }

    @Test
    void withoutALoginTheDescriptionAndSwaggerUiAnswer401Problems() {
        for (String path : List.of(DOCS, DOCS + ".yaml", "/swagger-ui.html", "/swagger-ui/index.html")) {
            ResponseEntity<String> answer = anonymous.getForEntity(path, String.class);

            assertThat(answer.getStatusCode()).as(path).isEqualTo(HttpStatus.UNAUTHORIZED);
            assertThat(answer.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .as(path).isTrue();
            assertThat(answer.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Basic");
            assertThat(answer.getBody()).contains("\"detail\"");
        }
    }

    @Test
    void withALoginSwaggerUiServesTheDescription() {
        TestRestTemplate admin = anonymous.withBasicAuth("admin", ADMIN_PASSWORD);

        // When swagger-ui.html is asked for, and the page it sends to, if it sends to one
        ResponseEntity<String> answer = admin.getForEntity("/swagger-ui.html", String.class);
        if (answer.getStatusCode().is3xxRedirection()) {
            URI index = answer.getHeaders().getLocation();
            assertThat(index.getPath()).isEqualTo("/swagger-ui/index.html");
            answer = admin.getForEntity(index.getPath(), String.class);
        }

        // Then Swagger UI is served, and pointed at /v3/api-docs
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getBody()).contains("swagger-ui");
        ResponseEntity<String> config = admin.getForEntity(DOCS + "/swagger-config", String.class);
        assertThat(config.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(config.getBody()).contains("\"url\":\"" + DOCS + "\"");
    }

    @Test
    void theExamplesAreTheValuesOfTheReadmesWalkThrough() throws Exception {
        JsonNode description = description();

        // the bodies the README sends
        assertThat(exampleBody(description, "/api/users/{userName}", "put"))
                .isEqualTo(Map.of("password", "s3cret", "roles", List.of("mid_server")));
        assertThat(exampleBody(description, "/api/mid-servers", "post"))
                .containsAllEntriesOf(Map.of("name", "mid-1", "userName", "mid.user", "status", "Down"));
        assertThat(exampleBody(description, "/api/clones", "post")).containsAllEntriesOf(
                Map.of("cloneId", "prod-to-test-42", "sourceInstance", "prod", "targetInstance", "test"));
        assertThat(exampleBody(description, "/api/mid-servers/{name}/status", "put"))
                .isEqualTo(Map.of("status", "Up"));
        assertThat(exampleBody(description, "/api/issues/{id}", "patch")).isEqualTo(Map.of("state", "Resolved"));

        // the names in its paths and queries
        assertThat(parameterExample(description, "/api/users/{userName}", "put", "userName")).isEqualTo("mid.user");
        assertThat(parameterExample(description, "/api/clones/{cloneId}", "get", "cloneId"))
                .isEqualTo("prod-to-test-42");
        assertThat(parameterExample(description, "/api/issues", "get", "state")).isEqualTo("New");
        assertThat(parameterExample(description, "/api/issues", "get", "midServer")).isEqualTo("mid-1");
        assertThat(parameterExample(description, "/api/mid-servers/{name}/status", "put", "name")).isEqualTo("mid-1");
        assertThat(parameterExample(description, "/api/mid-servers/{name}/heartbeat", "post", "name"))
                .isEqualTo("mid-1");
    }

    private JsonNode description() throws Exception {
        ResponseEntity<JsonNode> answer = api.get(DOCS);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        return answer.getBody();
    }

    /** The example values of a request body's properties, as Swagger UI puts them together. */
    private Map<String, Object> exampleBody(JsonNode description, String path, String method) {
        String ref = description.at("/paths/" + escape(path) + "/" + method
                + "/requestBody/content/application~1json/schema/$ref").asText();
        assertThat(ref).as("request body of %s %s", method, path).startsWith("#/components/schemas/");
        JsonNode properties = description.at(ref.substring(1) + "/properties");
        Map<String, Object> example = new java.util.HashMap<>();
        properties.fields().forEachRemaining(property -> {
            if (property.getValue().has("example")) {
                example.put(property.getKey(), json.convertValue(property.getValue().get("example"), Object.class));
            }
        });
        return example;
    }

    private static String parameterExample(JsonNode description, String path, String method, String name) {
        Set<String> names = new HashSet<>();
        for (JsonNode parameter : description.at("/paths/" + escape(path) + "/" + method + "/parameters")) {
            names.add(parameter.get("name").asText());
            if (parameter.get("name").asText().equals(name)) {
                return parameter.get("example").asText();
            }
        }
        throw new AssertionError(method + " " + path + " has no parameter " + name + ", only " + names);
    }

    /** A path as a JSON pointer segment. */
    private static String escape(String path) {
        return path.replace("~", "~0").replace("/", "~1");
    }
}
