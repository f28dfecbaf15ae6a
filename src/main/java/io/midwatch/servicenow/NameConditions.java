package io.midwatch.servicenow;

import java.util.ArrayList;
import java.util.List;

/**
 * Encoded-query conditions on many names at once ({@code user_nameINa,b,c}), so that reading the users of a
 * whole fleet takes a request per hundred names, not one per name.
 */
final class NameConditions {

    /** Names in one request: its URL stays far below what instances and proxies accept. */
    static final int NAMES_PER_REQUEST = 100;

    private NameConditions() {
    }

    /** The names in requests, in their order; a name holding a comma alone, as IN cannot take it. */
    static List<List<String>> requests(Iterable<String> names) {
        var requests = new ArrayList<List<String>>();
        List<String> current = null;
        for (String name : names) {
            if (name.contains(",")) {
                requests.add(List.of(name));
                continue;
            }
            if (current == null || current.size() == NAMES_PER_REQUEST) {
                current = new ArrayList<>();
                requests.add(current);
            }
            current.add(name);
        }
        return requests;
    }

    /** The condition on one request's names; {@code ^} would end it, so it is left out. */
    static String condition(String field, List<String> names) {
        List<String> plain = names.stream().map(name -> name.replace("^", "")).toList();
        return plain.size() == 1 ? field + "=" + plain.get(0) : field + "IN" + String.join(",", plain);
    }
}
