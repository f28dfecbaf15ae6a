package io.midwatch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import io.midwatch.support.Api;
import io.midwatch.support.PostgresIntegrationTest;

/**
 * No control character (CR, LF, NUL, NEL...) gets into a name or a clone field, so nobody can forge lines of
 * MidWatch's log with them: the request is a 400 problem that names the field, and nothing changes.
 */
class ControlCharactersTest extends PostgresIntegrationTest {

    /** A value that would end a log line and start a forged one. */
    private static final String FORGED = "mid-x\r\n2026-12-01T00:00:00Z INFO MID Server mid-y went from Down to Up";

    @ParameterizedTest
    @ValueSource(strings = {"name", "userName", "hostName", "version"})
    void aControlCharacterInAnyFieldOfANewMidServerIsA400ThatNamesItAndRegistersNothing(String field) {
        // Given a MID Server otherwise fine, with a line break in one field
        Map<String, Object> server = new HashMap<>(Map.of("name", "mid-x", "userName", "mid-x.user",
                "hostName", "mid-x.example.com", "version", "Xanadu"));
        server.put(field, FORGED);

        // When it is registered
        ResponseEntity<JsonNode> answer = api.post("/api/mid-servers", server);

        // Then the answer is a 400 problem that names the field, and no MID Server was registered
        assertRefused(answer, field);
        assertThat(api.get("/api/mid-servers").getBody()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "\t", "\u001b[31m", "\u007f", "\u0085"})
    void everyControlCharacterIsRefusedNotOnlyLineBreaks(String control) {
        // When a MID Server is registered with a NUL, a TAB, an escape sequence, a DEL or a NEL in its host name
        ResponseEntity<JsonNode> answer = api.post("/api/mid-servers",
                Map.of("name", "mid-x", "userName", "mid-x.user", "hostName", "mid-x" + control + ".example.com"));

        // Then it is refused, and nothing was registered
        assertRefused(answer, "hostName");
        assertThat(api.get("/api/mid-servers").getBody()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cloneId", "sourceInstance", "targetInstance"})
    void aControlCharacterInAnyFieldOfACloneEventIsA400ThatNamesItAndStartsNoCheck(String field) {
        // Given a clone event otherwise fine, with a line break in one field
        Map<String, Object> event = new HashMap<>(Map.of("cloneId", "clone-x", "sourceInstance", "acme-prod",
                "targetInstance", "acme-test"));
        event.put(field, FORGED);

        // When it is reported
        ResponseEntity<JsonNode> answer = api.post("/api/clones", event);

        // Then the answer is a 400 problem that names the field; no clone is stored, no check started
        assertRefused(answer, field);
        assertThat(api.get("/api/clones").getBody()).isEmpty();
        assertThat(runtimeService.createProcessInstanceQuery().count()).isZero();
    }

    @Test
    void aControlCharacterInTheUserNameOfAPutUserIsA400AndCreatesNobody() {
        // When a user is put whose name in the path holds a line break
        ResponseEntity<JsonNode> answer = api.put("/api/users/" + FORGED, Map.of("password", "Some-Pass-1"));

        // Then the answer is a 400 problem (the URL itself is refused, before any field is read), and no user exists
        assertPathRefused(answer);
        assertThat(jdbc.sql("SELECT count(*) FROM sys_user").query(Long.class).single()).isZero();
    }

    @Test
    void aControlCharacterInTheMidServerNameOfAStatusChangeIsA400AndChangesNothing() {
        // Given a Down MID Server
        assertThat(api.post("/api/mid-servers", Api.midServer("mid-x", "mid-x.user", "Down")).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);

        // When a status change names a MID Server with a line break in its name
        ResponseEntity<JsonNode> answer = api.put("/api/mid-servers/" + FORGED + "/status", Map.of("status", "Up"));

        // Then the answer is a 400 problem (the URL itself is refused), and the MID Server is still Down
        assertPathRefused(answer);
        assertThat(api.get("/api/mid-servers/mid-x").getBody().get("status").asText()).isEqualTo("Down");
    }

    private static void assertPathRefused(ResponseEntity<JsonNode> answer) {
        assertThat(answer.getStatusCode()).as("answer: %s", answer).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.getBody().get("detail").asText()).contains("must not contain control characters");
    }

    private static void assertRefused(ResponseEntity<JsonNode> answer, String field) {
        assertThat(answer.getStatusCode()).as("answer: %s", answer).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.getBody().get("detail").asText())
                .isEqualTo(field + " must not contain control characters (such as CR or LF)");
    }
}
