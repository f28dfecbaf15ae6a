package io.midwatch.forecast;

import java.util.List;

/** The forecast of one MID Server of the target; {@code found} is null until the comparison after the clone. */
public record MidServerForecast(String midServer, String userName, Verdict verdict, List<String> reasons,
                                Found found) {
}
