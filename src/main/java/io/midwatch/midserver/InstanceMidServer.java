package io.midwatch.midserver;

import java.time.Instant;

/**
 * A MID Server as a ServiceNow instance's {@code ecc_agent} shows it.
 *
 * @param createdOn its {@code sys_created_on}
 */
public record InstanceMidServer(String sysId, String name, MidServerStatus status, String userName, String hostName,
                                String version, Instant lastRefreshed, Instant createdOn) {
}
