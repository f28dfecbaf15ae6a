package io.midwatch.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;

/**
 * The engine of a model test, measuring the flow coverage of its one model: the test class fails unless its
 * scenarios take every flow node and sequence flow of the model except those docs/models.md lists as never taken
 * (its table under "Flow coverage"). The report lands in {@code target/process-test-coverage/<test class>/}.
 */
public final class ModelCoverage {

    private static final Path COVERAGE_TABLE = Path.of("docs/models.md");
    /** A model's row: | `model.bpmn` | model test | elements | never taken, each in backquotes, or none | ... */
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+\\.bpmn)` \\|[^|]*\\| (\\d+) \\|([^|]*)\\|");
    private static final Pattern ID = Pattern.compile("`([^`]+)`");

    private ModelCoverage() {
    }

    /** The in-memory engine of the model tests, for the test class of {@code model}, a file in {@code bpmn/}. */
    public static ProcessEngineCoverageExtension of(String model) {
        return ProcessEngineCoverageExtension.builder("camunda-test.cfg.xml")
                .handleTestMethodCoverage(false)
                .assertClassCoverageAtLeast(threshold(model))
                .build();
    }

    /**
     * (elements - never taken) / elements, computed as the extension computes the coverage, so that every element
     * but the listed ones taken is just enough. The table must name the model with its current element count and
     * list only elements it has.
     */
    static double threshold(String model) {
        Set<String> elements = elements(model);
        Matcher row = row(model);
        int documented = Integer.parseInt(row.group(2));
        if (documented != elements.size()) {
            throw new IllegalStateException(COVERAGE_TABLE + " gives " + model + " " + documented
                    + " flow nodes and sequence flows; it has " + elements.size());
        }
        List<String> neverTaken = ID.matcher(row.group(3)).results().map(id -> id.group(1)).distinct().toList();
        for (String id : neverTaken) {
            if (!elements.contains(id)) {
                throw new IllegalStateException(COVERAGE_TABLE + " lists " + id + " as never taken in " + model
                        + ", which has no such flow node or sequence flow");
            }
        }
        return (double) (elements.size() - neverTaken.size()) / (double) elements.size();
    }

    /** The elements the extension counts: flow nodes and sequence flows (each model has one process). */
    private static Set<String> elements(String model) {
        BpmnModelInstance instance = Bpmn.readModelFromFile(Path.of("bpmn", model).toFile());
        return Stream.concat(instance.getModelElementsByType(FlowNode.class).stream(),
                        instance.getModelElementsByType(SequenceFlow.class).stream())
                .map(element -> element.getAttributeValue("id"))
                .collect(Collectors.toSet());
    }

    private static Matcher row(String model) {
        try (Stream<String> lines = Files.lines(COVERAGE_TABLE)) {
            return lines.map(ROW::matcher)
                    .filter(row -> row.find() && row.group(1).equals(model))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(COVERAGE_TABLE + " has no coverage row for " + model));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
