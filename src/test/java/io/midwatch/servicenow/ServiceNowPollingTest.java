package io.midwatch.servicenow;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.RestClient;

import io.midwatch.clone.CloneCheckModelElements;
import io.midwatch.clone.CloneCheckProcess;
import io.midwatch.clone.CloneService;
import io.midwatch.forecast.ForecastService;
import io.midwatch.issue.IssueService;
import io.midwatch.midserver.MidServerService;
import io.midwatch.platform.RetryOnConcurrentChange;
import io.midwatch.support.Api;
import io.midwatch.support.PostgresIntegrationTest;

/**
 * MidWatch reading ServiceNow instances through the Table API: two instances of a fake ServiceNow,
 * {@code acmeprod} and {@code acmetest}, whose state the tests change between polls. Polls are driven by
 * hand, through a poller built from this context's beans with the fake's instances configured.
 */
@ExtendWith(OutputCaptureExtension.class)
class ServiceNowPollingTest extends PostgresIntegrationTest {

    private static final Duration POLL_INTERVAL = Duration.ofMinutes(1);
    private static FakeServiceNow fake;

    @Autowired
    private InstancePollRepository polls;
    @Autowired
    private MidServerService midServers;
    @Autowired
    private CloneService clones;
    @Autowired
    private IssueService issues;
    @Autowired
    private ForecastService forecasts;
    @Autowired
    private RetryOnConcurrentChange retry;
    @Autowired
    private Clock clock;
    @Autowired
    private RestClient.Builder restClients;

    private FakeServiceNow.Instance prod;
    private FakeServiceNow.Instance test;
    private InstancePoller poller;

