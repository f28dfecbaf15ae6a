package io.midwatch.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import io.midwatch.support.PostgresIntegrationTest;

/** {@code PUT /api/users/{userName}} and {@code GET /api/users/{userName}}: the instance's users, never their passwords. */
class UserApiTest extends PostgresIntegrationTest {

    private static final String PASSWORD = "Clone-Victim-42";

    @Test
    void puttingAnUnknownUserCreatesItWith201() {
        // Given no user mid.user

        // When it is put with a password, roles and flags
        var answer = api.put("/api/users/mid.user", Map.of("password", PASSWORD, "roles", List.of("mid_server", "itil"),
                "active", true, "lockedOut", false));

        // Then it is created and the answer shows it
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(answer.getBody().get("userName").asText()).isEqualTo("mid.user");
        assertThat(answer.getBody().get("hasPassword").asBoolean()).isTrue();
    }

    @Test
    void aCreatedUserReadsBackWithRolesActiveAndLockedOut() {
        // Given a user put with roles and flags
        api.put("/api/users/mid.user", Map.of("password", PASSWORD, "roles", List.of("mid_server", "itil"),
                "active", false, "lockedOut", true));

        // When it is read
        var answer = api.get("/api/users/mid.user");

        // Then it shows what was put
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode user = answer.getBody();
        assertThat(user.get("userName").asText()).isEqualTo("mid.user");
        assertThat(user.get("roles")).extracting(JsonNode::asText).containsExactlyInAnyOrder("mid_server", "itil");
        assertThat(user.get("active").asBoolean()).isFalse();
        assertThat(user.get("lockedOut").asBoolean()).isTrue();
        assertThat(user.get("hasPassword").asBoolean()).isTrue();
        assertThat(user.get("createdAt").asText()).endsWith("Z");
    }

    @Test
    void aNewUserIsActiveNotLockedOutAndWithoutPasswordUnlessToldOtherwise() {
        // Given no user mid.user

        // When it is put with an empty body
        var answer = api.put("/api/users/mid.user", Map.of());

        // Then it exists with the defaults
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        JsonNode user = api.get("/api/users/mid.user").getBody();
        assertThat(user.get("active").asBoolean()).isTrue();
        assertThat(user.get("lockedOut").asBoolean()).isFalse();
        assertThat(user.get("hasPassword").asBoolean()).isFalse();
        assertThat(user.get("roles")).isEmpty();
    }

