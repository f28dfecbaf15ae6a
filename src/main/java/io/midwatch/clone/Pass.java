package io.midwatch.clone;

import java.util.Locale;

/** The two evaluation passes of a clone check, named in the model as {@code first} and {@code second}. */
enum Pass {
    FIRST, SECOND;

    static Pass of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
