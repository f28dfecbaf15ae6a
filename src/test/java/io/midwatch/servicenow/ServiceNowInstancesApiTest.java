package io.midwatch.servicenow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import io.midwatch.clone.CloneCheckProcess;
import io.midwatch.support.AnotherMidWatch;
import io.midwatch.support.Api;
import io.midwatch.support.PostgresIntegrationTest;

/**
 * A MidWatch started with two instances configured the way an operator configures them (acmeprod with
 * HTTP Basic, acmetest with OAuth), polling a fake ServiceNow; polls are driven by hand.
 */
class ServiceNowInstancesApiTest extends PostgresIntegrationTest {

    static final String READER_PASSWORD = "reader-pass-s3cret";
    static final String CLIENT_SECRET = "client-s3cret";

    private static FakeServiceNow fake;
    private static ConfigurableApplicationContext midWatch;

    private FakeServiceNow.Instance prod;
    private FakeServiceNow.Instance test;

    @BeforeAll
    static void start() {
        fake = FakeServiceNow.start();
        midWatch = startMidWatch(fake);
    }

    @AfterAll
    static void stop() {
        midWatch.close();
        fake.close();
    }

    /** MidWatch with acmeprod and acmetest of the fake configured, polled by hand only. */
    static ConfigurableApplicationContext startMidWatch(FakeServiceNow fake) {
        return AnotherMidWatch.start("servicenow", new String[0],
                "--midwatch.worker.enabled=false", "--camunda.bpm.job-execution.enabled=false",
                "--midwatch.servicenow.scheduled=false",
                "--midwatch.servicenow.instances[0].name=acmeprod",
                "--midwatch.servicenow.instances[0].url=" + fake.url("acmeprod"),
                "--midwatch.servicenow.instances[0].user=midwatch.reader",
                "--midwatch.servicenow.instances[0].password=" + READER_PASSWORD,
                "--midwatch.servicenow.instances[1].name=acmetest",
                "--midwatch.servicenow.instances[1].url=" + fake.url("acmetest"),
                "--midwatch.servicenow.instances[1].poll-interval=PT5M",
                "--midwatch.servicenow.instances[1].oauth.client-id=midwatch-client",
                "--midwatch.servicenow.instances[1].oauth.client-secret=" + CLIENT_SECRET,
                "--midwatch.servicenow.instances[1].oauth.user=midwatch.reader",
                "--midwatch.servicenow.instances[1].oauth.password=" + READER_PASSWORD);
    }

    @BeforeEach
    void freshInstances() {
        prod = fake.fresh("acmeprod");
        prod.password = READER_PASSWORD;
        test = fake.fresh("acmetest").oauth("midwatch-client", CLIENT_SECRET);
        test.password = READER_PASSWORD;
    }

    @Test
    void eachConfiguredInstanceIsListedWithItsPollingAndNoSecret() {
        // Given acmetest with two MID Servers and a clone onto it, polled; acmeprod refusing MidWatch's account
        test.midServer("mid-1", "Up", "mid.user", hoursAgo(2));
        test.midServer("mid-2", "Down", "mid.user", hoursAgo(2));
        test.clone("acmeprod", "acmetest", "Completed", hoursAgo(1));
        prod.refusal = "Required to provide Auth information";
        poll("acmetest");
        poll("acmeprod");

        // When the instances are listed
        var answer = midWatchApi().get("/api/instances");

        // Then each shows its state, last successful poll, last error, MID Server count and clones seen
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode acmetest = answer.getBody().get(1);
        assertThat(acmetest.get("name").asText()).isEqualTo("acmetest");
        assertThat(acmetest.get("state").asText()).isEqualTo("OK");
        assertThat(acmetest.get("lastSuccessfulPollAt").isNull()).isFalse();
        assertThat(acmetest.get("midServers").asLong()).isEqualTo(2);
        assertThat(acmetest.get("clonesSeen").asLong()).isEqualTo(1);
        assertThat(acmetest.get("pollIntervalSeconds").asLong()).isEqualTo(300);
        JsonNode acmeprod = midWatchApi().get("/api/instances/acmeprod").getBody();
        assertThat(acmeprod.get("state").asText()).isEqualTo("LOGIN_REFUSED");
        assertThat(acmeprod.get("lastSuccessfulPollAt").isNull()).isTrue();
        assertThat(acmeprod.get("lastError").asText()).contains("refuses MidWatch's account 'midwatch.reader'");
        // and no secret anywhere
        assertThat(answer.getBody().toString()).doesNotContain(READER_PASSWORD).doesNotContain(CLIENT_SECRET);
    }

