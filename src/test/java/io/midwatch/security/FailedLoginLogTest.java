package io.midwatch.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Failed logins show in the log with user and address, never flooding it, never forging lines. */
@ExtendWith(OutputCaptureExtension.class)
class FailedLoginLogTest {

    private final AtomicLong now = new AtomicLong(7);
    private final FailedLoginLog log = new FailedLoginLog(now::get);

    @Test
    void aFailedLoginIsLoggedAtWarnWithUserAndAddressOncePerMinuteWithTheCountMeanwhile(CapturedOutput output) {
        // Given a first failure, then 30 more within the minute
        log.failed("admin", "10.0.0.9", false);
        for (int i = 0; i < 30; i++) {
            log.failed("admin", "10.0.0.9", false);
        }
        assertThat(output.getOut().lines().filter(line -> line.contains("Failed login"))).hasSize(1);

        // When the next failure comes a minute later
        now.addAndGet(TimeUnit.MINUTES.toNanos(1));
        log.failed("admin", "10.0.0.8", true);

        // Then it is logged with the failures meanwhile, and no line carries a password
        var lines = output.getOut().lines().filter(line -> line.contains("Failed login")).toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("WARN").contains("'admin'").contains("10.0.0.9");
        assertThat(lines.get(1)).contains("10.0.0.8").contains("30 more failed logins").contains("refused without checking");
    }

    @Test
    void aUserNameWithALineBreakCannotForgeALogLine(CapturedOutput output) {
        // When a login fails for a user name holding a line break and a forged log line
        log.failed("eve\n2026-12-01 INFO Everything is fine", "10.0.0.9", false);

        // Then the forged text stays inside the failed login's own line
        assertThat(output.getOut().lines().filter(line -> line.contains("Everything is fine")))
                .singleElement().satisfies(line -> assertThat(line).contains("Failed login"));
    }
}
