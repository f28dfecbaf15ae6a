package io.midwatch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

/** The embedded database's folder is MidWatch's owner's alone, made so before H2 writes anything there. */
class EmbeddedDatabaseDirectoryTest {

    @TempDir
    Path root;

    @Test
    void patchLevel_theEmbeddedDatabasesFolderIsCreatedForItsOwnerOnly() throws Exception {
        // Given the embedded database in a folder that does not exist yet
        Path folder = root.resolve("data");
        var environment = new MockEnvironment().withProperty("spring.datasource.url",
                "jdbc:h2:file:" + folder.resolve("midwatch") + ";AUTO_SERVER=TRUE");

        // When the environment is prepared, before any database is opened
        new EmbeddedDatabaseDirectory().postProcessEnvironment(environment, new SpringApplication());

        // Then the folder exists and only its owner may enter or read it
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
    }

    @Test
    void patchLevel_anExistingFolderKeepsTheModeItsOperatorGaveIt() throws Exception {
        // Given the database's folder made beforehand by an operator, readable by the group
        Path folder = Files.createDirectory(root.resolve("data"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
        var environment = new MockEnvironment().withProperty("spring.datasource.url",
                "jdbc:h2:" + folder.resolve("midwatch"));

        // When the environment is prepared
        new EmbeddedDatabaseDirectory().postProcessEnvironment(environment, new SpringApplication());

        // Then its mode is left as it was
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwxr-x---");
    }

    @Test
    void patchLevel_noFolderIsMadeForPostgresOrAnInMemoryDatabase() {
        // When the folder of other databases is asked for
        // Then there is none
        assertThat(EmbeddedDatabaseDirectory.folder("jdbc:postgresql://localhost:5432/midwatch")).isEmpty();
        assertThat(EmbeddedDatabaseDirectory.folder("jdbc:h2:mem:midwatch")).isEmpty();
        assertThat(EmbeddedDatabaseDirectory.folder("jdbc:h2:tcp://localhost/midwatch")).isEmpty();
    }
}
