package io.midwatch.forecast;

/**
 * Published, inside its transaction, per forecast MID Server compared after its clone: its verdict and what
 * the passes found.
 */
public record ForecastCompared(Verdict verdict, Found found) {
}
