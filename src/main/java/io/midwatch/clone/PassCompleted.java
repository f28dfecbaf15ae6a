package io.midwatch.clone;

import java.time.Duration;

/**
 * Published, inside the job's transaction, when an evaluation pass ({@code first} or {@code second}) is marked
 * done: how long this run took, and the issues it logged and the re-detections it counted.
 */
public record PassCompleted(String pass, Duration took, int newIssues, int redetections) {
}
