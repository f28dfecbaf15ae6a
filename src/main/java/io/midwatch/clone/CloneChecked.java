package io.midwatch.clone;

/**
 * Published, inside its transaction, when a clone check has made its second pass: every issue the clone
 * raised is logged by then.
 */
public record CloneChecked(String cloneId) {
}
