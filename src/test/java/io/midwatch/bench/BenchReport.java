package io.midwatch.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The figures of one benchmark run, each with its baseline measured in the same run, written as a
 * Markdown table and as JSON (with the raw runs) under {@code target/bench/}: those of every benchmark
 * class of the run, in one report.
 */
final class BenchReport {

    /** How a figure compares: times and latencies are better low, rates high, memory is only reported. */
    enum Kind { TIME, RATE, MEMORY }

    /**
     * One line of the table.
     *
     * @param met          null when the figure has no target
     * @param midwatchCpu  per run, CPU per {@code cpuPer} (see {@link CpuMeter}); empty when not measured
     */
    record Figure(String scenario, String n, Kind kind, String unit, List<Double> midwatch, String baseline,
                  List<Double> baselineRuns, String target, Boolean met, String cpuPer,
                  List<CpuMeter.Cost> midwatchCpu, List<CpuMeter.Cost> baselineCpu) {

        Figure(String scenario, String n, Kind kind, String unit, List<Double> midwatch, String baseline,
               List<Double> baselineRuns, String target, Boolean met) {
            this(scenario, n, kind, unit, midwatch, baseline, baselineRuns, target, met, null, List.of(), List.of());
        }

        Figure withCpu(String per, List<CpuMeter.Cost> midwatchCpu, List<CpuMeter.Cost> baselineCpu) {
            return new Figure(scenario, n, kind, unit, midwatch, baseline, baselineRuns, target, met, per, midwatchCpu,
                    baselineCpu);
        }

        double midwatchMedian() {
            return median(midwatch);
        }

        double baselineMedian() {
            return median(baselineRuns);
        }

        /** MidWatch's speed as a share of the baseline's (for memory: MidWatch's size over the baseline's). */
        double ratio() {
            return switch (kind) {
                case TIME -> baselineMedian() / midwatchMedian();
                case RATE, MEMORY -> midwatchMedian() / baselineMedian();
            };
        }
    }

    /** One report for all benchmark classes, which surefire runs one after the other in one JVM. */
    private static final BenchReport SHARED = new BenchReport();

    private final List<Figure> figures = new ArrayList<>();
    private final Map<String, Object> environment = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final List<Memory> memory = new ArrayList<>();

    /** The JVM's memory right after a scenario: it runs the application and the benchmark alike. */
    record Memory(String afterScenario, double residentMb, double heapUsedMb) {
    }

    private BenchReport() {
    }

    static BenchReport shared() {
        return SHARED;
    }

    synchronized void environment(String key, Object value) {
        environment.put(key, value);
    }

    synchronized void add(Figure figure) {
        figures.add(figure);
    }

    synchronized void memory(Memory after) {
        memory.add(after);
    }

    synchronized void note(String note) {
        notes.add(note);
    }

    static double median(List<Double> runs) {
        List<Double> sorted = runs.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** Nearest-rank percentile, so that the 99th of 1,000 latencies is the 990th smallest: a real request's. */
    static double percentile(long[] nanos, double percent) {
        long[] sorted = nanos.clone();
        java.util.Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100 * sorted.length);
        return sorted[Math.max(rank, 1) - 1] / 1e6;
    }

    synchronized void write(Path directory) {
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("results.md"), markdown());
            Map<String, Object> json = new LinkedHashMap<>(environment);
            json.put("figures", figures.stream().map(BenchReport::json).toList());
            json.put("memoryAfterEachScenario", memory);
            json.put("notes", notes);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(directory.resolve("results.json").toFile(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String markdown() {
        var md = new StringBuilder("# MidWatch benchmarks\n\n");
        environment.forEach((key, value) -> md.append("- ").append(key).append(": ").append(value).append('\n'));
        md.append("""

                Each figure is the median of the runs in `results.json`. Ratio: MidWatch's rate over the baseline's \
                (for times, the baseline's time over MidWatch's); for memory, MidWatch's figure over the baseline's.

                CPU: milliseconds of CPU per item (issue, request) used by the JVM and the database backends \
                together, and in brackets the database backends' part, MidWatch / baseline: steadier than wall \
                time when other work shares the machine. The JVM runs the benchmark's clients as well.

                | scenario | N | MidWatch median | baseline | baseline median | ratio | target | met? | CPU ms per item |
                |---|---:|---:|---|---:|---:|---|---|---|
                """);
        for (Figure f : figures) {
            md.append("| ").append(f.scenario())
                    .append(" | ").append(f.n())
                    .append(" | ").append(format(f.midwatchMedian(), f.unit()))
                    .append(" | ").append(f.baseline())
                    .append(" | ").append(format(f.baselineMedian(), f.unit()))
                    .append(" | ").append(String.format(Locale.ROOT, "%.2f", f.ratio()))
                    .append(" | ").append(f.target() == null ? "" : f.target())
                    .append(" | ").append(f.met() == null ? "" : f.met() ? "yes" : "**no**")
                    .append(" | ").append(f.midwatchCpu().isEmpty() ? "" : cpu(f.midwatchCpu()) + " / "
                            + cpu(f.baselineCpu()) + " per " + f.cpuPer())
                    .append(" |\n");
        }
        if (!memory.isEmpty()) {
            md.append("\n| memory right after | resident (VmRSS) | heap used |\n|---|---:|---:|\n");
            memory.forEach(m -> md.append("| ").append(m.afterScenario())
                    .append(" | ").append(format(m.residentMb(), "MB"))
                    .append(" | ").append(format(m.heapUsedMb(), "MB")).append(" |\n"));
        }
        if (!notes.isEmpty()) {
            md.append('\n');
            notes.forEach(note -> md.append("- ").append(note).append('\n'));
        }
        return md.toString();
    }

    /** The median CPU of the runs, and of it the database's. */
    private static String cpu(List<CpuMeter.Cost> runs) {
        return String.format(Locale.ROOT, "%.2f (db %.2f)", median(runs.stream().map(CpuMeter.Cost::totalMs).toList()),
                median(runs.stream().map(CpuMeter.Cost::databaseMs).toList()));
    }

    static String format(double value, String unit) {
        String number = switch (unit) {
            case "s" -> value < 0.1 ? String.format(Locale.ROOT, "%.3f", value) : String.format(Locale.ROOT, "%.2f", value);
            case "ms" -> String.format(Locale.ROOT, "%.1f", value);
            default -> String.format(Locale.ROOT, "%,.0f", value);
        };
        return number + " " + unit;
    }

    private static Map<String, Object> json(Figure f) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scenario", f.scenario());
        json.put("n", f.n());
        json.put("unit", f.unit());
        json.put("midwatchMedian", f.midwatchMedian());
        json.put("midwatchRuns", f.midwatch());
        json.put("baseline", f.baseline());
        json.put("baselineMedian", f.baselineMedian());
        json.put("baselineRuns", f.baselineRuns());
        json.put("ratio", f.ratio());
        json.put("target", f.target());
        json.put("met", f.met());
        if (!f.midwatchCpu().isEmpty()) {
            json.put("cpuMillisPer", f.cpuPer());
            json.put("midwatchCpuMillisRuns", f.midwatchCpu());
            json.put("baselineCpuMillisRuns", f.baselineCpu());
        }
        return json;
    }

    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
