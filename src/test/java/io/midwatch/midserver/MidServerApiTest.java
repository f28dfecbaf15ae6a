package io.midwatch.midserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import io.midwatch.support.Api;
import io.midwatch.support.PostgresIntegrationTest;

class MidServerApiTest extends PostgresIntegrationTest {

    @Test
    void registeringAMidServerAnswers201AndItReadsBack() {
        var created = api.post("/api/mid-servers", Map.of("name", "mid-a", "userName", "mid.user",
                "hostName", "host-a", "version", "Xanadu", "status", "Down"));

        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(created.getHeaders().getLocation()).hasPath("/api/mid-servers/mid-a");
        var read = api.get("/api/mid-servers/mid-a").getBody();
        assertThat(read.get("status").asText()).isEqualTo("Down");
        assertThat(read.get("userName").asText()).isEqualTo("mid.user");
        assertThat(read.get("hostName").asText()).isEqualTo("host-a");
        assertThat(read.get("createdAt").asText()).endsWith("Z");
    }

    @Test
    void aNewMidServerIsUpUnlessToldOtherwise() {
        api.post("/api/mid-servers", Map.of("name", "mid-b", "userName", "u"));

        assertThat(api.get("/api/mid-servers/mid-b").getBody().get("status").asText()).isEqualTo("Up");
    }

    @Test
    void aTakenNameIsA409AndChangesNothing() {
        api.post("/api/mid-servers", Api.midServer("mid-c", "first.user", "Up"));

        var again = api.post("/api/mid-servers", Api.midServer("mid-c", "second.user", "Down"));

        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(again.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(again.getBody().get("detail").asText()).contains("mid-c");
        assertThat(api.get("/api/mid-servers/mid-c").getBody().get("userName").asText()).isEqualTo("first.user");
    }

    @Test
    void malformedJsonIsA400Problem() {
        var answer = api.send(HttpMethod.POST, "/api/mid-servers", "{\"name\": \"mid-d\",");

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(api.get("/api/mid-servers").getBody()).isEmpty();
    }

    @Test
    void aMissingFieldIsA400ThatNamesIt() {
        var answer = api.post("/api/mid-servers", Map.of("name", "mid-e"));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getBody().get("detail").asText()).contains("userName");
        assertThat(api.get("/api/mid-servers/mid-e").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void anUnknownStatusIsA400ThatListsTheAllowedOnes() {
        var answer = api.post("/api/mid-servers", Api.midServer("mid-f", "u", "Sleeping"));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getBody().get("detail").asText()).contains("Sleeping").contains("Upgrade Failed");
        assertThat(api.get("/api/mid-servers/mid-f").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void aUserNameWithASlashOrBackslashIsA400AndRegistersNothing() {
        var backslash = api.post("/api/mid-servers", Api.midServer("mid-i", "CORP\\midserver", "Up"));
        var slash = api.post("/api/mid-servers", Api.midServer("mid-i", "corp/midserver", "Up"));

        assertThat(backslash.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(backslash.getBody().get("detail").asText()).contains("userName");
        assertThat(slash.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(api.get("/api/mid-servers/mid-i").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void anUnknownMidServerIsA404() {
        var answer = api.get("/api/mid-servers/nowhere");

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(answer.getBody().get("detail").asText()).contains("nowhere");
    }

    @Test
    void changingTheStatusAnswersThePreviousOne() {
        api.post("/api/mid-servers", Api.midServer("mid-g", "u", "Up"));

        var answer = api.put("/api/mid-servers/mid-g/status", Map.of("status", "Paused"));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getBody().get("previousStatus").asText()).isEqualTo("Up");
        assertThat(answer.getBody().get("status").asText()).isEqualTo("Paused");
        assertThat(answer.getBody().get("resolvedIssues")).isEmpty();
        assertThat(api.get("/api/mid-servers/mid-g").getBody().get("status").asText()).isEqualTo("Paused");
    }

    @Test
    void aStatusChangeOfAnUnknownMidServerIsA404() {
        var answer = api.put("/api/mid-servers/nowhere/status", Map.of("status", "Up"));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void aBadStatusValueIsA400AndChangesNothing() {
        api.post("/api/mid-servers", Api.midServer("mid-h", "u", "Down"));

        var answer = api.put("/api/mid-servers/mid-h/status", Map.of("status", "up"));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(api.get("/api/mid-servers/mid-h").getBody().get("status").asText()).isEqualTo("Down");
    }

    @Test
    void theListShowsEveryMidServerByName() {
        api.post("/api/mid-servers", Api.midServer("mid-2", "u", "Up"));
        api.post("/api/mid-servers", Api.midServer("mid-1", "u", "Down"));

        var list = api.get("/api/mid-servers").getBody();

        assertThat(list).extracting(node -> node.get("name").asText()).containsExactly("mid-1", "mid-2");
    }
}
