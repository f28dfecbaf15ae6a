package io.midwatch.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

import io.midwatch.support.AnotherMidWatch;
import io.midwatch.support.PostgresIntegrationTest;

/**
 * The client address MidWatch throttles and logs logins under is the connection's, unless the connection
 * comes from a proxy the operator named: a client cannot choose its address by sending
 * {@code X-Forwarded-For} itself.
 */
@ExtendWith(OutputCaptureExtension.class)
class ForwardedAddressTest extends PostgresIntegrationTest {

    private static final String SPOOFED = "203.0.113.7";

    @Autowired
    private IdentityService identityService;
    @Autowired
    private EngineHardening engineHardening;

    private String user;

    @BeforeEach
    void aUserOfItsOwn() {
        // the failed-login log writes at most 100 lines a minute: a flood tried just before leaves none for here
        engineHardening.forgetFailedLogins();
        // a user no other test fails logins for, so that its failed login is logged here
        user = "proxied" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        User created = identityService.newUser(user);
        created.setPassword("Proxied-Pa55word");
        identityService.saveUser(created);
    }

    @AfterEach
    void removeTheUser() {
        identityService.deleteUser(user);
    }

    @Test
    void forwardedAddresses_aSpoofedForwardedForFromAnUntrustedClientChangesNothing(CapturedOutput output) {
        // Given a client connecting from 127.0.0.1, which MidWatch trusts as no proxy (its default)
        // When it sends a wrong password with an X-Forwarded-For naming another address
        var answer = wrongPasswordForwardedFor(anonymous, SPOOFED);

        // Then the login fails, and is logged under the connection's address, not the one the client named
        assertThat(answer).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(linesAbout(user, output)).anyMatch(line -> line.contains("127.0.0.1"))
                .noneMatch(line -> line.contains(SPOOFED));
    }

    @Test
    void forwardedAddresses_behindANamedProxyTheClientsAddressIsTheOneTheProxyForwards(CapturedOutput output) {
        // Given a MidWatch that names 127.0.0.1 as its reverse proxy, the one setting an operator changes
        ConfigurableApplicationContext proxied = AnotherMidWatch.start("proxied", new String[0],
                "--server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.1",
                "--midwatch.worker.enabled=false",
                "--camunda.bpm.job-execution.enabled=false");
        try {
            // When a wrong password comes through that proxy for a client at another address
            var answer = wrongPasswordForwardedFor(new TestRestTemplate(), SPOOFED, AnotherMidWatch.url(proxied));

            // Then the failed login is the client's, at the address the proxy forwarded
            assertThat(answer).isEqualTo(HttpStatus.UNAUTHORIZED);
            assertThat(linesAbout(user, output)).anyMatch(line -> line.contains(SPOOFED));
        } finally {
            proxied.close();
        }
    }

    private static List<String> linesAbout(String user, CapturedOutput output) {
        return output.getAll().lines().filter(line -> line.contains("'" + user + "'")).toList();
    }

    private HttpStatus wrongPasswordForwardedFor(TestRestTemplate rest, String forwardedFor) {
        return wrongPasswordForwardedFor(rest, forwardedFor, "");
    }

    private HttpStatus wrongPasswordForwardedFor(TestRestTemplate rest, String forwardedFor, String base) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBasicAuth(user, "Wrong-Pa55word");
        headers.set("X-Forwarded-For", forwardedFor);
        return HttpStatus.valueOf(rest.exchange(base + "/api/mid-servers", HttpMethod.GET, new HttpEntity<>(headers),
                String.class).getStatusCode().value());
    }
}
