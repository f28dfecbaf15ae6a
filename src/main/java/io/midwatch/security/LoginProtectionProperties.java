package io.midwatch.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Failed logins of Camunda users (API, engine REST API, webapps), counted per user and client address;
 * names that are no Camunda user are counted together per address.
 *
 * @param maxFailures after this many failures within {@code window} from one address, that address's
 *                    logins as that user are refused unchecked for {@code block}
 * @param window      the time the failures are counted over
 * @param block       how long the address is refused as that user; other addresses, and other users from
 *                    the same address, are not affected
 */
@ConfigurationProperties("midwatch.login")
public record LoginProtectionProperties(@DefaultValue("5") int maxFailures, @DefaultValue("PT15M") Duration window,
                                        @DefaultValue("PT15M") Duration block) {
}
