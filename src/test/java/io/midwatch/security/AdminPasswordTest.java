package io.midwatch.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

/** Which administrator password MidWatch starts with: no built-in one, and a generated one only on the embedded set-up. */
class AdminPasswordTest {

    private static final String H2 = "jdbc:h2:file:./data/midwatch";
    private static final String POSTGRES = "jdbc:postgresql://localhost:5432/midwatch";

    @TempDir
    Path data;

    private AdminProperties configured(String password, boolean requirePassword) {
        return new AdminProperties("admin", password, requirePassword, data.resolve("admin.password"));
    }

    @Test
    void aConfiguredPasswordIsUsedOnPostgres() {
        // Given a configured password
        // When MidWatch chooses the password for PostgreSQL
        AdminPassword chosen = AdminPassword.choose(configured("Configured-passw0rd", false), POSTGRES);

        // Then it is the configured one, and no file is written
        assertThat(chosen.value()).isEqualTo("Configured-passw0rd");
        assertThat(chosen.file()).isNull();
        assertThat(data.resolve("admin.password")).doesNotExist();
    }

    @Test
    void theEmbeddedSetUpGeneratesAStrongPasswordOnceAndKeepsItForItsOwnerOnly() throws Exception {
        // Given the embedded database and no configured password
        AdminProperties properties = configured("", false);

        // When MidWatch starts for the first time, and again
        AdminPassword first = AdminPassword.choose(properties, H2);
        AdminPassword second = AdminPassword.choose(properties, H2);

        // Then a random password was generated at the first start only, and the second start reads the same one
        assertThat(first.generated()).isTrue();
        assertThat(second.generated()).isFalse();
        assertThat(second.value()).isEqualTo(first.value()).isNotEqualTo("admin");
        assertThat(first.value()).hasSize(20).matches(".*[a-z].*").matches(".*[A-Z].*").matches(".*[0-9].*")
                .matches(".*[-_.!].*");
        // And only its owner may read the file
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("admin.password"))))
                .isEqualTo("rw-------");
    }

    @Test
    void patchLevel_theFolderMidWatchCreatesForThePasswordFileIsForItsOwnerOnly() throws Exception {
        // Given the embedded database, no configured password, and a password file in a folder not made yet
        Path folder = data.resolve("data");
        var properties = new AdminProperties("admin", null, false, folder.resolve("admin.password"));

        // When MidWatch starts for the first time
        AdminPassword.choose(properties, H2);

        // Then the folder it created may be entered and read by its owner only
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
    }

    @Test
    void twoEmbeddedSetUpsGetDifferentPasswords() {
        // When two embedded set-ups generate their administrator's password
        // Then the passwords differ
        assertThat(AdminPassword.generate()).isNotEqualTo(AdminPassword.generate());
    }

    @Test
    void withoutAPasswordMidWatchRefusesToStartOnPostgres() {
        // Given a blank password and a PostgreSQL URL
        // When MidWatch chooses its administrator's password
        // Then it refuses to start, naming the variable to set
        assertThatThrownBy(() -> AdminPassword.choose(configured("  ", false), POSTGRES))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MIDWATCH_ADMIN_PASSWORD");
    }

    @Test
    void theContainerImageRequiresAPasswordEvenOnTheEmbeddedDatabase() {
        // Given the image's setting midwatch.admin.require-password=true and no password
        // Then MidWatch refuses to start and writes no password file
        assertThatThrownBy(() -> AdminPassword.choose(configured(null, true), H2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MIDWATCH_ADMIN_PASSWORD");
        assertThat(data.resolve("admin.password")).doesNotExist();
    }

    @Test
    void withoutADatabaseUrlMidWatchRefusesToStart() {
        // Given no password and no database URL
        // When MidWatch chooses its administrator's password
        // Then it refuses to start
        assertThatThrownBy(() -> AdminPassword.choose(configured(null, false), ""))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theGeneratedPasswordMakesMidWatchListenOnThisMachineOnly() {
        // Given the embedded database and no configured password
        var environment = new MockEnvironment().withProperty("spring.datasource.url", H2);

        // When the environment is prepared
        new EmbeddedSetUpListensLocally().postProcessEnvironment(environment, new SpringApplication());

        // Then MidWatch binds to the loopback address
        assertThat(environment.getProperty("server.address")).isEqualTo("127.0.0.1");
    }

    @Test
    void aConfiguredPasswordOrAddressLeavesTheAddressAlone() {
        // Given an embedded set-up with a configured password, one with an address, and one on PostgreSQL
        var withPassword = new MockEnvironment().withProperty("spring.datasource.url", H2)
                .withProperty("midwatch.admin.password", "Configured-passw0rd");
        var withAddress = new MockEnvironment().withProperty("spring.datasource.url", H2)
                .withProperty("server.address", "0.0.0.0");
        var onPostgres = new MockEnvironment().withProperty("spring.datasource.url", POSTGRES);

        // When their environments are prepared
        for (var environment : new MockEnvironment[] {withPassword, withAddress, onPostgres}) {
            new EmbeddedSetUpListensLocally().postProcessEnvironment(environment, new SpringApplication());
        }

        // Then none is made to listen on the loopback address only
        assertThat(withPassword.getProperty("server.address")).isNull();
        assertThat(withAddress.getProperty("server.address")).isEqualTo("0.0.0.0");
        assertThat(onPostgres.getProperty("server.address")).isNull();
    }
}
