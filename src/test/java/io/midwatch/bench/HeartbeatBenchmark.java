package io.midwatch.bench;

import static io.midwatch.bench.BenchFixtures.CLIENTS;
import static io.midwatch.bench.BenchFixtures.RUNS;
import static io.midwatch.bench.BenchFixtures.WARM_UP;
import static io.midwatch.bench.BenchFixtures.cpu;
import static io.midwatch.bench.BenchFixtures.perSecond;
import static io.midwatch.bench.BenchFixtures.percentile;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import io.midwatch.bench.BenchFixtures.Load;
import io.midwatch.bench.BenchReport.Figure;
import io.midwatch.bench.BenchReport.Kind;
import io.midwatch.platform.StatisticsProperties;
import io.midwatch.support.Api;
import io.midwatch.support.PostgresIntegrationTest;

/**
 * Heartbeats of a fleet whose MID Servers log in with their own users, beside the same number of no-op
 * status changes (Up to Up) through the API in the same run. Each MID Server has sent one heartbeat before
 * the measured ones, as in a running fleet: what is measured is the steady state, where a password BCrypt
 * accepted lately is not hashed again.
 */
@TestPropertySource(properties = "midwatch.worker.enabled=false")
class HeartbeatBenchmark extends PostgresIntegrationTest {

    private static final int MID_SERVERS = 100;
    private static final int HEARTBEATS = 1_000;

    private static final BenchReport report = BenchReport.shared();

    @LocalServerPort
    int port;
    @Autowired
    ProcessEngine processEngine;
    @Autowired
    StatisticsProperties statistics;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private BenchFixtures fixtures;

    @Test
    void heartbeatsBesideNoOpStatusChanges() throws Exception {
        fixtures = new BenchFixtures(jdbc, runtimeService, statistics);
        fixtures.recordEnvironment(processEngine);
        fixtures.reset();
        for (int i = 0; i < MID_SERVERS; i++) {
            assertThat(api.put("/api/users/" + user(i), Map.of("password", password(i), "roles", List.of("mid_server")))
                    .getStatusCode().is2xxSuccessful()).isTrue();
            assertThat(api.post("/api/mid-servers", Api.midServer(midServer(i), user(i), "Up"))
                    .getStatusCode().is2xxSuccessful()).isTrue();
        }
        fixtures.analyze();
        // each MID Server's first heartbeat, one at a time: its password is hashed once, as in a running fleet
        for (int i = 0; i < MID_SERVERS; i++) {
            heartbeat(i);
        }
        fixtures.load(calls(WARM_UP), this::heartbeat);
        fixtures.load(calls(WARM_UP), this::noOpStatusChange);

        var heartbeats = new ArrayList<Load>();
        var statusChanges = new ArrayList<Load>();
        for (int run = 0; run < RUNS; run++) {
            // taking turns to go first, so that neither side always meets the same moment of other load
            if (run % 2 == 0) {
                heartbeats.add(fixtures.load(calls(HEARTBEATS), this::heartbeat));
                statusChanges.add(fixtures.load(calls(HEARTBEATS), this::noOpStatusChange));
            } else {
                statusChanges.add(fixtures.load(calls(HEARTBEATS), this::noOpStatusChange));
                heartbeats.add(fixtures.load(calls(HEARTBEATS), this::heartbeat));
            }
        }
        fixtures.reset();

        String n = String.format("%,d", HEARTBEATS);
        String baseline = "no-op status changes (Up to Up) through PUT /api/mid-servers/{name}/status, " + CLIENTS
                + " clients";
        List<Double> rates = perSecond(heartbeats);
        List<Double> baselineRates = perSecond(statusChanges);
        List<Double> p99 = percentile(heartbeats, 99);
        report.add(new Figure("Heartbeats per second, POST heartbeat of " + MID_SERVERS + " MID Servers with their own "
                + "users, " + CLIENTS + " clients", n, Kind.RATE, "/s", rates, baseline, baselineRates, "ratio ≥ 0.5",
                BenchReport.median(rates) / BenchReport.median(baselineRates) >= 0.5)
                .withCpu("call", cpu(heartbeats), cpu(statusChanges)));
        report.add(new Figure("Heartbeat latency, 50th percentile", n, Kind.TIME, "ms", percentile(heartbeats, 50),
                baseline, percentile(statusChanges, 50), null, null));
        report.add(new Figure("Heartbeat latency, 99th percentile", n, Kind.TIME, "ms", p99, baseline,
                percentile(statusChanges, 99), "< 100 ms", BenchReport.median(p99) < 100));
        report.note("Heartbeats: each of the " + MID_SERVERS + " MID Servers logs in with its own sys_user and has sent "
                + "one heartbeat before the measured ones, so its password is not hashed again while its user stays "
                + "the same; the no-op status changes authenticate the administrator, whose accepted credentials /api "
                + "remembers likewise.");
    }

    /** The MID Servers in turn, each {@code count / 100} times. */
    private static List<Integer> calls(int count) {
        return ParallelClients.range(count).stream().map(i -> i % MID_SERVERS).toList();
    }

    private void heartbeat(int i) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((user(i) + ":" + password(i)).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/mid-servers/"
                        + midServer(i) + "/heartbeat"))
                .header("Authorization", "Basic " + basic)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(60))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !response.body().contains("\"status\":\"Up\"")) {
            throw new IllegalStateException("heartbeat of " + midServer(i) + ": " + response.statusCode() + " "
                    + response.body());
        }
    }

    private void noOpStatusChange(int i) throws IOException, InterruptedException {
        HttpResponse<String> response = fixtures.send(port, "PUT", "/api/mid-servers/" + midServer(i) + "/status",
                "{\"status\":\"Up\"}");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("PUT status of " + midServer(i) + ": " + response.statusCode() + " "
                    + response.body());
        }
    }

    private static String midServer(int i) {
        return "hb-" + i;
    }

    private static String user(int i) {
        return "hb.user." + i;
    }

    private static String password(int i) {
        return "heartbeat-password-" + i;
    }

    /** Written after the scenario, so that an interrupted run still leaves what it measured. */
    @AfterEach
    void writeWhatWasMeasured() throws IOException {
        BenchFixtures.writeReport("Heartbeats");
    }
}
