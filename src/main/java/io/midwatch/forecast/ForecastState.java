package io.midwatch.forecast;

/** Open until the clone is checked and compared (Ended) or canceled or failed on the instance (Canceled). */
public enum ForecastState {
    Open, Ended, Canceled
}
