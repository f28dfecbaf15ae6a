package io.midwatch.security;

import static io.midwatch.support.TestAccounts.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import io.midwatch.support.PostgresIntegrationTest;
import io.midwatch.support.TestAccounts;
import io.midwatch.support.WebappSession;

/**
 * Camunda 7.24.0 evaluates expressions inside a task query's {@code orQueries} although
 * {@code enableExpressionsInAdhocQueries} is off, with MidWatch's rights (docs/security.md, "Engine flaws MidWatch
 * defends against"). No door of the engine's REST APIs takes a query expression, from any role.
 */
class QueryExpressionTest extends PostgresIntegrationTest {

    @Autowired
    IdentityService identityService;
    @Autowired
    FilterService filterService;

    @TempDir
    Path dir;

    private String filterId;

    @BeforeEach
    void accountsAndTheOperatorsFilter() {
        TestAccounts.ensure(identityService);
        filterId = filterService.createFilterQuery().filterName(Accounts.MID_ADMIN_FILTER).singleResult().getId();
    }

    /** The doors of /engine-rest that run a task query sent in the body. */
    static Stream<String> engineRestDoors() {
        return Stream.of("/engine-rest/task", "/engine-rest/task/count", "/engine-rest/engine/default/task",
                "/engine-rest/engine/default/task/count", "/engine-rest/filter/{filter}/list",
                "/engine-rest/filter/{filter}/count", "/engine-rest/filter/{filter}/singleResult");
    }

    /** The same doors in the webapps' engine API, as Tasklist calls them. */
    static Stream<String> webappDoors() {
        return Stream.of("/task", "/task/count", "/filter/{filter}/list", "/filter/{filter}/count",
                "/filter/{filter}/singleResult");
    }

    @ParameterizedTest
    @MethodSource("engineRestDoors")
    void critical_aReflectiveExpressionInAnOrQueryFromAnOperatorIsRefusedAndRunsNothing(String door) {
        // Given an operator, and a file that the expression would create on the server
        Path file = dir.resolve("created-by-expression");

        // When the operator sends a task query whose or-query holds the expression
        var answer = TestAccounts.api(anonymous, OPERATOR).post(at(door), orQueryWith(reflectiveExpression(file)));

        // Then it is refused with a problem naming the field, and the expression did not run
        assertRefused(answer);
        assertThat(file).doesNotExist();
    }

    @ParameterizedTest
    @MethodSource("engineRestDoors")
    void critical_aReflectiveExpressionInAnOrQueryFromAnAdministratorIsRefusedAndRunsNothing(String door) {
        // Given the administrator, and a file that the expression would create on the server
        Path file = dir.resolve("created-by-expression");

        // When the administrator sends a task query whose or-query holds the expression
        var answer = api.post(at(door), orQueryWith(reflectiveExpression(file)));

        // Then it is refused as well, and the expression did not run
        assertRefused(answer);
        assertThat(file).doesNotExist();
    }

    @ParameterizedTest
    @MethodSource("engineRestDoors")
    void critical_evenAHarmlessExpressionInAnOrQueryIsRefused(String door) {
        // Given an operator
        // When the operator sends a task query whose or-query holds the query function now()
        var answer = TestAccounts.api(anonymous, OPERATOR).post(at(door), orQueryWith("${now()}"));

        // Then it is refused like any other expression
        assertRefused(answer);
    }

    @ParameterizedTest
    @MethodSource("webappDoors")
    void critical_aReflectiveExpressionInAnOrQueryThroughTasklistsEngineApiIsRefusedForAnOperator(String door) {
        // Given an operator logged in to Tasklist, and a file that the expression would create
        Path file = dir.resolve("created-by-expression");
        var tasklist = WebappSession.logIn(anonymous.getRootUri(), OPERATOR, TestAccounts.PASSWORD);

        // When the operator sends Tasklist's engine API a task query whose or-query holds the expression
        var answer = tasklist.post(at(door), orQueryWith(reflectiveExpression(file)));

        // Then it is refused and the expression did not run
        assertRefused(answer);
        assertThat(file).doesNotExist();
    }

    @ParameterizedTest
    @MethodSource("webappDoors")
    void critical_aHarmlessExpressionInAnOrQueryThroughTasklistsEngineApiIsRefusedForAnAdministrator(String door) {
        // Given the administrator logged in to Tasklist
        var tasklist = WebappSession.logIn(anonymous.getRootUri(), "admin", ADMIN_PASSWORD);

        // When the administrator sends Tasklist's engine API a task query whose or-query holds now()
        var answer = tasklist.post(at(door), orQueryWith("${now()}"));

        // Then it is refused
        assertRefused(answer);
    }

    @Test
    void critical_anExpressionAsAQueryParameterIsRefused() {
        // Given an operator
        // When the operator lists tasks with an expression in the URL's parameters
        var answer = TestAccounts.api(anonymous, OPERATOR).get("/engine-rest/task?dueAfterExpression="
                + URLEncoder.encode("${now()}", StandardCharsets.UTF_8));

        // Then it is refused with a problem naming the parameter
        assertThat(answer.getStatusCode().value()).isEqualTo(400);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.getBody().get("detail").asText()).contains("dueAfterExpression");
    }

    @Test
    void critical_aFilterWhoseOrQueryHoldsAnExpressionIsNotStored() {
        // Given the filters there are, and a file that the expression would create when the filter runs
        long filters = filterService.createFilterQuery().count();
        Path file = dir.resolve("created-by-expression");

        // When the administrator saves a filter whose query has an or-query with the expression
        var answer = api.post("/engine-rest/filter/create", Map.of("resourceType", "Task", "name", "sneaky",
                "query", orQueryWith(reflectiveExpression(file))));

        // Then it is refused, nothing is stored, and the expression did not run
        assertThat(answer.getStatusCode().value()).isEqualTo(400);
        assertThat(answer.getBody().get("detail").asText()).contains("/query/orQueries/0/dueAfterExpression");
        assertThat(filterService.createFilterQuery().count()).isEqualTo(filters);
        assertThat(file).doesNotExist();
    }

    /** An expression that creates the file where it runs, through reflection, as the attack did. */
    static String reflectiveExpression(Path file) {
        return "${''.getClass().forName('java.io.File').getConstructor(''.getClass()).newInstance('" + file
                + "').createNewFile()}";
    }

    private static Map<String, Object> orQueryWith(String expression) {
        return Map.of("orQueries", List.of(Map.of("dueAfterExpression", expression)));
    }

    private String at(String door) {
        return door.replace("{filter}", filterId);
    }

    private static void assertRefused(ResponseEntity<JsonNode> answer) {
        assertThat(answer.getStatusCode().value()).as("%s", answer.getBody()).isEqualTo(400);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.getBody().get("detail").asText()).contains("/orQueries/0/dueAfterExpression");
    }
}
