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
        // When a MID Server is registered with every field
        var created = api.post("/api/mid-servers", Map.of("name", "mid-a", "userName", "mid.user",
                "hostName", "host-a", "version", "Xanadu", "status", "Down"));

        // Then the answer is 201 with its location
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(created.getHeaders().getLocation()).hasPath("/api/mid-servers/mid-a");
        // and it reads back as registered, created at a UTC instant
        var read = api.get("/api/mid-servers/mid-a").getBody();
        assertThat(read.get("status").asText()).isEqualTo("Down");
        assertThat(read.get("userName").asText()).isEqualTo("mid.user");
        assertThat(read.get("hostName").asText()).isEqualTo("host-a");
        assertThat(read.get("createdAt").asText()).endsWith("Z");
    }

    @Test
    void aNewMidServerIsUpUnlessToldOtherwise() {
        // When a MID Server is registered without a status
        api.post("/api/mid-servers", Map.of("name", "mid-b", "userName", "u"));

        // Then it is Up
        assertThat(api.get("/api/mid-servers/mid-b").getBody().get("status").asText()).isEqualTo("Up");
    }

    @Test
    void aTakenNameIsA409AndChangesNothing() {
        // Given a MID Server mid-c
        api.post("/api/mid-servers", Api.midServer("mid-c", "first.user", "Up"));

        // When another one is registered with that name
        var again = api.post("/api/mid-servers", Api.midServer("mid-c", "second.user", "Down"));

        // Then the answer is a 409 problem that names it
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(again.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(again.getBody().get("detail").asText()).contains("mid-c");
        // and the first keeps its user
        assertThat(api.get("/api/mid-servers/mid-c").getBody().get("userName").asText()).isEqualTo("first.user");
    }

    @Test
    void malformedJsonIsA400ProblemAndRegistersNothing() {
        // When a MID Server is registered with a body that is cut off
        var answer = api.send(HttpMethod.POST, "/api/mid-servers", "{\"name\": \"mid-d\",");

        // Then the answer is a 400 problem, and no MID Server was registered
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(api.get("/api/mid-servers").getBody()).isEmpty();
    }

    @Test
    void aMissingFieldIsA400ThatNamesItAndRegistersNothing() {
        // When a MID Server is registered without its user name
        var answer = api.post("/api/mid-servers", Map.of("name", "mid-e"));

        // Then the answer is a 400 that names the field, and the MID Server does not exist
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getBody().get("detail").asText()).contains("userName");
        assertThat(api.get("/api/mid-servers/mid-e").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void anUnknownStatusIsA400ThatListsTheAllowedOnesAndRegistersNothing() {
        // When a MID Server is registered with a status MidWatch does not know
        var answer = api.post("/api/mid-servers", Api.midServer("mid-f", "u", "Sleeping"));

        // Then the answer is a 400 that names it and the allowed ones, and the MID Server does not exist
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getBody().get("detail").asText()).contains("Sleeping").contains("Upgrade Failed");
        assertThat(api.get("/api/mid-servers/mid-f").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void aUserNameWithABackslashIsA400ThatNamesItAndRegistersNothing() {
        // When a MID Server is registered with a Windows domain user name
        var backslash = api.post("/api/mid-servers", Api.midServer("mid-i", "CORP\\midserver", "Up"));

        // Then the answer is a 400 that names the field, and the MID Server does not exist
        assertThat(backslash.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(backslash.getBody().get("detail").asText()).contains("userName");
        assertThat(api.get("/api/mid-servers/mid-i").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void aUserNameWithASlashIsA400AndRegistersNothing() {
        // When a MID Server is registered with a slash in its user name
        var slash = api.post("/api/mid-servers", Api.midServer("mid-i", "corp/midserver", "Up"));

        // Then the answer is a 400, and the MID Server does not exist
        assertThat(slash.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(api.get("/api/mid-servers/mid-i").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void anUnknownMidServerIsA404ThatNamesIt() {
        // When a MID Server that was never registered is read
        var answer = api.get("/api/mid-servers/nowhere");

        // Then the answer is a 404 that names it
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(answer.getBody().get("detail").asText()).contains("nowhere");
    }

    @Test
    void changingTheStatusAnswersThePreviousAndTheNewOneAndItReadsBack() {
        // Given a MID Server that is Up
        api.post("/api/mid-servers", Api.midServer("mid-g", "u", "Up"));

        // When it is set Paused
        var answer = api.put("/api/mid-servers/mid-g/status", Map.of("status", "Paused"));

        // Then the answer names the previous status and the new one, with no issue resolved
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getBody().get("previousStatus").asText()).isEqualTo("Up");
        assertThat(answer.getBody().get("status").asText()).isEqualTo("Paused");
        assertThat(answer.getBody().get("resolvedIssues")).isEmpty();
        // and it reads back Paused
        assertThat(api.get("/api/mid-servers/mid-g").getBody().get("status").asText()).isEqualTo("Paused");
    }

    @Test
    void aStatusChangeOfAnUnknownMidServerIsA404() {
        // When the status of a MID Server that was never registered is set
        var answer = api.put("/api/mid-servers/nowhere/status", Map.of("status", "Up"));

        // Then the answer is 404
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void aStatusSpelledInTheWrongCaseIsA400AndChangesNothing() {
        // Given a MID Server that is Down
        api.post("/api/mid-servers", Api.midServer("mid-h", "u", "Down"));

        // When its status is set to "up" rather than "Up"
        var answer = api.put("/api/mid-servers/mid-h/status", Map.of("status", "up"));

        // Then the answer is 400, and it is still Down
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(api.get("/api/mid-servers/mid-h").getBody().get("status").asText()).isEqualTo("Down");
    }

    @Test
    void theListShowsEveryMidServerByName() {
        // Given two MID Servers registered out of the order of their names
        api.post("/api/mid-servers", Api.midServer("mid-2", "u", "Up"));
        api.post("/api/mid-servers", Api.midServer("mid-1", "u", "Down"));

        // When the MID Servers are listed
        var list = api.get("/api/mid-servers").getBody();

        // Then both are there, in the order of their names
        assertThat(list).extracting(node -> node.get("name").asText()).containsExactly("mid-1", "mid-2");
    }
}
