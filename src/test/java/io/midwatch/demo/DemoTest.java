package io.midwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import io.midwatch.issue.IssueFilter;
import io.midwatch.issue.IssueService;
import io.midwatch.issue.IssueState;
import io.midwatch.support.PostgresIntegrationTest;
import io.midwatch.support.AnotherMidWatch;

/**
 * The guided demo, end to end on PostgreSQL with short offsets and the job executor on: simulated MID
 * Servers send real heartbeats, the demo clone breaks two of them, the passes log issues, the worker
 * diagnoses them and Tasklist gets the verification tasks.
 */
class DemoTest extends PostgresIntegrationTest {

    @TempDir
    Path midServerConfigs;

    @Test
    void theDemoCloneBreaksTwoMidServersAndMidWatchLogsDiagnosedIssuesWithTasks() {
        try (ConfigurableApplicationContext demo = startDemo()) {
            IssueService issues = demo.getBean(IssueService.class);
            TaskService tasks = demo.getBean(TaskService.class);

            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                var logged = issues.search(new IssueFilter(IssueState.NEW, null, null, null));
                assertThat(logged).extracting(issue -> issue.midServer())
                        .containsExactlyInAnyOrder("mid-east", "mid-west");
                assertThat(logged).allSatisfy(issue -> assertThat(issue.diagnosis()).isNotNull());
                assertThat(tasks.createTaskQuery().taskCandidateGroup("mid_admin").list())
                        .extracting(task -> task.getName())
                        .contains("Verify credentials of MID Server user 'midserver.east' (MID Server mid-east)",
                                "Verify credentials of MID Server user 'midserver.west' (MID Server mid-west)");
            });
            var byMidServer = issues.search(new IssueFilter(null, null, "mid-east", null));
            assertThat(byMidServer.get(0).diagnosis()).contains("wrong password");
            assertThat(issues.search(new IssueFilter(null, null, "mid-west", null)).get(0).diagnosis())
                    .contains("lacks the role mid_server");
            assertThat(issues.search(new IssueFilter(null, null, "mid-north", null))).isEmpty();
            assertThat(midServerConfigs.resolve("mid-east.password")).exists();
        }
    }

    private ConfigurableApplicationContext startDemo() {
        return AnotherMidWatch.start("demo", new String[] {"demo"},
                "--midwatch.demo.directory=" + midServerConfigs,
                "--midwatch.demo.clone-after=PT2S",
                "--midwatch.demo.heartbeat-every=PT1S",
                "--midwatch.clone.first-pass-after=PT4S",
                "--midwatch.clone.second-pass-after=PT10M",
                "--camunda.bpm.job-execution.enabled=true");
    }
}
