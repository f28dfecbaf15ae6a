package io.midwatch.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import io.midwatch.support.Api;
import io.midwatch.support.PostgresIntegrationTest;

/** What answers without a login (the probes, status only) and the headers every API answer carries. */
class ProbesAndHeadersTest extends PostgresIntegrationTest {

    @Test
    void theProbesAnswerWithoutALoginWithTheStatusOnly() {
        for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
            var answer = new Api(anonymous).get(probe);

            assertThat(answer.getStatusCode()).as(probe).isEqualTo(HttpStatus.OK);
            assertThat(answer.getBody().get("status").asText()).isEqualTo("UP");
            assertThat(answer.getBody().has("components")).as(probe + " shows no details").isFalse();
        }
    }

    @Test
    void theHealthDetailsStayBehindTheLogin() {
        assertThat(new Api(anonymous).get("/actuator/health").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(api.get("/actuator/health").getBody().at("/components/db/status").asText()).isEqualTo("UP");
    }

    @Test
    void apiAndEngineRestAnswersAreNeitherSniffedNorCached() {
        for (String path : List.of("/api/mid-servers", "/engine-rest/process-definition")) {
            HttpHeaders headers = api.get(path).getHeaders();

            assertThat(headers.getFirst("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
            assertThat(headers.getCacheControl()).as(path).contains("no-store");
        }
    }
}
