package io.midwatch.notify;

import java.util.regex.Pattern;

/**
 * A notification's text as plain text for Slack and Microsoft Teams, which read {@code &}, {@code <} and
 * {@code >} as markup: {@code <!channel>}, {@code <@U123>} and {@code <http://...|label>} in Slack,
 * {@code <at>} in Teams. Names in a notification come from ServiceNow or from a caller of the API: escaped,
 * they show as written and mention or link nobody. The bare {@code @here}, {@code @channel} and
 * {@code @everyone} that some chat set-ups also turn into mentions get an invisible zero-width space after
 * the {@code @}.
 */
final class WebhookText {

    private static final Pattern BROADCAST = Pattern.compile("@(here|channel|everyone)\\b",
            Pattern.CASE_INSENSITIVE);

    private WebhookText() {
    }

    static String plain(String text) {
        String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return BROADCAST.matcher(escaped).replaceAll("@\u200B$1");
    }
}
