package io.midwatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The modules and their allowed dependencies, as each package-info.java declares them
 * (docs/adr/0010-module-rules.md), and the picture of them in docs/modules, which must show the code as it is.
 */
class ModuleRulesTest {

    private static final Path COMMITTED = Path.of("docs/modules");
    private static final Path GENERATED = Path.of("target/modules");

    private final ApplicationModules modules = ApplicationModules.of(MidWatchApplication.class);

    @Test
    void eachModuleUsesOnlyTheModulesItDeclaresAndNoneFormsACycle() {
        modules.verify();
    }

    @Test
    void theCommittedModuleDiagramShowsTheModulesAsTheCodeDeclaresThem() throws IOException {
        // Given the diagram generated from the code
        new Documenter(modules, Documenter.Options.defaults().withOutputFolder(GENERATED.toString()))
                .writeModulesAsPlantUml();

        // Then docs/modules holds the same files, with the same lines
        assertThat(read(COMMITTED))
                .as("docs/modules differs from the modules as the code declares them; refresh it with "
                        + "'rm -r docs/modules && cp -r target/modules docs/modules' after this run, and commit it")
                .isEqualTo(read(GENERATED));
    }

    /** Each file's lines, sorted: the order in which the generator lists modules and arrows does not matter. */
    private static Map<String, List<String>> read(Path folder) throws IOException {
        var files = new TreeMap<String, List<String>>();
        if (Files.isDirectory(folder)) {
            try (Stream<Path> paths = Files.list(folder)) {
                for (Path file : paths.toList()) {
                    files.put(file.getFileName().toString(), Files.readAllLines(file).stream().sorted().toList());
                }
            }
        }
        return files;
    }
}
