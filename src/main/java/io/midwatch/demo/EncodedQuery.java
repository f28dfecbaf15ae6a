package io.midwatch.demo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The part of ServiceNow's encoded query language ({@code sysparm_query}) that MidWatch sends: conditions
 * joined by {@code ^} ({@code =}, {@code !=}, {@code >}, {@code >=}, {@code <}, {@code <=}, {@code IN}), then
 * {@code ORDERBY} and {@code ORDERBYDESC}. Strings compare without regard to case, as on the platform's
 * default database. Anything else is refused, so that a query the demo does not understand fails loudly
 * rather than answering the wrong rows. The tests' fake instances read their queries with it too.
 */
public final class EncodedQuery {

    private static final List<String> OPERATORS = List.of("!=", ">=", "<=", "=", ">", "<");

    private EncodedQuery() {
    }

    /** The records the query selects, in its order. */
    public static List<Map<String, String>> select(List<Map<String, String>> records, String query) {
        Predicate<Map<String, String>> where = record -> true;
        Comparator<Map<String, String>> order = null;
        for (String term : query.isEmpty() ? new String[0] : query.split("\\^")) {
            if (term.startsWith("ORDERBY")) {
                boolean descending = term.startsWith("ORDERBYDESC");
                String field = term.substring(descending ? 11 : 7);
                Comparator<Map<String, String>> by = Comparator.comparing(record -> record.getOrDefault(field, ""),
                        String.CASE_INSENSITIVE_ORDER);
                by = descending ? by.reversed() : by;
                order = order == null ? by : order.thenComparing(by);
            } else {
                where = where.and(condition(term));
            }
        }
        var selected = new ArrayList<>(records.stream().filter(where).toList());
        if (order != null) {
            selected.sort(order);
        }
        return selected;
    }

    private static Predicate<Map<String, String>> condition(String term) {
        int in = term.indexOf("IN");
        if (in > 0 && term.substring(0, in).matches("[a-z_.]+")) {
            String field = term.substring(0, in);
            List<String> values = Arrays.stream(term.substring(in + 2).split(",")).map(String::trim).toList();
            return record -> values.stream().anyMatch(value -> value.equalsIgnoreCase(record.getOrDefault(field, "")));
        }
        for (String operator : OPERATORS) {
            int at = term.indexOf(operator);
            if (at > 0 && term.substring(0, at).matches("[a-z_.]+")) {
                String field = term.substring(0, at);
                String value = term.substring(at + operator.length());
                return record -> compare(record.getOrDefault(field, ""), operator, value);
            }
        }
        throw new IllegalArgumentException("the demo's instance does not understand the condition '" + term + "'");
    }

    private static boolean compare(String actual, String operator, String value) {
        int compared = actual.compareToIgnoreCase(value);
        return switch (operator) {
            case "=" -> compared == 0;
            case "!=" -> compared != 0;
            // an empty field is no date: it is neither after nor before one, as on the platform
            case ">" -> !actual.isEmpty() && compared > 0;
            case ">=" -> !actual.isEmpty() && compared >= 0;
            case "<" -> !actual.isEmpty() && compared < 0;
            default -> !actual.isEmpty() && compared <= 0;
        };
    }
}