    @Test
    void puttingAnExistingUserUpdatesItWith200() {
        // Given a user that is not locked out
        api.put("/api/users/mid.user", Map.of("password", PASSWORD, "roles", List.of("mid_server")));

        // When it is put again, locked out
        var answer = api.put("/api/users/mid.user", Map.of("lockedOut", true));

        // Then it is updated, not created
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getBody().get("lockedOut").asBoolean()).isTrue();
        assertThat(api.get("/api/users/mid.user").getBody().get("lockedOut").asBoolean()).isTrue();
    }

    @Test
    void fieldsLeftOutKeepTheirValues() {
        // Given a user with a password, two roles, inactive
        api.put("/api/users/mid.user", Map.of("password", PASSWORD, "roles", List.of("mid_server", "itil"),
                "active", false));
        String hashBefore = storedHash("mid.user");

        // When only lockedOut is put
        api.put("/api/users/mid.user", Map.of("lockedOut", true));

        // Then password, roles and active are as they were
        JsonNode user = api.get("/api/users/mid.user").getBody();
        assertThat(user.get("roles")).extracting(JsonNode::asText).containsExactlyInAnyOrder("mid_server", "itil");
        assertThat(user.get("active").asBoolean()).isFalse();
        assertThat(user.get("lockedOut").asBoolean()).isTrue();
        assertThat(storedHash("mid.user")).isEqualTo(hashBefore);
    }

    @Test
    void rolesPutReplaceTheRolesBefore() {
        // Given a user with the roles mid_server and itil
        api.put("/api/users/mid.user", Map.of("roles", List.of("mid_server", "itil")));

        // When the roles are put as itil alone, as a clone from another instance would leave them
        api.put("/api/users/mid.user", Map.of("roles", List.of("itil")));

        // Then mid_server is gone
        assertThat(api.get("/api/users/mid.user").getBody().get("roles")).extracting(JsonNode::asText)
                .containsExactly("itil");
    }

    @Test
    void noAnswerCarriesThePasswordOrItsHash() {
        // Given a user with a password
        var put = api.put("/api/users/mid.user", Map.of("password", PASSWORD, "roles", List.of("mid_server")));

        // When it is read
        var get = api.get("/api/users/mid.user");

        // Then neither answer has a password field (hasPassword is a yes/no) nor the password or its hash
        for (ResponseEntity<JsonNode> answer : List.of(put, get)) {
            assertThat(fieldNames(answer.getBody()))
                    .filteredOn(name -> name.toLowerCase().contains("password"))
                    .containsExactly("hasPassword");
            assertThat(answer.getBody().toString()).doesNotContain(PASSWORD).doesNotContain(storedHash("mid.user"));
        }
    }

    @Test
    void thePasswordIsStoredAsABCryptHash() {
        // Given no user mid.user

        // When it is put with a password
        api.put("/api/users/mid.user", Map.of("password", PASSWORD));

        // Then the database holds a BCrypt hash, not the password
        assertThat(storedHash("mid.user")).startsWith("$2").isNotEqualTo(PASSWORD).doesNotContain(PASSWORD);
    }

    @Test
    void aNewPasswordReplacesTheStoredHash() {
        // Given a user with a password
        api.put("/api/users/mid.user", Map.of("password", PASSWORD));
        String hashBefore = storedHash("mid.user");

        // When a new password is put
        api.put("/api/users/mid.user", Map.of("password", "Another-Password-7"));

        // Then another hash is stored
        assertThat(storedHash("mid.user")).startsWith("$2").isNotEqualTo(hashBefore);
    }

    @Test
    void aBadRoleNameIsA400ProblemAndChangesNothing() {
        // Given a user with the role mid_server
        api.put("/api/users/mid.user", Map.of("roles", List.of("mid_server"), "lockedOut", false));

        // When roles are put with a name that is not a role name, together with a valid change
        var answer = api.put("/api/users/mid.user", Map.of("roles", List.of("mid server!"), "lockedOut", true));

        // Then it is refused, says why, and the user is as it was
        assertBadRequest(answer);
        assertThat(answer.getBody().get("detail").asText()).contains("roles");
        JsonNode user = api.get("/api/users/mid.user").getBody();
        assertThat(user.get("roles")).extracting(JsonNode::asText).containsExactly("mid_server");
        assertThat(user.get("lockedOut").asBoolean()).isFalse();
    }

    @Test
    void aNullRoleIsA400ProblemAndChangesNothing() {
        // Given a user with the role mid_server
        api.put("/api/users/mid.user", Map.of("roles", List.of("mid_server")));

        // When roles are put with a null among them
        var answer = api.send(HttpMethod.PUT, "/api/users/mid.user", "{\"roles\": [\"itil\", null]}");

        // Then it is refused, says why, and the roles are as they were
        assertBadRequest(answer);
        assertThat(answer.getBody().get("detail").asText()).contains("roles");
        assertThat(api.get("/api/users/mid.user").getBody().get("roles")).extracting(JsonNode::asText)
                .containsExactly("mid_server");
    }

    @Test
    void anEmptyPasswordIsA400ProblemAndChangesNothing() {
        // Given a user with a password
        api.put("/api/users/mid.user", Map.of("password", PASSWORD));
        String hashBefore = storedHash("mid.user");

        // When an empty password is put
        var answer = api.put("/api/users/mid.user", Map.of("password", ""));

        // Then it is refused, says why, and the password is as it was
        assertBadRequest(answer);
        assertThat(answer.getBody().get("detail").asText()).contains("password");
        assertThat(storedHash("mid.user")).isEqualTo(hashBefore);
    }

    @Test
    void anEmptyPasswordForAnUnknownUserCreatesNobody() {
        // Given no user mid.user

        // When it is put with an empty password
        var answer = api.put("/api/users/mid.user", Map.of("password", ""));

        // Then it is refused and the user does not exist
        assertBadRequest(answer);
        assertThat(api.get("/api/users/mid.user").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void anUnknownFieldIsA400ProblemThatNamesItAndChangesNothing() {
        // Given a user that is active
        api.put("/api/users/mid.user", Map.of("active", true));

        // When a body with a field the API does not know is put
        var answer = api.put("/api/users/mid.user", Map.of("active", false, "admin", true));

        // Then it is refused, names the field, and the user is as it was
        assertBadRequest(answer);
        assertThat(answer.getBody().get("detail").asText()).contains("admin");
        assertThat(api.get("/api/users/mid.user").getBody().get("active").asBoolean()).isTrue();
    }

    @Test
    void malformedJsonIsA400ProblemAndChangesNothing() {
        // Given a user that is not locked out
        api.put("/api/users/mid.user", Map.of("lockedOut", false));

        // When a body that is not JSON is put
        var answer = api.send(HttpMethod.PUT, "/api/users/mid.user", "{\"lockedOut\": true,");

        // Then it is refused and the user is as it was
        assertBadRequest(answer);
        assertThat(api.get("/api/users/mid.user").getBody().get("lockedOut").asBoolean()).isFalse();
    }

    @Test
    void anUnknownUserIsA404ProblemThatNamesIt() {
        // Given no user nobody

        // When it is read
        var answer = api.get("/api/users/nobody");

        // Then it is not found, and the problem says who
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.getBody().get("detail").asText()).contains("nobody");
    }

    private static void assertBadRequest(ResponseEntity<JsonNode> answer) {
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.getBody().get("status").asInt()).isEqualTo(400);
        assertThat(answer.getBody().get("detail").asText()).isNotBlank();
    }

    private String storedHash(String userName) {
        return jdbc.sql("SELECT password_hash FROM sys_user WHERE user_name = :userName")
                .param("userName", userName)
                .query(String.class)
                .single();
    }

    /** Every field name in the JSON, at any depth. */
    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                names.add(field.getKey());
                names.addAll(fieldNames(field.getValue()));
            });
        } else if (node.isArray()) {
            node.elements().forEachRemaining(element -> names.addAll(fieldNames(element)));
        }
        return names;
    }
}
