package io.midwatch.issue;

/** Published, inside its transaction, when a credential diagnosis is written on its issue. */
public record DiagnosisRecorded(Finding finding) {
}
