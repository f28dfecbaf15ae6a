package io.midwatch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The settings the documentation names are the ones MidWatch binds, with the defaults it binds: the build's
 * configuration metadata (written from the {@code @ConfigurationProperties} records) against the tables of
 * {@code docs/}.
 */
class DocumentedSettingsTest {

    /** A table row about a setting: its name in the first cell, its default in the second. */
    private static final Pattern SETTING_ROW = Pattern.compile("^\\| `(midwatch\\.[a-z0-9.-]+)` \\| ([^|]*) \\|");
    private static final Pattern CODE = Pattern.compile("`([^`]*)`");

    /** Name to default ({@code null}: none), as bound. */
    private static Map<String, String> bound;

    @BeforeAll
    static void readMetadata() throws IOException {
        bound = new TreeMap<>();
        try (InputStream metadata = DocumentedSettingsTest.class
                .getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(metadata).as("configuration metadata of the build").isNotNull();
            for (JsonNode property : new ObjectMapper().readTree(metadata).path("properties")) {
                String name = property.path("name").asText();
                if (name.startsWith("midwatch.")) {
                    JsonNode defaultValue = property.get("defaultValue");
                    bound.put(name, defaultValue == null || defaultValue.isNull() ? null : defaultValue.asText());
                }
            }
        }
    }

    @Test
    void theConfigurationTableListsEverySettingMidWatchBindsAndNoOther() throws IOException {
        // Given the rows of the configuration table in the operations guide
        List<Row> rows = rows(Path.of("docs/operations.md"));

        // Then they name exactly the settings MidWatch binds
        assertThat(rows).extracting(Row::name).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(bound.keySet());
    }

    @Test
    void everyDocumentedDefaultIsTheBoundDefault() throws IOException {
        // Given every row about a setting in any document
        List<Row> rows = new ArrayList<>();
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            for (Path doc : docs.filter(path -> path.toString().endsWith(".md")).toList()) {
                rows.addAll(rows(doc));
            }
        }
        rows.addAll(rows(Path.of("README.md")));
        assertThat(rows).isNotEmpty();

        // Then each names a bound setting and gives its default: the bound value, or "none" where there is none
        assertThat(rows).allSatisfy(row -> {
            assertThat(bound).as("%s names a setting MidWatch binds", row).containsKey(row.name());
            String expected = bound.get(row.name());
            if (expected == null) {
                assertThat(row.defaultCell()).as("%s: no default is bound", row).startsWith("none");
            } else {
                Matcher code = CODE.matcher(row.defaultCell());
                assertThat(code.find() ? code.group(1) : row.defaultCell()).as("%s: the bound default", row)
                        .isEqualTo(expected);
            }
        });
    }

    private static List<Row> rows(Path doc) throws IOException {
        return Files.readAllLines(doc).stream().map(SETTING_ROW::matcher).filter(Matcher::find)
                .map(row -> new Row(doc.getFileName().toString(), row.group(1), row.group(2).strip())).toList();
    }

    private record Row(String document, String name, String defaultCell) {
    }
}
