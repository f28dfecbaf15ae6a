package io.midwatch.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import io.midwatch.support.Api;
import io.midwatch.support.PostgresIntegrationTest;

/** What answers without a login (the probes, status only) and the headers every API answer carries. */
class ProbesAndHeadersTest extends PostgresIntegrationTest {

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/health/liveness", "/actuator/health/readiness"})
    void theProbesAnswerWithoutALoginWithTheStatusOnly(String probe) {
        // When a probe is called without a login
        var answer = new Api(anonymous).get(probe);

        // Then it answers UP, and shows no details
        assertThat(answer.getStatusCode()).as(probe).isEqualTo(HttpStatus.OK);
        assertThat(answer.getBody().get("status").asText()).isEqualTo("UP");
        assertThat(answer.getBody().has("components")).as(probe + " shows no details").isFalse();
    }

    @Test
    void theHealthDetailsAre401WithoutALogin() {
        // When the health with its details is called without a login
        var answer = new Api(anonymous).get("/actuator/health");

        // Then the answer is 401
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void theHealthDetailsShowTheDatabaseAfterALogin() {
        // When the health with its details is called with a login
        var answer = api.get("/actuator/health");

        // Then it shows the database UP
        assertThat(answer.getBody().at("/components/db/status").asText()).isEqualTo("UP");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/mid-servers", "/engine-rest/process-definition"})
    void apiAndEngineRestAnswersAreNeitherSniffedNorCached(String path) {
        // When MidWatch's API or the engine's REST API answers
        HttpHeaders headers = api.get(path).getHeaders();

        // Then the answer tells the browser not to guess its type and not to store it
        assertThat(headers.getFirst("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
        assertThat(headers.getCacheControl()).as(path).contains("no-store");
    }
}
