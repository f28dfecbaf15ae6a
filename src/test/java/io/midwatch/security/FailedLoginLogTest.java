package io.midwatch.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
    void aFailedLoginIsLoggedAtWarnWithUserAndAddressAndWhetherItWasRefusedUnchecked(CapturedOutput output) {
        // When a login fails, and another is refused without a check
        log.failed("admin", "10.0.0.9", false);
        log.failed("admin", "10.0.0.8", true);

        // Then each shows in the log with user and address
        var lines = failedLoginLines(output);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("WARN").contains("'admin'").contains("10.0.0.9");
        assertThat(lines.get(1)).contains("10.0.0.8").contains("refused without checking");
    }

    @Test
    void atMost100LinesInAnyMinuteAndTheFirstLineAfterSaysHowManyWereNotLogged(CapturedOutput output) {
        // Given 150 failed logins with made-up names at once, and 10 more half a minute later
        for (int i = 0; i < 150; i++) {
            log.failed("made-up-" + i, "10.0.0.9", false);
        }
        now.addAndGet(TimeUnit.SECONDS.toNanos(30));
        for (int i = 0; i < 10; i++) {
            log.failed("made-up-later-" + i, "10.0.0.9", false);
        }
        assertThat(failedLoginLines(output)).hasSize(FailedLoginLog.MAX_LINES_PER_MINUTE);

        // When the next fails a minute after the first
        now.addAndGet(TimeUnit.SECONDS.toNanos(30));
        log.failed("admin", "10.0.0.8", false);

        // Then it is logged, with the number of failures that were not
        var lines = failedLoginLines(output);
        assertThat(lines).hasSize(FailedLoginLog.MAX_LINES_PER_MINUTE + 1);
        assertThat(lines.get(lines.size() - 1)).contains("'admin'").contains("60 more failed logins were not logged");
    }

    @Test
    void aUserNameWithALineBreakCannotForgeALogLine(CapturedOutput output) {
        // When a login fails for a user name holding a line break and a forged log line
        log.failed("eve\n2026-12-01 INFO Everything is fine", "10.0.0.9", false);

        // Then the forged text stays inside the failed login's own line
        assertThat(output.getOut().lines().filter(line -> line.contains("Everything is fine")))
                .singleElement().satisfies(line -> assertThat(line).contains("Failed login"));
    }

    private static List<String> failedLoginLines(CapturedOutput output) {
        return output.getOut().lines().filter(line -> line.contains("Failed login")).toList();
    }
}
