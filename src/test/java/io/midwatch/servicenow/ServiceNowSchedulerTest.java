package io.midwatch.servicenow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.midwatch.support.AnotherMidWatch;
import io.midwatch.support.PostgresIntegrationTest;

/** A MidWatch with an instance configured polls it by itself, and then waits for the poll interval. */
class ServiceNowSchedulerTest extends PostgresIntegrationTest {

    private static FakeServiceNow fake;
    private static ConfigurableApplicationContext midWatch;

    @BeforeAll
    static void startFake() {
        fake = FakeServiceNow.start();
    }

    @AfterAll
    static void stop() {
        if (midWatch != null) {
            midWatch.close();
        }
        fake.close();
    }

    @Test
    void aConfiguredInstanceIsPolledAtStartAndThenEveryPollInterval() {
        // Given an instance with a MID Server
        FakeServiceNow.Instance acmetest = fake.fresh("acmetest");
        acmetest.midServer("mid-1", "Up", "mid.user", Instant.now().minus(1, ChronoUnit.HOURS));

        // When MidWatch starts with it configured
        midWatch = AnotherMidWatch.start("scheduler", new String[0],
                "--midwatch.worker.enabled=false", "--camunda.bpm.job-execution.enabled=false",
                "--midwatch.servicenow.tick=PT1S",
                "--midwatch.servicenow.instances[0].name=acmetest",
                "--midwatch.servicenow.instances[0].url=" + fake.url("acmetest"),
                "--midwatch.servicenow.instances[0].user=midwatch.reader",
                "--midwatch.servicenow.instances[0].password=reader-pass",
                "--midwatch.servicenow.instances[0].poll-interval=PT1H");

        // Then it polls the instance by itself, and the next poll is due an interval later
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.sql(
                "SELECT COUNT(*) FROM ecc_agent WHERE instance = 'acmetest'").query(Long.class).single()).isEqualTo(1));
        InstancePollRepository.Row row = await().atMost(Duration.ofSeconds(60)).until(
                () -> midWatch.getBean(InstancePollRepository.class).find("acmetest").orElse(null),
                found -> found != null && found.state() == InstanceState.OK);
        assertThat(Duration.between(row.lastSuccessAt(), row.nextPollAt())).isEqualTo(Duration.ofHours(1));
        assertThat(acmetest.requestsTo("ecc_agent")).isEqualTo(1);
    }
}
