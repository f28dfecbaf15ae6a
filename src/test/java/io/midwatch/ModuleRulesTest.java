package io.midwatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The modules and their allowed dependencies, as each package-info.java declares them
 * (docs/adr/0010-module-rules.md), and the picture of them in docs/modules, which must show the code as it is.
 */
class ModuleRulesTest {

    private static final Path COMMITTED = Path.of("docs/modules");
    private static final Path GENERATED = Path.of("target/modules");
    private static final Path README = Path.of("README.md");
    /** Beside target/modules, whose files are compared with docs/modules. */
    private static final Path GENERATED_README_DIAGRAM = Path.of("target/readme-module-diagram.md");
    private static final String DIAGRAM_START = "<!-- module diagram, from ModuleRulesTest -->";
    private static final String DIAGRAM_END = "<!-- end of module diagram -->";

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

    @Test
    void theReadmesLayoutShowsTheModulesAndWhatEachUsesAsTheCodeHasIt() throws IOException {
        // Given the diagram of the modules and the modules each uses, from the code
        String diagram = mermaid();
        Files.writeString(GENERATED_README_DIAGRAM, diagram);

        // Then the README's layout section shows it
        String readme = Files.readString(README);
        int start = readme.indexOf(DIAGRAM_START);
        int end = readme.indexOf(DIAGRAM_END);
        assertThat(start).as("README.md marks its module diagram with %s and %s", DIAGRAM_START, DIAGRAM_END)
                .isNotNegative().isLessThan(end);
        assertThat(readme.substring(start + DIAGRAM_START.length(), end).strip())
                .as("README.md's module diagram differs from the code; replace it with " + GENERATED_README_DIAGRAM)
                .isEqualTo(diagram.strip());
    }

    /**
     * A Mermaid flowchart: a box per module, an arrow to each module it uses; the arrows to {@code platform},
     * which every module uses, are left out.
     */
    private String mermaid() {
        var lines = new ArrayList<String>();
        modules.stream().sorted(Comparator.comparing(ApplicationModule::getName)).forEach(module -> {
            lines.add("    %s[\"%s<br/>%s\"]".formatted(module.getName(), module.getName(), module.getDisplayName()));
            module.getDirectDependencies(modules).uniqueModules().map(ApplicationModule::getName)
                    .filter(used -> !used.equals("platform")).sorted()
                    .forEach(used -> lines.add("    %s --> %s".formatted(module.getName(), used)));
        });
        return "```mermaid\nflowchart TD\n" + String.join("\n", lines) + "\n```\n";
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
