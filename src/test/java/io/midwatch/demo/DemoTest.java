package io.midwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import io.midwatch.clone.CloneCheckModelElements;
import io.midwatch.issue.IssueProcess;
import io.midwatch.servicenow.InstancePoller;
import io.midwatch.support.AnotherMidWatch;
import io.midwatch.support.Api;
import io.midwatch.support.PostgresIntegrationTest;

/**
 * The guided demo, end to end on the embedded H2 database it is made for (and refused on any other): two
 * simulated ServiceNow instances read through MidWatch's connector, polls, the clone's completion and the
 * passes driven by hand, the job executor and the diagnosis worker on. The clone is a record on the source; the target owns
 * its MID Servers' status, which their logins decide, and its users, which its administrator fixes.
 */
class DemoTest extends PostgresIntegrationTest {

    @TempDir
    Path demoFolder;

    @Test
    void theForecastWarnsOfTheScheduledCloneThatBreaksTwoMidServersOfTheTargetAndFixingTheirUsersResolvesTheirIssues()
            throws IOException {
        // Given the demo, started on its embedded database with its two simulated instances, the source's clone
        // onto the target scheduled (its completion driven here)
        try (ConfigurableApplicationContext demo = startDemo("demo")) {
            InstancePoller poller = demo.getBean(InstancePoller.class);
            TaskService tasks = demo.getBean(TaskService.class);
            Api midWatch = AnotherMidWatch.adminApi(demo);
            Api demoprod = instanceAdmin(midWatch, "demoprod");
            Api demotest = instanceAdmin(midWatch, "demotest");

            // When MidWatch polls the target, then the source, whose clone record is Scheduled
            poller.pollOnce("demotest");
            poller.pollOnce("demoprod");
            JsonNode scheduled = demoprod.get("/api/now/table/clone_instance").getBody().path("result").get(0);
            String cloneId = scheduled.path("sys_id").asText();
            assertThat(scheduled.path("state").asText()).isEqualTo("Scheduled");

            // Then, before the clone, MidWatch forecasts that it takes down mid-west (its user lacks mid_server on
            // the source) and may take down mid-east (its user's password was changed on the source), and that
            // it leaves the others as they are
            JsonNode forecast = await().atMost(Duration.ofSeconds(60)).until(
                    () -> midWatch.get("/api/forecasts/" + cloneId).getBody(), found -> found.hasNonNull("computedAt"));
            assertThat(forecast.path("target").asText()).isEqualTo("demotest");
            assertThat(byMidServer(forecast, "verdict")).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "mid-east", "AtRisk", "mid-west", "WillFail", "mid-north", "Unchanged", "mid-south", "Unchanged"));
            assertThat(midServer(forecast, "mid-west").path("reasons").toString())
                    .contains("User 'midserver.west' lacks the role mid_server on the source demoprod");
            assertThat(midWatch.get("/api/clones/" + cloneId).getStatusCode().value()).isEqualTo(404);
            // and the operator finds in Tasklist the task to prepare their users
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(tasks.createTaskQuery()
                    .processInstanceBusinessKey(cloneId).taskCandidateUser(DemoOperator.USER).list())
                    .singleElement().satisfies(task -> assertThat(task.getName())
                            .startsWith("Prepare MID Server users before clone demoprod → demotest at ")));

            // When the clone completes, as the demo completes it clone-after its start, nobody having prepared
            demo.getBean(DemoInstances.class).cloneProductionOntoTest();

            // Then MidWatch's poll of the source finds the clone record completed and starts its check
            assertThat(poller.pollOnce("demoprod").clonesStarted()).containsExactly(cloneId);
            JsonNode cloneRecord = demoprod.get("/api/now/table/clone_instance").getBody().path("result").get(0);
            assertThat(cloneRecord.path("state").asText()).isEqualTo("Completed");
            assertThat(midWatch.get("/api/clones/" + cloneId).getBody().path("targetInstance").asText())
                    .isEqualTo("demotest");

            // and the target, whose users are now the source's, sets the MID Servers of the two broken users
            // Down, which MidWatch reads there, while the unbroken one stays Up
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                poller.pollOnce("demotest");
                assertThat(status(midWatch, "mid-east")).isEqualTo("Down");
                assertThat(status(midWatch, "mid-west")).isEqualTo("Down");
            });
            assertThat(status(midWatch, "mid-north")).isEqualTo("Up");

            // When the first pass runs
            runPass(demo.getBean(ManagementService.class), midWatch, cloneId, CloneCheckModelElements.TIMER_FIRST_PASS);

            // Then it logs their issues, the worker diagnoses them from the target's users, and Tasklist asks
            // for a verification
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(onlyIssue(midWatch, "mid-east").path("diagnosis").asText())
                        .contains("set the password of 'midserver.east' on instance demotest")
                        .containsPattern("failed login attempts: [1-9]");
                assertThat(onlyIssue(midWatch, "mid-west").path("diagnosis").asText())
                        .contains("User 'midserver.west' lacks the role mid_server on instance demotest");
                assertThat(tasks.createTaskQuery().processDefinitionKey(IssueProcess.PROCESS_KEY)
                        .taskCandidateGroup("mid_admin").count()).isEqualTo(2);
            });
            assertThat(midWatch.get("/api/issues?instance=demotest&midServer=mid-north").getBody()).isEmpty();

            // When the target's administrator gives midserver.east the password of mid-east's config and grants
            // midserver.west the role mid_server
            assertThat(demotest.put("/api/now/table/sys_user/" + sysIdOf(demotest, "midserver.east"),
                    Map.of("user_password", Files.readString(demoFolder.resolve("mid-east.password")).strip()))
                    .getStatusCode().value()).isEqualTo(200);
            assertThat(demotest.post("/api/now/table/sys_user_has_role",
                    Map.of("user", sysIdOf(demotest, "midserver.west"), "role", "mid_server"))
                    .getStatusCode().value()).isEqualTo(201);

            // Then the MID Servers log in again, the target sets them Up, and MidWatch's polls resolve the issues
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                poller.pollOnce("demotest");
                assertThat(status(midWatch, "mid-east")).isEqualTo("Up");
                assertThat(status(midWatch, "mid-west")).isEqualTo("Up");
                assertThat(onlyIssue(midWatch, "mid-east").path("state").asText()).isEqualTo("Resolved");
                assertThat(onlyIssue(midWatch, "mid-west").path("state").asText()).isEqualTo("Resolved");
            });

            // When the second pass runs
            runPass(demo.getBean(ManagementService.class), midWatch, cloneId,
                    CloneCheckModelElements.TIMER_SECOND_PASS);

            // Then the forecast is compared with what the passes found: an issue for the two it warned of, none
            // for the others; it ends, and with it the task nobody completed
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode compared = midWatch.get("/api/forecasts/" + cloneId).getBody();
                assertThat(compared.path("state").asText()).isEqualTo("Ended");
                assertThat(compared.hasNonNull("comparedAt")).isTrue();
                assertThat(byMidServer(compared, "found")).containsExactlyInAnyOrderEntriesOf(Map.of(
                        "mid-east", "IssueLogged", "mid-west", "IssueLogged", "mid-north", "NoIssue",
                        "mid-south", "NoIssue"));
            });
            assertThat(tasks.createTaskQuery().processInstanceBusinessKey(cloneId).count()).isZero();
        }
    }

    @Test
    void theDemoInstancesTakeNoChangeFromAnyoneButTheirAdministrator() throws IOException {
        // Given the demo and its target instance
        // (before its clone: the user keeps the password of mid-east's config meanwhile)
        try (ConfigurableApplicationContext demo = startDemo("demorefusal")) {
            Api midWatch = AnotherMidWatch.adminApi(demo);
            String url = midWatch.get("/api/instances/demotest").getBody().path("url").asText();
            String eastSysId = sysIdOf(instanceAdmin(midWatch, "demotest"), "midserver.east");
            Map<String, String> newPassword = Map.of("user_password", "Chosen-by-a-stranger-1");

            // When someone without the administrator's password, then MidWatch's own reading account, change a user
            Api stranger = Api.at(url, DemoInstances.ADMIN, "not-the-password");
            Api reader = Api.at(url, "midwatch.reader",
                    demo.getEnvironment().getProperty(DemoEnvironment.READER_PASSWORD));

            // Then the instance refuses the stranger's login and the reader's change
            assertThat(stranger.put("/api/now/table/sys_user/" + eastSysId, newPassword).getStatusCode().value())
                    .isEqualTo(401);
            assertThat(reader.put("/api/now/table/sys_user/" + eastSysId, newPassword).getStatusCode().value())
                    .isEqualTo(403);
            // and mid-east's user still logs in with the password of its config, as the MID Server does
            Api midEast = Api.at(url, "midserver.east",
                    Files.readString(demoFolder.resolve("mid-east.password")).strip());
            assertThat(midEast.get("/api/now/table/ecc_queue?sysparm_query=agent=mid.server.mid-east")
                    .getStatusCode().value()).isEqualTo(200);
            // and it listens on the loopback address only
            assertThat(url).startsWith("http://127.0.0.1:");
        }
    }

    @Test
    void theDemoWritesThePasswordsAndAnOperatorWhoCanLogInToTasklist() throws Exception {
        // When the demo has started on its embedded database
        try (ConfigurableApplicationContext demo = startDemo("demooperator")) {

            // Then each simulated MID Server's password, and the simulated instances' administrator's, is in the
            // demo's folder, for its owner only
            assertThat(demoFolder.resolve("mid-east.password")).exists();
            assertThat(Files.getPosixFilePermissions(demoFolder.resolve(DemoInstances.ADMIN_PASSWORD_FILE)))
                    .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
            // and the demo's operator logs in with the password the demo wrote beside them
            assertThat(demo.getBean(IdentityService.class).checkPassword(DemoOperator.USER,
                    Files.readString(demoFolder.resolve(DemoOperator.USER + ".password")).strip())).isTrue();
        }
    }

    @Test
    void theDemoRefusesToRunOnARealDatabase() {
        // Given MidWatch's real database, PostgreSQL

        // When the demo is started on it
        // Then it refuses to start, before it writes any password
        assertThatThrownBy(() -> AnotherMidWatch.start("demoonpostgres", new String[] {"demo"},
                "--midwatch.demo.directory=" + demoFolder, "--midwatch.worker.enabled=false"))
                .hasStackTraceContaining("The demo runs on MidWatch's embedded H2 database only");
        assertThat(demoFolder).isEmptyDirectory();
    }

    /** The simulated instance's Table API, as its administrator, at the URL MidWatch reads it from. */
    private Api instanceAdmin(Api midWatch, String instance) throws IOException {
        String url = midWatch.get("/api/instances/" + instance).getBody().path("url").asText();
        return Api.at(url, DemoInstances.ADMIN,
                Files.readString(demoFolder.resolve(DemoInstances.ADMIN_PASSWORD_FILE)).strip());
    }

    private static String sysIdOf(Api instance, String userName) {
        return instance.get("/api/now/table/sys_user?sysparm_query=user_name=" + userName + "&sysparm_fields=sys_id")
                .getBody().path("result").get(0).path("sys_id").asText();
    }

    private static String status(Api midWatch, String midServer) {
        return midWatch.get("/api/mid-servers/" + midServer + "?instance=demotest").getBody().path("status").asText();
    }

    private static JsonNode onlyIssue(Api midWatch, String midServer) {
        JsonNode issues = midWatch.get("/api/issues?instance=demotest&midServer=" + midServer).getBody();
        assertThat(issues).hasSize(1);
        return issues.get(0);
    }

    /** A pass of the clone's check, due minutes after the clone in the demo: run here as soon as it has a point. */
    private static void runPass(ManagementService management, Api midWatch, String cloneId, String timer) {
        String check = midWatch.get("/api/clones/" + cloneId).getBody().path("processInstanceId").asText();
        Job job = await().atMost(Duration.ofSeconds(60)).until(() -> management.createJobQuery()
                .processInstanceId(check).activityId(timer).singleResult(), found -> found != null);
        management.executeJob(job.getId());
    }

    /** Each forecast MID Server's field, by MID Server. */
    private static Map<String, String> byMidServer(JsonNode forecast, String field) {
        Map<String, String> values = new HashMap<>();
        forecast.path("midServers").forEach(server -> values.put(server.path("midServer").asText(),
                server.path(field).asText()));
        return values;
    }

    private static JsonNode midServer(JsonNode forecast, String name) {
        for (JsonNode server : forecast.path("midServers")) {
            if (name.equals(server.path("midServer").asText())) {
                return server;
            }
        }
        throw new AssertionError("The forecast has no MID Server " + name + ": " + forecast);
    }

    /** Each demo on an in-memory database and an engine of its own name, so that no demo finds another's data. */
    private ConfigurableApplicationContext startDemo(String name) {
        return AnotherMidWatch.startOn("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "", name,
                new String[] {"demo"},
                "--midwatch.demo.directory=" + demoFolder,
                "--midwatch.demo.source-port=0",
                "--midwatch.demo.target-port=0",
                // the clone completes when a test completes it
                "--midwatch.demo.clone-after=PT1H",
                "--midwatch.demo.login-every=PT1S",
                "--midwatch.demo.down-after=PT3S",
                // polls and the passes are driven here
                "--midwatch.servicenow.scheduled=false",
                "--midwatch.clone.first-pass-after=PT1H",
                "--midwatch.clone.second-pass-after=PT2H",
                "--camunda.bpm.job-execution.enabled=true");
    }
}
