package io.midwatch.platform;

import java.util.Arrays;
import java.util.stream.Collectors;

/** An enum that the API and the database spell by a label of its own ("Upgrade Failed"), not by its name. */
public interface Labelled {

    String label();

    /**
     * The constant with this label.
     *
     * @param what what the label names, for the message
     * @throws IllegalArgumentException naming the labels there are (answered 400)
     */
    static <E extends Enum<E> & Labelled> E fromLabel(Class<E> type, String what, String label) {
        E[] constants = type.getEnumConstants();
        return Arrays.stream(constants).filter(constant -> constant.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown " + what + " '" + label + "', expected one of "
                        + Arrays.stream(constants).map(Labelled::label).collect(Collectors.joining(", "))));
    }
}