    @Test
    void aMidServerWithANameLongerThanMidWatchKeepsIsSkippedWithOneWarningAndCountedOnItsInstance() {
        // Given acmetest with a MID Server named in 101 characters beside an ordinary one, and the poller's log
        String longName = "mid-" + "x".repeat(97);
        String sysId = test.midServer(longName, "Down", "mid.user", hoursAgo(2));
        test.midServer("mid-1", "Up", "mid.user", hoursAgo(2));
        Logger logger = (Logger) LoggerFactory.getLogger(InstancePoller.class);
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        logger.addAppender(appender);
        try {
            // When it is polled twice
            poll("acmetest");
            poll("acmetest");
        } finally {
            logger.detachAppender(appender);
        }

        // Then one warning names the MID Server skipped and why
        assertThat(appender.list).filteredOn(event -> event.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .singleElement().satisfies(warning -> assertThat(warning).contains("acmetest").contains(sysId)
                        .contains("longer than 100 characters"));
        // and the instance counts it as skipped beside the one MID Server it keeps
        JsonNode acmetest = midWatchApi().get("/api/instances/acmetest").getBody();
        assertThat(acmetest.get("skippedMidServers").asInt()).isEqualTo(1);
        assertThat(acmetest.get("midServers").asLong()).isEqualTo(1);
    }

    @Test
    void aTableTheAccountMayNotReadIsAccessDeniedNamingTheTableNotARefusedLogin() {
        // Given acmeprod lets MidWatch's account log in but denies it sys_choice (403), and the poller's log
        prod.deniedTables.add("sys_choice");
        Logger logger = (Logger) LoggerFactory.getLogger(InstancePoller.class);
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        logger.addAppender(appender);
        try {
            // When it is polled
            poll("acmeprod");
        } finally {
            logger.detachAppender(appender);
        }

        // Then the instance shows access denied to that table, not a refused login, and the log says the same
        JsonNode acmeprod = midWatchApi().get("/api/instances/acmeprod").getBody();
        assertThat(acmeprod.get("state").asText()).isEqualTo("ACCESS_DENIED");
        assertThat(acmeprod.get("lastError").asText()).contains("access to table sys_choice").contains("403")
                .contains("Insufficient rights").doesNotContain("refuses").doesNotContain("clone");
        assertThat(appender.list).filteredOn(event -> event.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage).singleElement().asString()
                .contains("acmeprod")
                .contains("denies MidWatch's account 'midwatch.reader' access to table sys_choice");
    }

    @Test
    void aRestartedMidWatchResumesWithoutDuplicates() {
        // Given a MID Server and a clone onto acmetest, polled once
        test.midServer("mid-1", "Down", "mid.user", hoursAgo(2));
        String cloneId = prod.clone("acmeprod", "acmetest", "Completed", hoursAgo(1));
        poll("acmetest");
        poll("acmeprod");

        // When MidWatch starts again and polls both instances again
        midWatch.close();
        midWatch = startMidWatch(fake);
        poll("acmetest");
        poll("acmeprod");

        // Then there is still one MID Server, one clone and one check of it
        assertThat(midWatchApi().get("/api/mid-servers?instance=acmetest").getBody()).hasSize(1);
        assertThat(midWatchApi().get("/api/clones").getBody()).singleElement()
                .satisfies(clone -> assertThat(clone.get("cloneId").asText()).isEqualTo(cloneId));
        assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(CloneCheckProcess.PROCESS_KEY)
                .count()).isEqualTo(1);
    }

    @Test
    void theUserOfAMidServerIsReadFromItsInstanceForTheDiagnosis() {
        // Given acmetest's user of a MID Server: active, not locked out, with mid_server
        test.user("mid.user", true, false, "mid_server", "itil");

        // When MidWatch is asked for it
        var answer = midWatchApi().get("/api/instances/acmetest/users/mid.user");

        // Then it answers what the instance says, without any password
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getBody().get("active").asBoolean()).isTrue();
        assertThat(answer.getBody().get("lockedOut").asBoolean()).isFalse();
        assertThat(answer.getBody().get("roles")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("mid_server", "itil");
        assertThat(midWatchApi().get("/api/instances/acmetest/users/nobody").getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void aUserThatCannotBeReadFromARefusingInstanceIsABadGateway() {
        // Given acmeprod refusing MidWatch's account
        prod.refusal = "Required to provide Auth information";

        // When MidWatch is asked for one of its users
        var answer = midWatchApi().get("/api/instances/acmeprod/users/mid.user");

        // Then it says that the instance did not answer, and why
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_GATEWAY);
        assertThat(answer.getBody().get("detail").asText()).contains("401");
    }

    @Test
    void aUserAskedForWhileTheInstancesRateLimitHoldsMidWatchBackIsAnswered503WithRetryAfterNotABadGateway() {
        // Given acmeprod's user of a MID Server, and acmeprod answering the next call 429 with Retry-After 2 s
        prod.user("mid.user", true, false, "mid_server");
        prod.rateLimited = 1;
        prod.retryAfterSeconds = 2;

        // When MidWatch is asked for the user, twice at once, by a client that does not retry by itself
        Api once = new Api(new TestRestTemplate(new RestTemplateBuilder().rootUri(AnotherMidWatch.url(midWatch))
                .requestFactoryBuilder(ClientHttpRequestFactoryBuilder.jdk()))
                .withBasicAuth("admin", PostgresIntegrationTest.ADMIN_PASSWORD));
        var first = once.get("/api/instances/acmeprod/users/mid.user");
        int requests = prod.requests.size();
        var second = once.get("/api/instances/acmeprod/users/mid.user");

        // Then both answers ask the caller to come back after the instance's Retry-After, and the second sent
        // nothing to the instance
        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(first.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        assertThat(first.getBody().get("detail").asText()).contains("rate limit").contains("429");
        assertThat(second.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(second.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isIn("1", "2");
        assertThat(prod.requests).hasSize(requests);

        // and once the Retry-After has passed the user is read
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).until(() ->
                once.get("/api/instances/acmeprod/users/mid.user").getStatusCode() == HttpStatus.OK);
    }

    private static void poll(String instance) {
        midWatch.getBean(InstancePoller.class).pollOnce(instance);
    }

    private static Api midWatchApi() {
        return AnotherMidWatch.adminApi(midWatch);
    }

    private static Instant hoursAgo(int hours) {
        return Instant.now().minus(hours, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    }
}
