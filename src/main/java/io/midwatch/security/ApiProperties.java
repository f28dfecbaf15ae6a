package io.midwatch.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param verifiedCredentialsTimeToLive how long Basic credentials that Camunda accepted are not checked
 *                                      again while the same password comes; {@code PT0S} checks every call
 *                                      (docs/adr/0007-credential-caching-on-api.md)
 */
@ConfigurationProperties("midwatch.api")
public record ApiProperties(@DefaultValue("PT30S") Duration verifiedCredentialsTimeToLive) {
}
