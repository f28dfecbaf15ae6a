package io.midwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import io.midwatch.heartbeat.HeartbeatCheckModelElements;
import io.midwatch.heartbeat.HeartbeatCheckProcess;
import io.midwatch.issue.IssueFilter;
import io.midwatch.issue.IssueService;
import io.midwatch.issue.IssueState;
import io.midwatch.midserver.MidServerService;
import io.midwatch.midserver.MidServerStatus;
import io.midwatch.support.AnotherMidWatch;
import io.midwatch.support.PostgresIntegrationTest;

/**
 * The guided demo, end to end on the embedded H2 database it is made for (and refused on any other), with
 * short offsets and the job executor on: simulated MID
 * Servers send real heartbeats, the demo clone breaks two of them, their refused logins are recorded, the
 * heartbeat timeout sets them Down, the passes log issues, the worker diagnoses them and Tasklist gets the
 * verification tasks.
 */
class DemoTest extends PostgresIntegrationTest {

    @TempDir
    Path midServerConfigs;

    @Test
    void theDemoCloneBreaksTwoMidServersAndMidWatchLogsDiagnosedIssuesWithTasks() {
        // Given the demo, started on its embedded database
        try (ConfigurableApplicationContext demo = startDemo("demo")) {
            IssueService issues = demo.getBean(IssueService.class);
            TaskService tasks = demo.getBean(TaskService.class);
            MidServerService midServers = demo.getBean(MidServerService.class);

            // When its clone breaks two users
            // Then their MID Servers' heartbeats are refused and the failures recorded
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(midServers.get("mid-east").lastLoginFailure()).contains("Invalid password");
                assertThat(midServers.get("mid-west").lastLoginFailure()).contains("does not have the role mid_server");
            });
            // and the heartbeat check (every minute; run here as soon as it can tell) sets them Down after the
            // timeout, while the unbroken one stays Up
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .untilAsserted(() -> {
                        runHeartbeatCheck(demo.getBean(ManagementService.class));
                        assertThat(midServers.get("mid-east").status()).isEqualTo(MidServerStatus.DOWN);
                        assertThat(midServers.get("mid-west").status()).isEqualTo(MidServerStatus.DOWN);
                    });
            assertThat(midServers.get("mid-north").status()).isEqualTo(MidServerStatus.UP);

            // and the first pass logs their issues, the worker diagnoses them, Tasklist asks for a verification
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
            // and each diagnosis names its own fault, and the unbroken MID Server has no issue
            var byMidServer = issues.search(new IssueFilter(null, null, "mid-east", null));
            assertThat(byMidServer.get(0).diagnosis()).contains("wrong password");
            assertThat(issues.search(new IssueFilter(null, null, "mid-west", null)).get(0).diagnosis())
                    .contains("lacks the role mid_server");
            assertThat(issues.search(new IssueFilter(null, null, "mid-north", null))).isEmpty();
        }
    }

    @Test
    void theDemoWritesTheMidServersPasswordsAndAnOperatorWhoCanLogInToTasklist() throws Exception {
        // When the demo has started on its embedded database
        try (ConfigurableApplicationContext demo = startDemo("demooperator")) {

            // Then each simulated MID Server's password is in the demo's folder
            assertThat(midServerConfigs.resolve("mid-east.password")).exists();
            // and the demo's operator logs in with the password the demo wrote beside them
            assertThat(demo.getBean(org.camunda.bpm.engine.IdentityService.class).checkPassword(DemoOperator.USER,
                    readPassword(midServerConfigs.resolve(DemoOperator.USER + ".password")))).isTrue();
        }
    }

    private static String readPassword(Path file) throws java.io.IOException {
        return java.nio.file.Files.readString(file).strip();
    }

    /** Through the demo's own engine, so that the demo's heartbeat timeout applies. */
    private static void runHeartbeatCheck(ManagementService management) {
        management.executeJob(management.createJobQuery().processDefinitionKey(HeartbeatCheckProcess.PROCESS_KEY)
                .activityId(HeartbeatCheckModelElements.TIMER_HEARTBEAT_CHECK).singleResult().getId());
    }

    @Test
    void theDemoRefusesToRunOnARealDatabase() {
        // Given MidWatch's real database, PostgreSQL

        // When the demo is started on it
        // Then it refuses to start, and writes no MID Server configuration
        assertThatThrownBy(() -> AnotherMidWatch.start("demoonpostgres", new String[] {"demo"},
                "--midwatch.demo.directory=" + midServerConfigs, "--midwatch.worker.enabled=false"))
                .hasStackTraceContaining("The demo runs on MidWatch's embedded H2 database only");
        assertThat(midServerConfigs).isEmptyDirectory();
    }

    /** Each demo on an in-memory database and an engine of its own name, so that no demo finds another's data. */
    private ConfigurableApplicationContext startDemo(String name) {
        return AnotherMidWatch.startOn("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "", name,
                new String[] {"demo"},
                "--midwatch.demo.directory=" + midServerConfigs,
                "--midwatch.demo.clone-after=PT2S",
                "--midwatch.demo.heartbeat-every=PT1S",
                // five missed heartbeats; the first pass comes well after the broken MID Servers are Down
                "--midwatch.heartbeat.timeout=PT5S",
                "--midwatch.clone.first-pass-after=PT30S",
                "--midwatch.clone.second-pass-after=PT10M",
                "--camunda.bpm.job-execution.enabled=true");
    }
}