    @BeforeAll
    static void startFake() {
        fake = FakeServiceNow.start();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @BeforeEach
    void twoInstances() {
        prod = fake.fresh("acmeprod");
        test = fake.fresh("acmetest");
        poller = poller(basic("acmeprod"), basic("acmetest"));
    }

    // --- MID Servers

    @Test
    void everyMidServerOfAnInstanceIsReadInPagesOfAThousandFollowingTheLinkHeader() {
        // Given an instance with 3,000 MID Servers
        for (int i = 0; i < 3000; i++) {
            test.midServer("mid-" + i, "Up", "mid.user." + i, hoursAgo(2));
        }

        // When it is polled
        InstancePoller.PollOutcome outcome = poller.pollOnce("acmetest");

        // Then all of them are MidWatch's MID Servers of that instance, read in three pages
        assertThat(outcome.state()).isEqualTo(InstanceState.OK);
        assertThat(midServersOf("acmetest")).isEqualTo(3000);
        assertThat(test.requestsTo("ecc_agent")).isEqualTo(3);
    }

    @Test
    void anInstanceThatSendsNoLinkHeaderIsReadPageByPageByOffsetUpToItsTotalCount() {
        // Given an instance with 3,000 MID Servers that pages without Link headers, with X-Total-Count
        test.linkPaging = false;
        for (int i = 0; i < 3000; i++) {
            test.midServer("mid-" + i, "Up", "mid.user." + i, hoursAgo(2));
        }

        // When it is polled
        poller.pollOnce("acmetest");

        // Then all of them are read in three pages, as many as X-Total-Count says there are
        assertThat(midServersOf("acmetest")).isEqualTo(3000);
        assertThat(test.requestsTo("ecc_agent")).isEqualTo(3);
    }

    @Test
    void aShortPageIsNotTheLastPagesAreReadUntilOneComesBackEmpty() {
        // Given an instance with 1,500 MID Servers, half of them hidden from MidWatch's account by an ACL,
        // which the instance applies after the page's limit, and neither Link nor X-Total-Count headers
        test.linkPaging = false;
        test.totalCountHeader = false;
        for (int i = 0; i < 1500; i++) {
            test.midServer("mid-" + i, "Up", "mid.user." + i, hoursAgo(2));
        }
        test.hiddenByAcl = record -> record.getOrDefault("name", "").startsWith("mid-")
                && Integer.parseInt(record.get("name").substring(4)) % 2 == 0;

        // When it is polled
        poller.pollOnce("acmetest");

        // Then every MID Server it may read is read: a short first page, a short second one, an empty third
        assertThat(midServersOf("acmetest")).isEqualTo(750);
        assertThat(test.requestsTo("ecc_agent")).isEqualTo(3);
    }

    @Test
    void linkHeadersNamingTheInstancesOwnHostAreFollowedOnTheConfiguredUrlWithoutSendingCredentialsElsewhere() {
        // Given an instance with 3,000 MID Servers behind a proxy: its Link headers name another host and port
        try (FakeServiceNow elsewhere = FakeServiceNow.start()) {
            elsewhere.fresh("acmetest");
            test.linkBase = elsewhere.url("acmetest");
            for (int i = 0; i < 3000; i++) {
                test.midServer("mid-" + i, "Up", "mid.user." + i, hoursAgo(2));
            }

            // When it is polled
            InstancePoller.PollOutcome outcome = poller.pollOnce("acmetest");

            // Then every page was read from the configured URL, and the other host received no credentials
            assertThat(outcome.state()).isEqualTo(InstanceState.OK);
            assertThat(midServersOf("acmetest")).isEqualTo(3000);
            assertThat(test.requestsTo("ecc_agent")).isEqualTo(3);
            assertThat(elsewhere.authorizations).isEmpty();
        }
    }

    @Test
    void aMidServerReadFromAnInstanceIsCreatedWhenTheInstanceCreatedIt() {
        // Given a MID Server the instance created two hours ago
        Instant createdOn = hoursAgo(2);
        test.midServer("mid-1", "Up", "mid.user", createdOn);

        // When the instance is polled
        poller.pollOnce("acmetest");

        // Then MidWatch shows it as the instance's, created then (R2 counts from there)
        JsonNode midServer = api.get("/api/mid-servers/mid-1?instance=acmetest").getBody();
        assertThat(midServer.get("instance").asText()).isEqualTo("acmetest");
        assertThat(Instant.parse(midServer.get("createdAt").asText())).isEqualTo(createdOn);
        assertThat(midServer.get("userName").asText()).isEqualTo("mid.user");
    }

    @Test
    void twoInstancesMayEachHaveAMidServerOfTheSameName() {
        // Given a MID Server mid-1 on each instance, Up on one and Down on the other
        prod.midServer("mid-1", "Up", "prod.mid", hoursAgo(2));
        test.midServer("mid-1", "Down", "test.mid", hoursAgo(2));

        // When both are polled
        poller.pollOnce("acmeprod");
        poller.pollOnce("acmetest");

        // Then both are there, each addressed with its instance, and none without an instance
        assertThat(api.get("/api/mid-servers/mid-1?instance=acmeprod").getBody().get("status").asText())
                .isEqualTo("Up");
        assertThat(api.get("/api/mid-servers/mid-1?instance=acmetest").getBody().get("status").asText())
                .isEqualTo("Down");
        assertThat(api.get("/api/mid-servers/mid-1").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        // and the name is still free for a MID Server registered through the API
        assertThat(api.post("/api/mid-servers", Api.midServer("mid-1", "own.mid", "Up")).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
        assertThat(api.get("/api/mid-servers").getBody()).hasSize(3);
    }

    @Test
    void R12_theHeartbeatTimeoutLeavesTheMidServersOfAnInstanceAlone() {
        // Given an instance reporting a MID Server Up, and a MID Server registered through the API, both silent
        test.midServer("mid-1", "Up", "mid.user", hoursAgo(2));
        poller.pollOnce("acmetest");
        api.post("/api/mid-servers", Api.midServer("own-mid", "own.user", "Up"));

        // When the heartbeat timeout runs
        midServers.setSilentMidServersDown(clock.instant().plusSeconds(1));

        // Then only the one registered through the API is set Down: the instance's keeps its instance's status
        assertThat(api.get("/api/mid-servers/own-mid").getBody().get("status").asText()).isEqualTo("Down");
        assertThat(api.get("/api/mid-servers/mid-1?instance=acmetest").getBody().get("status").asText())
                .isEqualTo("Up");
    }

    @Test
    void theStatusOfAMidServerOfAnInstanceIsNotSetThroughTheApi() {
        // Given a MID Server read from an instance
        test.midServer("mid-1", "Down", "mid.user", hoursAgo(2));
        poller.pollOnce("acmetest");

        // When a caller sets its status
        var answer = api.put("/api/mid-servers/mid-1/status?instance=acmetest", Map.of("status", "Up"));

        // Then it is refused: its status comes from its instance
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(answer.getBody().get("detail").asText()).contains("acmetest");
        assertThat(api.get("/api/mid-servers/mid-1?instance=acmetest").getBody().get("status").asText())
                .isEqualTo("Down");
    }

    @Test
    void R4_aMidServerInAnyStatusIsKeptAsItsInstanceSpellsItAndOnlyDownGetsAnIssue() {
        // Given a MID Server in each status ServiceNow documents, and one in a status it might add
        List<String> statuses = List.of("Up", "Down", "Upgrading", "Paused", "Upgrade Failed", "Draining", "Drained",
                "Drain Failed", "Hibernating");
        statuses.forEach(status -> test.midServer("mid " + status, status, "mid.user", hoursAgo(2)));
        String cloneId = prod.clone("acmeprod", "acmetest", "completed", minutesAgo(5));
        poller.pollOnce("acmetest");
        poller.pollOnce("acmeprod");

        // When the clone's first pass runs
        runFirstPass(cloneId);

        // Then every MID Server is there with its status as the instance spells it
        assertThat(api.get("/api/mid-servers?instance=acmetest").getBody())
                .extracting(server -> server.get("name").asText() + "=" + server.get("status").asText())
                .containsExactlyInAnyOrderElementsOf(statuses.stream().map(status -> "mid " + status + "=" + status)
                        .toList());
        // and only the Down one has an issue
        assertThat(onlyIssueOfClone(cloneId).get("midServer").asText()).isEqualTo("mid Down");
    }

    @Test
    void aMidServerThatGoesIntoAStatusNewToMidWatchShowsItInsteadOfItsLastKnownOne() {
        // Given a MID Server Up on its instance, polled
        test.midServer("mid-1", "Up", "mid.user", hoursAgo(2));
        poller.pollOnce("acmetest");

        // When it starts draining, then goes into a status MidWatch has never heard of, each time polled
        test.status("mid-1", "Draining");
        InstancePoller.PollOutcome draining = poller.pollOnce("acmetest");
        test.status("mid-1", "Hibernating");
        poller.pollOnce("acmetest");

        // Then each change shows, the last as its instance spells it
        assertThat(draining.statusChanges()).isEqualTo(1);
        assertThat(api.get("/api/mid-servers/mid-1?instance=acmetest").getBody().get("status").asText())
                .isEqualTo("Hibernating");
    }

    @Test
    void aMidServerDeletedOnItsInstanceIsMarkedRemovedKeepsItsIssueIsLeftOutOfPassesAndMayComeBack() {
        // Given a MID Server Down on acmetest with the issue of a first clone, and another one Down
        test.midServer("mid-gone", "Down", "mid.user", hoursAgo(2));
        test.midServer("mid-kept", "Down", "mid.user", hoursAgo(2));
        String firstClone = prod.clone("acmeprod", "acmetest", "completed", minutesAgo(10));
        poller.pollOnce("acmetest");
        poller.pollOnce("acmeprod");
        runFirstPass(firstClone);
        String issueOfGone = null;
        for (JsonNode issue : api.get("/api/issues?cloneId=" + firstClone).getBody()) {
            if (issue.get("midServer").asText().equals("mid-gone")) {
                issueOfGone = issue.get("id").asText();
            }
        }
        assertThat(issueOfGone).isNotNull();

        // When it is deleted on the instance, polled, and a second clone has its first pass
        test.table("ecc_agent").removeIf(record -> record.get("name").equals("mid-gone"));
        poller.pollOnce("acmetest");
        String secondClone = prod.clone("acmeprod", "acmetest", "completed", minutesAgo(5));
        poller.pollOnce("acmeprod");
        runFirstPass(secondClone);

        // Then it shows when it was removed, and its issue stays as it was: the pass left it out
        JsonNode gone = api.get("/api/mid-servers/mid-gone?instance=acmetest").getBody();
        assertThat(gone.get("removedAt").isNull()).isFalse();
        JsonNode issue = api.get("/api/issues/" + issueOfGone).getBody();
        assertThat(issue.get("state").asText()).isEqualTo("New");
        assertThat(issue.get("count").asInt()).isEqualTo(1);
        assertThat(api.get("/api/mid-servers/mid-kept?instance=acmetest").getBody().get("removedAt").isNull())
                .isTrue();

        // and when it is back on the instance, the next poll clears removedAt
        test.midServer("mid-gone", "Down", "mid.user", hoursAgo(2));
        poller.pollOnce("acmetest");
        assertThat(api.get("/api/mid-servers/mid-gone?instance=acmetest").getBody().get("removedAt").isNull())
                .isTrue();
    }

    @Test
    void textFromOutside_aMidServerNamedWithControlCharactersIsNotFollowedAndWarnedOfOnceWithoutThem(
            CapturedOutput output) {
        // Given an instance with a MID Server whose name holds a line break and a forged log line, and another
        test.midServer("mid-1\n2026-12-01 INFO forged-line", "Down", "mid.user", hoursAgo(2));
        test.midServer("mid-2", "Down", "mid.user", hoursAgo(2));

        // When it is polled twice
        poller.pollOnce("acmetest");
        poller.pollOnce("acmetest");

        // Then only the other one is MidWatch's
        assertThat(midServersOf("acmetest")).isEqualTo(1);
        assertThat(api.get("/api/mid-servers/mid-2?instance=acmetest").getStatusCode()).isEqualTo(HttpStatus.OK);
        // and one warning names the left-out record, its line break replaced: no log line starts with the forgery
        assertThat(output.getAll().lines().filter(line -> line.contains("forged-line")))
                .singleElement().satisfies(line -> assertThat(line).contains("WARN").contains("acmetest")
                        .contains("mid-1?2026-12-01 INFO forged-line"));
    }

    // --- clones

    @Test
    void R1_aCloneCompletedOnTheSourceStartsOneCheckHoweverOftenItIsPolled() {
        // Given a clone of acmeprod onto acmetest completed on the source
        String sysId = prod.clone("acmeprod", "acmetest", "Completed", minutesAgo(5));

        // When both instances are polled, again and again
        for (int i = 0; i < 3; i++) {
            poller.pollOnce("acmeprod");
            poller.pollOnce("acmetest");
        }

        // Then MidWatch has that one clone, named by the record's sys_id, and one check of it
        JsonNode clone = api.get("/api/clones/" + sysId).getBody();
        assertThat(clone.get("sourceInstance").asText()).isEqualTo("acmeprod");
        assertThat(clone.get("targetInstance").asText()).isEqualTo("acmetest");
        assertThat(api.get("/api/clones").getBody()).hasSize(1);
        assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(CloneCheckProcess.PROCESS_KEY)
                .count()).isEqualTo(1);
    }

    @Test
    void aCloneThatIsNotCompletedOrOntoAnInstanceNotConfiguredStartsNothing() {
        // Given a clone still running onto acmetest, and a completed one onto an instance MidWatch does not read
        prod.clone("acmeprod", "acmetest", "Active", minutesAgo(5));
        prod.clone("acmeprod", "acmedev", "Completed", minutesAgo(5));

        // When the source is polled
        poller.pollOnce("acmeprod");

        // Then no clone is started
        assertThat(api.get("/api/clones").getBody()).isEmpty();
    }

    @Test
    void R4_R7_aMidServerDownOnTheTargetBeforeTheCloneGetsItsIssueAndComingUpOnItsInstanceResolvesIt() {
        // Given a MID Server Down on acmetest since before a clone of acmeprod onto it
        test.midServer("mid-1", "Down", "mid.user", hoursAgo(2));
        String cloneId = prod.clone("acmeprod", "acmetest", "Completed", minutesAgo(5));
        poller.pollOnce("acmetest");
        poller.pollOnce("acmeprod");

        // When the clone's first pass runs
        runFirstPass(cloneId);

        // Then the MID Server has its issue
        JsonNode issue = onlyIssueOfClone(cloneId);
        assertThat(issue.get("midServer").asText()).isEqualTo("mid-1");
        assertThat(issue.get("instance").asText()).isEqualTo("acmetest");
        assertThat(issue.get("state").asText()).isEqualTo("New");

        // and when its instance reports it Up, one poll resolves the issue
        test.status("mid-1", "Up");
        InstancePoller.PollOutcome outcome = poller.pollOnce("acmetest");
        assertThat(outcome.statusChanges()).isEqualTo(1);
        assertThat(api.get("/api/issues/" + issue.get("id").asText()).getBody().get("state").asText())
                .isEqualTo("Resolved");
    }

    @Test
    void R2_aMidServerCreatedOnTheTargetAfterTheCloneIsNotEvaluated() {
        // Given a clone onto acmetest, and a MID Server created there after it, Down
        String cloneId = prod.clone("acmeprod", "acmetest", "Completed", minutesAgo(5));
        test.midServer("mid-new", "Down", "mid.user", minutesAgo(1));
        poller.pollOnce("acmetest");
        poller.pollOnce("acmeprod");

        // When the clone's first pass runs
        runFirstPass(cloneId);

        // Then the MID Server has no issue
        assertThat(api.get("/api/issues?cloneId=" + cloneId).getBody()).isEmpty();
    }

    @Test
    void aCloneEvaluatesTheMidServersOfItsTargetAndThoseWithoutAnInstanceOnly() {
        // Given Down MID Servers on the target, on the source, and one registered through the API
        test.midServer("mid-test", "Down", "test.mid", hoursAgo(2));
        prod.midServer("mid-prod", "Down", "prod.mid", hoursAgo(2));
        api.post("/api/mid-servers", Api.midServer("mid-own", "own.mid", "Down"));
        ClockUtil.setCurrentTime(Date.from(clock.instant().plus(2, ChronoUnit.MINUTES)));
        String cloneId = prod.clone("acmeprod", "acmetest", "Completed", minutesAgo(1));
        poller.pollOnce("acmetest");
        poller.pollOnce("acmeprod");

        // When the clone of acmeprod onto acmetest has its first pass
        runFirstPass(cloneId);

        // Then the target's and the API's MID Servers have issues, the source's has none
        assertThat(api.get("/api/issues?cloneId=" + cloneId).getBody())
                .extracting(issue -> issue.get("midServer").asText())
                .containsExactlyInAnyOrder("mid-test", "mid-own");
    }

    // --- failures

    @Test
    void aRateLimitedPollChangesNothingAndNoRequestGoesToTheInstanceBeforeRetryAfterHasPassed() {
        // Given an instance with a MID Server whose rate limit holds MidWatch back for 120 s
        test.midServer("mid-1", "Up", "mid.user", hoursAgo(2));
        test.rateLimited = 1;
        test.retryAfterSeconds = 120;

        // When it is polled
        InstancePoller.PollOutcome outcome = poller.pollOnce("acmetest");

        // Then nothing is read, the instance shows the rate limit, and the next poll is due in 120 s
        assertThat(outcome.state()).isEqualTo(InstanceState.RATE_LIMITED);
        assertThat(midServersOf("acmetest")).isZero();
        InstancePollRepository.Row row = polls.find("acmetest").orElseThrow();
        assertThat(row.lastError()).contains("429").contains("Rate limit exceeded");
        assertThat(Duration.between(row.lastPollAt(), row.nextPollAt())).isEqualTo(Duration.ofSeconds(120));

        // and a poll asked for 119 s later sends nothing to the instance, though its limit is lifted
        int requests = test.requests.size();
        ClockUtil.setCurrentTime(Date.from(clock.instant().plusSeconds(119)));
        assertThat(poller.pollOnce("acmetest").state()).isEqualTo(InstanceState.RATE_LIMITED);
        assertThat(test.requests).hasSize(requests);

        // and once the 120 s have passed the next poll reads the MID Server
        ClockUtil.setCurrentTime(Date.from(clock.instant().plusSeconds(1)));
        assertThat(poller.pollOnce("acmetest").state()).isEqualTo(InstanceState.OK);
        assertThat(midServersOf("acmetest")).isEqualTo(1);
    }

    @Test
    void aRefusedPollShowsTheInstanceRefusingTheAccountWithTheReasonAndWhyAfterAClone() {
        // Given acmetest, just cloned over from acmeprod, now refuses MidWatch's account
        String cloneId = prod.clone("acmeprod", "acmetest", "Completed", minutesAgo(5));
        poller.pollOnce("acmeprod");
        test.midServer("mid-1", "Up", "mid.user", hoursAgo(2));
        test.refusal = "Required to provide Auth information";

        // When acmetest is polled
        InstancePoller.PollOutcome outcome = poller.pollOnce("acmetest");

        // Then nothing is read, and the instance shows that it refuses the account, why, and that the clone explains it
        assertThat(outcome.state()).isEqualTo(InstanceState.LOGIN_REFUSED);
        assertThat(midServersOf("acmetest")).isZero();
        String error = polls.find("acmetest").orElseThrow().lastError();
        assertThat(error).contains("refuses MidWatch's account 'midwatch.reader'").contains("401")
                .contains("User Not Authenticated").contains(cloneId).contains("sys_user")
                .doesNotContain("reader-pass");
    }

    @Test
    void failingPollsBackOffExponentiallyUpToTenPollIntervals() {
        // Given an instance that answers every request with 500
        test.failing = query -> true;

        // When it is polled five times
        var waits = new java.util.ArrayList<Long>();
        for (int i = 0; i < 5; i++) {
            assertThat(poller.pollOnce("acmetest").state()).isEqualTo(InstanceState.FAILING);
            InstancePollRepository.Row row = polls.find("acmetest").orElseThrow();
            waits.add(Duration.between(row.lastPollAt(), row.nextPollAt()).dividedBy(POLL_INTERVAL));
        }

        // Then each waits twice as long as the one before, at most ten poll intervals
        assertThat(waits).containsExactly(2L, 4L, 8L, 10L, 10L);
        assertThat(polls.find("acmetest").orElseThrow().lastError()).contains("500").contains("Internal server error");
    }

    @Test
    void aWarningIsLoggedOncePerChangeOfAnInstancesStateNotPerPoll() {
        // Given an instance that fails, and the poller's log
        test.failing = query -> true;
        Logger logger = (Logger) LoggerFactory.getLogger(InstancePoller.class);
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        logger.addAppender(appender);
        try {
            // When it is polled three times failing, then once answering, then once refusing
            for (int i = 0; i < 3; i++) {
                poller.pollOnce("acmetest");
            }
            test.failing = null;
            poller.pollOnce("acmetest");
            test.refusal = "Required to provide Auth information";
            poller.pollOnce("acmetest");
        } finally {
            logger.detachAppender(appender);
        }

        // Then three warnings: it fails, it answers again, it refuses the account
        assertThat(appender.list).filteredOn(event -> event.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .satisfiesExactly(
                        failing -> assertThat(failing).contains("500"),
                        recovered -> assertThat(recovered).contains("answers again"),
                        refused -> assertThat(refused).contains("refuses MidWatch's account"));
    }

    @Test
    void aPollThatFailsOnItsSecondPageChangesNothing() {
        // Given an instance with 1,500 MID Servers whose second page fails
        for (int i = 0; i < 1500; i++) {
            test.midServer("mid-" + i, "Up", "mid.user", hoursAgo(2));
        }
        test.failing = query -> query.contains("sysparm_offset=1000");

        // When it is polled
        poller.pollOnce("acmetest");

        // Then not one MID Server was taken over
        assertThat(midServersOf("acmetest")).isZero();
        assertThat(polls.find("acmetest").orElseThrow().state()).isEqualTo(InstanceState.FAILING);
    }

    @Test
    void anInstanceReadWithOAuthIsAskedForOneTokenAcrossPolls() {
        // Given an instance that takes OAuth tokens for MidWatch's client
        test.oauth("midwatch-client", "client-secret");
        test.midServer("mid-1", "Up", "mid.user", hoursAgo(2));
        InstancePoller oauthPoller = poller(oauth("acmetest"));

        // When it is polled twice
        oauthPoller.pollOnce("acmetest");
        InstancePoller.PollOutcome second = oauthPoller.pollOnce("acmetest");

        // Then both polls read it, with one token granted by the password grant
        assertThat(second.state()).isEqualTo(InstanceState.OK);
        assertThat(midServersOf("acmetest")).isEqualTo(1);
        assertThat(test.tokenGrants).isEqualTo(1);
    }

    @Test
    void anExpiredOAuthTokenIsRenewedWithItsRefreshToken() {
        // Given an instance read with OAuth, polled once
        test.oauth("midwatch-client", "client-secret");
        test.midServer("mid-1", "Up", "mid.user", hoursAgo(2));
        InstancePoller oauthPoller = poller(oauth("acmetest"));
        oauthPoller.pollOnce("acmetest");

        // When the next poll comes after the token has expired (the fake's last 1,799 s)
        ClockUtil.setCurrentTime(Date.from(clock.instant().plus(1, ChronoUnit.HOURS)));
        InstancePoller.PollOutcome second = oauthPoller.pollOnce("acmetest");

        // Then the token was renewed by its refresh token, not by the password again
        assertThat(second.state()).isEqualTo(InstanceState.OK);
        assertThat(test.tokenGrants).isEqualTo(1);
        assertThat(test.tokenRefreshes).isEqualTo(1);
    }

    // --- helpers

    private static ServiceNowProperties.Instance oauth(String name) {
        return new ServiceNowProperties.Instance(name, URI.create(fake.url(name)), null, null,
                new ServiceNowProperties.OAuth("midwatch-client", "client-secret", "midwatch.reader", "reader-pass"),
                POLL_INTERVAL);
    }

    private InstancePoller poller(ServiceNowProperties.Instance... instances) {
        return new Pollers(polls, midServers, clones, issues, forecasts, retry, clock, restClients).poller(instances);
    }

    private static ServiceNowProperties.Instance basic(String name) {
        return Pollers.basic(name, fake.url(name));
    }

    private Instant hoursAgo(int hours) {
        return clock.instant().minus(hours, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    }

    private Instant minutesAgo(int minutes) {
        return clock.instant().minus(minutes, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    }

    private long midServersOf(String instance) {
        return jdbc.sql("SELECT COUNT(*) FROM ecc_agent WHERE instance = :instance").param("instance", instance)
                .query(Long.class).single();
    }

    private void runFirstPass(String cloneId) {
        String check = api.get("/api/clones/" + cloneId).getBody().get("processInstanceId").asText();
        managementService.executeJob(managementService.createJobQuery().processInstanceId(check)
                .activityId(CloneCheckModelElements.TIMER_FIRST_PASS).singleResult().getId());
    }

    private JsonNode onlyIssueOfClone(String cloneId) {
        JsonNode issues = api.get("/api/issues?cloneId=" + cloneId).getBody();
        assertThat(issues).hasSize(1);
        return issues.get(0);
    }
}
