package io.midwatch.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** One answer of {@code /actuator/prometheus} in the Prometheus text format: its samples by name and labels. */
record Scrape(List<Sample> samples) {

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    static Scrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int braces = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name = line.substring(0, braces >= 0 ? braces : space).trim();
            Map<String, String> labels = new LinkedHashMap<>();
            if (braces >= 0) {
                Matcher label = LABEL.matcher(line.substring(braces, line.lastIndexOf('}') + 1));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1))));
        }
        return new Scrape(samples);
    }

    Set<String> names() {
        return samples.stream().map(Sample::name).collect(Collectors.toSet());
    }

    /** The value of the one sample with this name and these labels (others may be there too). */
    double value(String name, String... labelsAndValues) {
        List<Sample> found = samples.stream().filter(sample -> sample.name().equals(name))
                .filter(sample -> {
                    for (int i = 0; i < labelsAndValues.length; i += 2) {
                        if (!labelsAndValues[i + 1].equals(sample.labels().get(labelsAndValues[i]))) {
                            return false;
                        }
                    }
                    return true;
                }).toList();
        assertThat(found).as("samples %s %s", name, List.of(labelsAndValues)).hasSize(1);
        return found.get(0).value();
    }
}
