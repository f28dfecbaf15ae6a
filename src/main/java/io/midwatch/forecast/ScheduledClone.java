package io.midwatch.forecast;

import java.time.Instant;

/**
 * A clone requested or scheduled onto a configured instance, as read from the instance that holds its record.
 *
 * @param cloneId       the clone record's sys_id
 * @param table         the table holding it ({@code clone_instance} or the Clone Admin Console's)
 * @param profile       the clone profile as the record names it, or null: every data preserver applies
 * @param profileIsName the profile is named by its name, not its sys_id
 */
public record ScheduledClone(String cloneId, String table, String source, String target, Instant scheduledAt,
                             String profile, boolean profileIsName) {
}
