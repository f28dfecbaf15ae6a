package io.midwatch.security.sso;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.UriComponentsBuilder;

import io.midwatch.issue.IssueFixtures;
import io.midwatch.support.CookieKeepingClient;
import io.midwatch.support.SsoIntegrationTest;

/**
 * Single sign-on (docs/security.md): the webapps log in through the company's OpenID Connect provider, the
 * APIs take its bearer tokens, and the provider's groups become MidWatch's roles.
 */
class SingleSignOnTest extends SsoIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    private IssueFixtures given;

    @BeforeEach
    void fixtures() {
        given = new IssueFixtures(api, runtimeService, taskService, managementService, historyService);
    }

    // --- bearer tokens on /api and /engine-rest

    @Test
    void SSO_anAdministratorsTokenCallsWhatOnlyAdministratorsMay() {
        // Given a token of a user in the provider's group mapped to camunda-admin
        String token = accessToken("ada.admin", List.of(ADMINS));

        // Then the administrators' calls are open to it on both APIs
        assertThat(call(HttpMethod.PUT, "/api/users/nobody", token).getStatusCode()).isNotIn(HttpStatus.UNAUTHORIZED,
                HttpStatus.FORBIDDEN);
        assertThat(call(HttpMethod.GET, "/engine-rest/group/camunda-admin", token).getStatusCode())
                .isEqualTo(HttpStatus.OK);
    }

    @Test
    void SSO_anOperatorsTokenReadsIssuesAndProcessesButReportsNoCloneAndChangesNoInstance() {
        // Given a token of a user in the provider's operators group
        String token = accessToken("olga.operator", List.of(OPERATORS));

        // Then it reads issues and MidWatch's processes, and is refused what operators may not do
        assertThat(call(HttpMethod.GET, "/api/issues", token).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(call(HttpMethod.POST, "/api/clones", token).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(json(call(HttpMethod.GET, "/engine-rest/process-definition", token))).isNotEmpty();
        assertThat(call(HttpMethod.PUT, "/engine-rest/process-instance/suspended", token).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void SSO_anIntegrationsTokenReadsClonesButNoIssuesAndNoProcesses() {
        // Given a token of a system in the provider's integrations group
        String token = accessToken("cmdb.sync", List.of(INTEGRATIONS));

        // Then it reads clones, and neither issues nor processes
        assertThat(call(HttpMethod.GET, "/api/clones", token).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(call(HttpMethod.GET, "/api/issues", token).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(json(call(HttpMethod.GET, "/engine-rest/process-definition", token))).isEmpty();
    }

    @Test
    void SSO_aMonitoringTokenReadsTheMetricsAndNothingElse() {
        // Given a token of a monitoring system in the provider's monitoring group
        String token = accessToken("prometheus", List.of(MONITORING));

        // Then it scrapes the metrics, and reads no issue
        assertThat(call(HttpMethod.GET, "/actuator/prometheus", token).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(call(HttpMethod.GET, "/api/issues", token).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void SSO_anExpiredTokenIsRefusedWith401() {
        // Given an operator's token that expired an hour ago
        String token = token("olga.operator", List.of(OPERATORS), API_AUDIENCE, -3600);

        // Then both APIs refuse it as unauthenticated
        assertUnauthenticated(token);
    }

    @Test
    void SSO_aTokenSignedWithAnotherKeyIsRefusedWith401() throws Exception {
        // Given a token with the provider's issuer and MidWatch's audience, signed with a key that is not the provider's
        RSAKey stranger = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        var claims = new JWTClaimsSet.Builder().issuer(issuer()).audience(API_AUDIENCE).subject("subject-of-eve")
                .claim("preferred_username", "eve").claim("groups", List.of(ADMINS))
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(3600))).build();
        var forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(stranger.getKeyID()).build(), claims);
        forged.sign(new RSASSASigner((RSAPrivateKey) stranger.toPrivateKey()));

        // Then both APIs refuse it as unauthenticated
        assertUnauthenticated(forged.serialize());
    }

    @Test
    void SSO_aTokenIssuedForAnotherApplicationIsRefusedWith401() {
        // Given an administrator's token whose audience is another application of the provider
        String token = token("ada.admin", List.of(ADMINS), "another-app", 3600);

        // Then both APIs refuse it as unauthenticated
        assertUnauthenticated(token);
    }

    @Test
    void SSO_aTokenWithoutMappedGroupsIsRefusedWith403() {
        // Given a valid token of a user whose groups at the provider MidWatch does not map
        String token = accessToken("sam.sales", List.of("sales", "everyone"));

        // Then both APIs refuse it as not allowed
        assertThat(call(HttpMethod.GET, "/api/mid-servers", token).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(call(HttpMethod.GET, "/engine-rest/task", token).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void SSO_aProviderUserNamedLikeTheLocalAdministratorIsRefusedNotMerged() {
        // Given a valid token of a provider user called 'admin', in the administrators' group at the provider
        String token = accessToken("admin", List.of(ADMINS));

        // Then it is not MidWatch's administrator on either API
        assertThat(call(HttpMethod.GET, "/api/mid-servers", token).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        var engine = call(HttpMethod.GET, "/engine-rest/group/camunda-admin", token);
        assertThat(engine.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(engine.getBody()).contains("local MidWatch account");
    }

    // --- the webapps' login through the provider

    @Test
    void SSO_anOperatorLogsInToTasklistThroughTheProviderWithPkceSeesAndClaimsAVerificationTask() throws Exception {
        // Given a verification task of a MID Server issue, for the operators
        given.healthyUser("mid.west.user");
        given.midServer("mid-west", "mid.west.user", "Down");
        given.cloneAndFirstPass();
        UUID issueId = UUID.fromString(given.onlyIssueOf("mid-west").get("id").asText());
        String taskId = given.awaitVerificationTask(issueId).getId();

        // When a user of the provider's operators group opens Tasklist
        nextLoginAs("jane.ops", List.of(OPERATORS));
        var browser = new CookieKeepingClient();
        var tasklist = browser.open(url("/camunda/app/tasklist/"));

        // Then it went through the provider's authorization endpoint with PKCE and came back to Tasklist
        URI authorization = browser.visited().stream().filter(uri -> uri.getPath().endsWith("/authorize"))
                .findFirst().orElseThrow();
        var parameters = UriComponentsBuilder.fromUri(authorization).build().getQueryParams();
        assertThat(parameters.getFirst("code_challenge_method")).isEqualTo("S256");
        assertThat(parameters.getFirst("code_challenge")).isNotBlank();
        assertThat(tasklist.statusCode()).isEqualTo(200);
        assertThat(tasklist.uri().getPath()).startsWith("/camunda/app/tasklist/");

        // And Tasklist knows the operator, and lists and lets it claim the task
        var user = JSON.readTree(browser.open(url("/camunda/api/admin/auth/user/default")).body());
        assertThat(user.get("userId").asText()).isEqualTo("jane.ops");
        assertThat(user.get("authorizedApps").toString()).contains("tasklist");
        var tasks = browser.postJson(url("/camunda/api/engine/engine/default/task"),
                "{\"processInstanceBusinessKey\":\"" + issueId + "\"}");
        assertThat(tasks.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(tasks.body()).findValuesAsText("id")).contains(taskId);
        var claim = browser.postJson(url("/camunda/api/engine/engine/default/task/" + taskId + "/claim"),
                "{\"userId\":\"jane.ops\"}");
        assertThat(claim.statusCode()).isEqualTo(204);
        assertThat(taskService.createTaskQuery().taskId(taskId).singleResult().getAssignee()).isEqualTo("jane.ops");
    }

    @Test
    void SSO_aUserWithoutMappedGroupsIsShownALoginErrorPageNotTasklist() {
        // When a provider user in none of the mapped groups opens Tasklist
        nextLoginAs("sam.sales", List.of("sales"));
        var page = new CookieKeepingClient().open(url("/camunda/app/tasklist/"));

        // Then the login ends on an error page that says why
        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body()).contains("none of the groups MidWatch maps to a role");
    }

    @Test
    void SSO_aProviderUserNamedLikeALocalAccountCannotLogInToTheWebapps() {
        // When a provider user called 'midwatch-worker' (MidWatch's own worker account) opens Cockpit
        nextLoginAs("midwatch-worker", List.of(ADMINS));
        var page = new CookieKeepingClient().open(url("/camunda/app/cockpit/"));

        // Then it is refused, and the worker's account is not given the administrators' group
        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body()).contains("local MidWatch account");
        var members = api.get("/engine-rest/group?member=midwatch-worker");
        assertThat(members.getBody().findValuesAsText("id")).doesNotContain("camunda-admin");
    }

    @Test
    void SSO_groupChangesAtTheProviderTakeEffectAtTheNextLogin() {
        // Given a user who logged in as an operator
        nextLoginAs("gus.changes", List.of(OPERATORS));
        new CookieKeepingClient().open(url("/camunda/app/tasklist/"));
        assertThat(groupsOf("gus.changes")).containsExactly("mid_admin");

        // When the provider moves it from the operators to monitoring, and it logs in again
        nextLoginAs("gus.changes", List.of(MONITORING));
        new CookieKeepingClient().open(url("/camunda/app/tasklist/"));

        // Then its Camunda groups follow: added to mid_monitoring, removed from mid_admin
        assertThat(groupsOf("gus.changes")).containsExactly("mid_monitoring");
    }

    @Test
    void SSO_logoutEndsTheSessionAndSendsTheUserToTheProvidersEndSessionEndpoint() {
        // Given an operator logged in to Tasklist through the provider
        nextLoginAs("lou.logout", List.of(OPERATORS));
        var browser = new CookieKeepingClient();
        assertThat(browser.open(url("/camunda/app/tasklist/")).statusCode()).isEqualTo(200);

        // When it logs out
        var logout = browser.send(HttpRequest.newBuilder(URI.create(url("/camunda/logout"))).GET());

        // Then it is sent to the provider's end-session endpoint with its ID token as hint
        URI endSession = URI.create(logout.headers().firstValue("Location").orElseThrow());
        assertThat(endSession.toString()).startsWith(PROVIDER.endSessionEndpointUrl(ISSUER_ID).toString());
        var parameters = UriComponentsBuilder.fromUri(endSession).build().getQueryParams();
        assertThat(parameters.getFirst("id_token_hint")).isNotBlank();
        assertThat(parameters.getFirst("post_logout_redirect_uri")).contains("/camunda/app/");

        // And MidWatch's session is over: the webapps' API no longer knows the user
        var afterwards = browser.send(HttpRequest.newBuilder(URI.create(url("/camunda/api/admin/auth/user/default")))
                .GET());
        assertThat(afterwards.statusCode()).isIn(302, 401);
    }

    @Test
    void SSO_theWebappsOwnLogoutEndsTheSessionAndIsToldTheProvidersEndSessionEndpoint() throws Exception {
        // Given an operator logged in to Tasklist through the provider
        nextLoginAs("wendy.webapp", List.of(OPERATORS));
        var browser = new CookieKeepingClient();
        assertThat(browser.open(url("/camunda/app/tasklist/")).statusCode()).isEqualTo(200);
        browser.open(url("/camunda/api/admin/auth/user/default"));

        // When Tasklist's own "Log out" calls MidWatch, with the webapps' CSRF token
        var logout = browser.postJson(url("/camunda/api/admin/auth/user/default/logout"), "");

        // Then the answer names the provider's end-session endpoint, with the operator's ID token as hint
        assertThat(logout.statusCode()).isEqualTo(200);
        assertThat(logout.headers().firstValue("Cache-Control")).hasValue("no-store");
        URI endSession = URI.create(JSON.readTree(logout.body()).get("location").asText());
        assertThat(endSession.toString()).startsWith(PROVIDER.endSessionEndpointUrl(ISSUER_ID).toString());
        var parameters = UriComponentsBuilder.fromUri(endSession).build().getQueryParams();
        assertThat(SignedJWT.parse(parameters.getFirst("id_token_hint")).getJWTClaimsSet()
                .getStringClaim("preferred_username")).isEqualTo("wendy.webapp");
        assertThat(parameters.getFirst("post_logout_redirect_uri")).isEqualTo(url("/camunda/app/"));

        // And MidWatch's session is over
        assertThat(browser.send(HttpRequest.newBuilder(URI.create(url("/camunda/api/admin/auth/user/default"))).GET())
                .statusCode()).isIn(302, 401);
    }

    @Test
    void SSO_theWebappsOwnLogoutWithoutTheCsrfTokenIsRefusedByTheWebappsCsrfProtection() {
        // Given an operator logged in to Tasklist through the provider
        nextLoginAs("carl.csrf", List.of(OPERATORS));
        var browser = new CookieKeepingClient();
        assertThat(browser.open(url("/camunda/app/tasklist/")).statusCode()).isEqualTo(200);

        // When a page of another site makes its browser post the webapps' logout, which cannot send the CSRF token
        var logout = browser.send(HttpRequest.newBuilder(URI.create(url("/camunda/api/admin/auth/user/default/logout")))
                .POST(HttpRequest.BodyPublishers.noBody()));

        // Then Camunda's CSRF protection refuses it, as every webapp call without the token, and names no provider
        assertThat(logout.statusCode()).isEqualTo(403);
        assertThat(logout.headers().firstValue("X-XSRF-TOKEN")).hasValue("Required");
        assertThat(logout.body()).doesNotContain("id_token_hint");
    }

    @Test
    void SSO_aProviderThatFailsAtTheCodeExchangeGivesALoginErrorPageAndNoOtherWayIn() {
        // Given a provider whose token endpoint fails
        nextTokenRequestFails();
        var browser = new CookieKeepingClient();

        // When an operator opens Tasklist
        HttpResponse<String> page = browser.open(url("/camunda/app/tasklist/"));

        // Then the login ends on an error page that names the provider, and Camunda's password login stays closed
        assertThat(page.statusCode()).isEqualTo(502);
        assertThat(page.body()).contains("identity provider");
        var passwordLogin = browser.send(HttpRequest.newBuilder(
                        URI.create(url("/camunda/api/admin/auth/user/default/login/tasklist")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=" + ADMIN_PASSWORD)));
        assertThat(passwordLogin.statusCode()).isNotEqualTo(200);
    }

    private List<String> groupsOf(String userId) {
        return api.get("/engine-rest/group?member=" + userId).getBody().findValuesAsText("id");
    }

    private void assertUnauthenticated(String token) {
        assertThat(call(HttpMethod.GET, "/api/mid-servers", token).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(call(HttpMethod.GET, "/engine-rest/task", token).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    private ResponseEntity<String> call(HttpMethod method, String path, String token) {
        var headers = new HttpHeaders();
        headers.setBearerAuth(token);
        headers.setContentType(MediaType.APPLICATION_JSON);
        return anonymous.exchange(path, method, new HttpEntity<>(method == HttpMethod.GET ? null : "{}", headers),
                String.class);
    }

    private static JsonNode json(ResponseEntity<String> answer) {
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        try {
            return JSON.readTree(answer.getBody());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
