package io.midwatch.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;

import io.midwatch.support.ClientAtAddress;
import io.midwatch.support.PostgresIntegrationTest;

/** A flood of failed logins with made-up user names grows neither the heap nor the log, and stops nobody else. */
@ExtendWith(OutputCaptureExtension.class)
class FailedLoginFloodTest extends PostgresIntegrationTest {

    private static final int LOGINS = 100_000;
    private static final int NAME_LENGTH = 3 * 1024;
    private static final int THREADS_PER_DOOR = 2;

    @LocalServerPort
    int port;
    @Autowired
    LoginThrottle throttle;
    @Autowired
    EngineHardening engineHardening;

    @BeforeEach
    @AfterEach
    void forgetFailedLogins() {
        engineHardening.forgetFailedLogins();
    }

    @Test
    void aHundredThousandFailedLoginsWithRandom3KbNamesKeepTheThrottleAndTheLogBoundedAndTheApiAnswering(
            CapturedOutput output) throws Exception {
        // Given no failed login counted
        assertThat(throttle.entries()).isZero();

        // When 100,000 logins with random 3 KB user names fail: half through the API's HTTP Basic from
        // 127.0.0.5, half through the webapps' login form from 127.0.0.6
        long started = System.nanoTime();
        Map<Integer, Long> answers;
        try (var basicCaller = new ClientAtAddress(port, "127.0.0.5"); var formCaller = new ClientAtAddress(port, "127.0.0.6")) {
            answers = flood(List.of(
                    name -> basicCaller.get("/api/mid-servers", name, "guess"),
                    name -> formCaller.webappLogin(name, "guess")));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        // Then every one was refused
        assertThat(answers).isEqualTo(Map.of(401, (long) LOGINS));
        // and the throttle keeps one counter per flooding address for the names that are no user
        assertThat(throttle.entries()).isLessThanOrEqualTo(2);
        // and the log holds at most 100 failed-login lines for each minute the flood took
        long minutesStarted = took.toMinutes() + 1;
        assertThat(output.getOut().lines().filter(line -> line.contains("Failed login")).count())
                .as("failed-login lines over %s", took)
                .isLessThanOrEqualTo(FailedLoginLog.MAX_LINES_PER_MINUTE * minutesStarted);
        // and the administrator, calling from another address, is answered as before
        assertThat(api.get("/api/mid-servers").getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    /** Sends the logins, split evenly between the doors, from a few threads each; counts the answers' statuses. */
    private static Map<Integer, Long> flood(List<ToIntFunction<String>> doors) throws Exception {
        int threads = doors.size() * THREADS_PER_DOOR;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Integer>>> results = new ArrayList<>();
            for (int thread = 0; thread < threads; thread++) {
                ToIntFunction<String> door = doors.get(thread % doors.size());
                results.add(pool.submit(() -> {
                    List<Integer> statuses = new ArrayList<>(LOGINS / threads);
                    for (int login = 0; login < LOGINS / threads; login++) {
                        statuses.add(door.applyAsInt(randomName()));
                    }
                    return statuses;
                }));
            }
            List<Integer> all = new ArrayList<>(LOGINS);
            for (Future<List<Integer>> result : results) {
                all.addAll(result.get());
            }
            return all.stream().collect(Collectors.groupingBy(status -> status, Collectors.counting()));
        } finally {
            pool.shutdownNow();
        }
    }

    private static String randomName() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] name = new char[NAME_LENGTH];
        for (int i = 0; i < name.length; i++) {
            name[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(name);
    }
}
