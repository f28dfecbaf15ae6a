package io.midwatch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.apache.catalina.util.ServerInfo;
import org.junit.jupiter.api.Test;

/** The embedded web server is at least the patch that docs/security.md promises. */
class PatchLevelTest {

    /** 10.1.62 fixes an open redirect that Spring Boot's own Tomcat 10.1.54 has. */
    private static final int[] OPEN_REDIRECT_FIXED_IN = {10, 1, 62};

    @Test
    void patchLevel_tomcatIsAtLeastTheReleaseThatFixesTheOpenRedirect() throws IOException {
        // Given the Tomcat that MidWatch is built with
        String running = ServerInfo.getServerNumber();

        // When its version is compared with the fixed release
        int[] version = Arrays.stream(running.split("\\.")).limit(3).mapToInt(Integer::parseInt).toArray();

        // Then it is that release or newer, and the security docs name the release it is
        assertThat(Arrays.compare(version, OPEN_REDIRECT_FIXED_IN)).as("Tomcat %s", running).isGreaterThanOrEqualTo(0);
        String release = version[0] + "." + version[1] + "." + version[2];
        assertThat(Files.readString(Path.of("docs/security.md"))).contains(release);
    }
}
