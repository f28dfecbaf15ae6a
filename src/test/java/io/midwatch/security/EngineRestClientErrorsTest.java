package io.midwatch.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;

import io.midwatch.support.PostgresIntegrationTest;

/**
 * A client's mistake on the engine REST API is answered 4xx with the reason, in the engine's error shape, and
 * changes nothing: at {@code /engine-rest} and at the webapps' {@code /camunda/api/engine}, which the Admin
 * webapp uses.
 */
class EngineRestClientErrorsTest extends PostgresIntegrationTest {

    private static final String NEW_USER = "newcomer1";

    @Autowired
    private IdentityService identityService;

    @AfterEach
    void removeTheNewUser() {
        identityService.deleteUser(NEW_USER);
    }

    private static Map<String, Object> newUser(String password) {
        return Map.of("profile", Map.of("id", NEW_USER, "firstName", "New", "lastName", "Comer",
                "email", "newcomer@example.com"), "credentials", Map.of("password", password));
    }

    @Test
    void engineRestErrors_aNewUsersPasswordThatFailsThePolicyIsA400NamingTheRulesItBreaks() {
        // Given Camunda's password policy (at least 10 characters, upper and lower case, a digit, a symbol)
        // When the administrator creates a user whose password is short and has no digit nor symbol
        ResponseEntity<JsonNode> answer = api.post("/engine-rest/user/create", newUser("Shortpw"));

        // Then it is refused as the client's mistake, naming the broken rules and only those
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_JSON)).isTrue();
        assertThat(answer.getBody().get("type").asText()).isEqualTo("PasswordPolicyException");
        assertThat(answer.getBody().get("message").asText()).contains("PASSWORD_POLICY_LENGTH")
                .contains("PASSWORD_POLICY_DIGIT").contains("PASSWORD_POLICY_SPECIAL")
                .doesNotContain("PASSWORD_POLICY_UPPERCASE");
        assertThat(answer.getBody().get("violatedRules").findValuesAsText("placeholder"))
                .containsExactlyInAnyOrder("PASSWORD_POLICY_LENGTH", "PASSWORD_POLICY_DIGIT",
                        "PASSWORD_POLICY_SPECIAL");
        // and no user was created
        assertThat(identityService.createUserQuery().userId(NEW_USER).count()).isZero();
    }

    @Test
    void engineRestErrors_aPasswordThatNamesItsUserIsA400() {
        // When the administrator creates a user whose password holds its own user id
        ResponseEntity<JsonNode> answer = api.post("/engine-rest/user/create", newUser("X-" + NEW_USER + "-Pa55"));

        // Then it is refused, naming the rule, and no user was created
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getBody().get("message").asText()).contains("PASSWORD_POLICY_USER_DATA");
        assertThat(identityService.createUserQuery().userId(NEW_USER).count()).isZero();
    }

    @Test
    void engineRestErrors_aNewPasswordThatFailsThePolicyIsA400AndTheOldOneStays() {
        // Given a user
        api.post("/engine-rest/user/create", newUser("Good-Pa55word"));

        // When the administrator sets it a weak password
        ResponseEntity<JsonNode> answer = api.put("/engine-rest/user/" + NEW_USER + "/credentials",
                Map.of("password", "weak", "authenticatedUserPassword", ADMIN_PASSWORD));

        // Then it is refused, naming the rules, and the old password still holds
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getBody().get("message").asText()).contains("PASSWORD_POLICY_LENGTH");
        assertThat(identityService.checkPassword(NEW_USER, "Good-Pa55word")).isTrue();
    }

    @Test
    void engineRestErrors_addingAnUnknownUserToAGroupIsA404AndChangesNothing() {
        // Given the operators' group and its members
        long members = identityService.createUserQuery().memberOfGroup(Role.OPERATOR.groupId()).count();

        // When the administrator adds a user that does not exist to it
        ResponseEntity<JsonNode> answer = api.put("/engine-rest/group/" + Role.OPERATOR.groupId()
                + "/members/nobody-here", null);

        // Then it is refused, naming the missing user, and the group is as it was
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(answer.getBody().get("type").asText()).isEqualTo("InvalidRequestException");
        assertThat(answer.getBody().get("message").asText()).contains("nobody-here");
        assertThat(identityService.createUserQuery().memberOfGroup(Role.OPERATOR.groupId()).count())
                .isEqualTo(members);
    }

    @Test
    void engineRestErrors_theAdminWebappsUserCreationWithAWeakPasswordIsA400Too() {
        // Given the administrator logged in to the webapps
        HttpHeaders session = webappSession();

        // When the Admin webapp creates a user with a password that fails the policy
        session.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<JsonNode> answer = anonymous.exchange("/camunda/api/engine/engine/default/user/create",
                HttpMethod.POST, new HttpEntity<>(newUser("Shortpw"), session), JsonNode.class);

        // Then it is refused with the broken rules, and no user was created
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getBody().get("message").asText()).contains("PASSWORD_POLICY_LENGTH");
        assertThat(identityService.createUserQuery().userId(NEW_USER).count()).isZero();
    }

    /** Logs in as the Admin webapp does: a CSRF token first, the login form, and the session's cookies. */
    private HttpHeaders webappSession() {
        Map<String, String> cookies = new LinkedHashMap<>();
        var start = anonymous.exchange("/camunda/api/engine/engine/", HttpMethod.GET, HttpEntity.EMPTY, String.class);
        keepCookies(start, cookies);
        String token = start.getHeaders().getFirst("X-XSRF-TOKEN");

        var form = new LinkedMultiValueMap<String, String>();
        form.add("username", "admin");
        form.add("password", ADMIN_PASSWORD);
        HttpHeaders formHeaders = headers(cookies, token);
        formHeaders.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        var login = anonymous.exchange("/camunda/api/admin/auth/user/default/login/admin", HttpMethod.POST,
                new HttpEntity<>(form, formHeaders), String.class);
        assertThat(login.getStatusCode()).isEqualTo(HttpStatus.OK);
        keepCookies(login, cookies);
        // the login starts a new session, with a new token
        var loggedIn = anonymous.exchange("/camunda/api/admin/auth/user/default", HttpMethod.GET,
                new HttpEntity<>(headers(cookies, token)), String.class);
        keepCookies(loggedIn, cookies);
        return headers(cookies, cookies.get("XSRF-TOKEN"));
    }

    private static HttpHeaders headers(Map<String, String> cookies, String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.COOKIE, String.join("; ", cookies.entrySet().stream()
                .map(cookie -> cookie.getKey() + "=" + cookie.getValue()).toList()));
        headers.set("X-XSRF-TOKEN", token);
        return headers;
    }

    private static void keepCookies(ResponseEntity<?> answer, Map<String, String> cookies) {
        for (String cookie : answer.getHeaders().getOrEmpty(HttpHeaders.SET_COOKIE)) {
            String[] nameValue = cookie.split(";", 2)[0].split("=", 2);
            cookies.put(nameValue[0], nameValue.length > 1 ? nameValue[1] : "");
        }
    }
}
