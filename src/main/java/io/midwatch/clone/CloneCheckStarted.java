package io.midwatch.clone;

/** Published, inside its transaction, when a clone event started a clone check; the same cloneId again does not. */
public record CloneCheckStarted(String cloneId) {
}
