package io.midwatch.servicenow;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import io.midwatch.platform.TextRules;
import io.midwatch.servicenow.TableApiException.Kind;

/**
 * Reads records of one ServiceNow instance through its Table API ({@code GET {url}/api/now/table/{table}}),
 * as documented: encoded query, field list, {@code sysparm_exclude_reference_link=true}, raw values (no
 * display values, so date-times come as {@code yyyy-MM-dd HH:mm:ss} in UTC). Errors come as
 * {@code {"error": {"message", "detail"}, "status": "failure"}}. Authenticates with HTTP Basic or an OAuth 2.0
 * token (password grant at {@code {url}/oauth_token.do}, renewed with its refresh token). No secret goes
 * into a message or the log.
 *
 * <p>Paging: the instance applies {@code sysparm_limit} before its ACLs, so a page may be short, even empty,
 * while more follow. The {@code Link} header's {@code rel="next"} is followed while there is one; without
 * {@code Link} headers the offset grows by the page size until {@code X-Total-Count}, or, without that
 * header either, until a page comes back empty. A {@code Link} names the instance's own host, which may
 * not be the configured URL (a proxy): only its path from {@code /api/now/table/} and its query are taken,
 * against the configured URL, so credentials never go to another scheme, host or port. A read of more
 * than {@link #MAX_PAGES} pages fails rather than answer part of the table.
 *
 * <p>Every request to the instance goes through {@link #send}, which holds it back while the instance's
 * last {@code Retry-After} has not passed ({@link RetryAfterGate}); one client, and so one gate, serves every
 * read of an instance in this node.
 */
class TableApiClient {

    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /** Far above any fleet at the default page size (a million records); also ends a Link that loops. */
    static final int MAX_PAGES = 1000;

    private static final String TABLE_PATH = "/api/now/table/";
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    /** Renew a token this long before it expires. */
    private static final Duration TOKEN_MARGIN = Duration.ofSeconds(30);

    /** An answer of the instance, whatever its status. */
    private record Answer(int status, HttpHeaders headers, String body) {
    }

    private final ServiceNowProperties.Instance instance;
    private final RestClient rest;
    private final ObjectMapper json;
    private final Duration timeout;
    private final Clock clock;
    private final RetryAfterGate gate;

    private String accessToken;
    private String refreshToken;
    private Instant tokenExpiresAt;

    TableApiClient(ServiceNowProperties.Instance instance, RestClient rest, ObjectMapper json, Duration timeout,
                   Clock clock) {
        this.instance = instance;
        this.rest = rest;
        this.json = json;
        this.timeout = timeout;
        this.clock = clock;
        this.gate = new RetryAfterGate(clock);
    }

    /** Every record the query matches, all pages read. */
    List<JsonNode> readAll(String table, String query, List<String> fields, int pageSize)
            throws TableApiException, InterruptedException {
        var records = new ArrayList<JsonNode>();
        int offset = 0;
        URI next = page(table, query, fields, pageSize, 0);
        for (int pages = 1; next != null; pages++) {
            if (pages > MAX_PAGES) {
                throw new TableApiException(Kind.FAILED, "GET " + TABLE_PATH + table + " has more than " + MAX_PAGES
                        + " pages of " + pageSize + " records: nothing of it is used (raise "
                        + "midwatch.servicenow.page-size)", table, null);
            }
            Answer answer = get(table, next);
            JsonNode page = body(answer).path("result");
            if (!page.isArray()) {
                throw new TableApiException(Kind.FAILED, "GET " + TABLE_PATH + table + " answered no result list",
                        table, null);
            }
            page.forEach(records::add);
            offset += pageSize;
            if (!answer.headers().getOrEmpty(HttpHeaders.LINK).isEmpty()) {
                next = nextLink(table, answer.headers());
            } else {
                Long total = totalCount(answer.headers());
                boolean more = total != null ? offset < total : !page.isEmpty();
                next = more ? page(table, query, fields, pageSize, offset) : null;
            }
        }
        return records;
    }

    private URI page(String table, String query, List<String> fields, int pageSize, int offset) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("sysparm_query", query);
        params.put("sysparm_fields", String.join(",", fields));
        params.put("sysparm_limit", Integer.toString(pageSize));
        params.put("sysparm_offset", Integer.toString(offset));
        params.put("sysparm_exclude_reference_link", "true");
        params.put("sysparm_display_value", "false");
        return URI.create(instance.url() + TABLE_PATH + table + "?" + form(params));
    }

    private Answer get(String table, URI uri) throws TableApiException, InterruptedException {
        String what = "GET " + TABLE_PATH + table;
        Answer answer = send(HttpMethod.GET, uri, authorization(), null, what);
        if (answer.status() == 401 && instance.oauth() != null && accessToken != null) {
            // the token may have been revoked: one more try with a new one
            accessToken = null;
            refreshToken = null;
            answer = send(HttpMethod.GET, uri, authorization(), null, what);
        }
        int status = answer.status();
        if (status == 200) {
            return answer;
        }
        String failure = status + " from " + what + ": " + errorReason(answer);
        if (status == 401) {
            throw new TableApiException(Kind.LOGIN_REFUSED, failure, table, null);
        }
        if (status == 403) {
            throw new TableApiException(Kind.ACCESS_DENIED, failure, table, null);
        }
        if (status == 429) {
            Duration retryAfter = retryAfter(answer.headers().getFirst(HttpHeaders.RETRY_AFTER));
            gate.rateLimited(retryAfter);
            throw new TableApiException(Kind.RATE_LIMITED, failure
                    + (retryAfter != null ? " (Retry-After " + retryAfter.toSeconds() + " s)" : ""), table, retryAfter);
        }
        throw new TableApiException(Kind.FAILED, failure, table, null);
    }

    /**
     * Every request to the instance, whatever its answer; only a failure to get one throws, or the gate
     * holding it back (as rate limited, with the time left as its {@code Retry-After}).
     */
    private Answer send(HttpMethod method, URI uri, String authorization, String form, String what)
            throws TableApiException, InterruptedException {
        Duration holdBack = gate.holdBack();
        if (!holdBack.isZero()) {
            throw new TableApiException(Kind.RATE_LIMITED, what + " not sent: the instance's rate limit holds "
                    + "MidWatch back (Retry-After " + seconds(holdBack) + " s left)", null, holdBack);
        }
        try {
            RestClient.RequestBodySpec request = rest.method(method).uri(uri).accept(MediaType.APPLICATION_JSON);
            if (authorization != null) {
                request.header(HttpHeaders.AUTHORIZATION, authorization);
            }
            if (form != null) {
                request.contentType(MediaType.APPLICATION_FORM_URLENCODED).body(form);
            }
            return request.exchange((sent, response) -> new Answer(response.getStatusCode().value(),
                    response.getHeaders(), new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)));
        } catch (RestClientException e) {
            if (Thread.interrupted()) {
                throw new InterruptedException(what + " was interrupted");
            }
            Throwable cause = e.getMostSpecificCause();
            if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException) {
                throw new TableApiException(Kind.FAILED, what + " timed out after " + timeout.toSeconds() + " s");
            }
            // the cause, not the exception's message: that one carries the whole URL
            throw new TableApiException(Kind.FAILED, what + " failed: " + cause);
        }
    }

    private String authorization() throws TableApiException, InterruptedException {
        if (instance.oauth() == null) {
            return basic(instance.user(), instance.password());
        }
        synchronized (this) {
            if (accessToken == null || clock.instant().isAfter(tokenExpiresAt.minus(TOKEN_MARGIN))) {
                fetchToken();
            }
            return "Bearer " + accessToken;
        }
    }

    /** A new token by the refresh token while there is one, else by the password grant. */
    private void fetchToken() throws TableApiException, InterruptedException {
        ServiceNowProperties.OAuth oauth = instance.oauth();
        if (refreshToken != null) {
            Answer refreshed = postToken(Map.of("grant_type", "refresh_token",
                    "client_id", oauth.clientId(), "client_secret", oauth.clientSecret(),
                    "refresh_token", refreshToken));
            if (refreshed.status() == 200) {
                takeToken(refreshed);
                return;
            }
            refreshToken = null;
        }
        Answer granted = postToken(Map.of("grant_type", "password",
                "client_id", oauth.clientId(), "client_secret", oauth.clientSecret(),
                "username", oauth.user(), "password", oauth.password()));
        if (granted.status() == 200) {
            takeToken(granted);
            return;
        }
        String failure = granted.status() + " from POST /oauth_token.do: " + tokenError(granted);
        if (granted.status() == 429) {
            Duration retryAfter = retryAfter(granted.headers().getFirst(HttpHeaders.RETRY_AFTER));
            gate.rateLimited(retryAfter);
            throw new TableApiException(Kind.RATE_LIMITED, failure, null, retryAfter);
        }
        Kind kind = granted.status() == 401 || granted.status() == 400 || granted.status() == 403
                ? Kind.LOGIN_REFUSED : Kind.FAILED;
        throw new TableApiException(kind, failure, null, null);
    }

    private Answer postToken(Map<String, String> form) throws TableApiException, InterruptedException {
        return send(HttpMethod.POST, URI.create(instance.url() + "/oauth_token.do"), null, form(form),
                "POST /oauth_token.do");
    }

    private void takeToken(Answer answer) throws TableApiException {
        JsonNode token = body(answer);
        if (!token.hasNonNull("access_token")) {
            throw new TableApiException(Kind.FAILED, "POST /oauth_token.do answered no access_token");
        }
        accessToken = token.get("access_token").asText();
        refreshToken = token.hasNonNull("refresh_token") ? token.get("refresh_token").asText() : null;
        tokenExpiresAt = clock.instant().plusSeconds(token.path("expires_in").asLong(1800));
    }

    private String tokenError(Answer answer) {
        try {
            JsonNode error = json.readTree(answer.body());
            String text = error.path("error").asText("");
            String description = error.path("error_description").asText("");
            return text.isEmpty() && description.isEmpty() ? "no reason given"
                    : fromInstance((text + (description.isEmpty() ? "" : " (" + description + ")")).trim());
        } catch (IOException notJson) {
            return "no reason given";
        }
    }

    private JsonNode body(Answer answer) throws TableApiException {
        try {
            return json.readTree(answer.body());
        } catch (IOException e) {
            throw new TableApiException(Kind.FAILED, "the instance answered something other than JSON");
        }
    }

    /** The documented error body's message and detail, or the status line when there is none. */
    private String errorReason(Answer answer) {
        try {
            JsonNode error = json.readTree(answer.body()).path("error");
            String message = error.path("message").asText("");
            String detail = error.path("detail").asText("");
            if (!message.isEmpty() || !detail.isEmpty()) {
                return fromInstance(detail.isEmpty() || detail.equals("null") ? message
                        : message + " (" + detail + ")");
            }
        } catch (IOException | RuntimeException notTheErrorBody) {
            // fall through
        }
        return "no error body";
    }

    /** An instance's own words go into the log and the API: no control character, no page of text. */
    private static String fromInstance(String reason) {
        return TextRules.printable(reason, 500);
    }

    /**
     * The {@code rel="next"} link's path from {@code /api/now/table/{table}} and its query, against the
     * configured URL; null when there is no next page.
     */
    private URI nextLink(String table, HttpHeaders headers) throws TableApiException {
        for (String header : headers.getOrEmpty(HttpHeaders.LINK)) {
            for (String link : header.split(",(?=\\s*<)")) {
                Matcher matcher = NEXT_LINK.matcher(link);
                if (matcher.find()) {
                    URI named;
                    try {
                        named = URI.create(matcher.group(1).trim());
                    } catch (IllegalArgumentException unreadable) {
                        throw new TableApiException(Kind.FAILED, "GET " + TABLE_PATH + table
                                + " answered an unreadable Link header", table, null);
                    }
                    String path = named.getRawPath() == null ? "" : named.getRawPath();
                    int at = path.indexOf(TABLE_PATH + table);
                    if (at < 0 || named.getRawQuery() == null) {
                        throw new TableApiException(Kind.FAILED, "GET " + TABLE_PATH + table
                                + " answered a next Link to another resource", table, null);
                    }
                    return URI.create(instance.url() + path.substring(at) + "?" + named.getRawQuery());
                }
            }
        }
        return null;
    }

    private static Long totalCount(HttpHeaders headers) {
        try {
            String count = headers.getFirst("X-Total-Count");
            return count == null ? null : Long.valueOf(count.trim());
        } catch (NumberFormatException unreadable) {
            return null;
        }
    }

    /** {@code Retry-After} in seconds or as an HTTP date; null when absent or unreadable. */
    Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration left = Duration.between(clock.instant(), at);
                return left.isNegative() ? Duration.ZERO : left;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    /** Whole seconds, rounded up: waiting a little longer is never a second call too early. */
    static long seconds(Duration duration) {
        return duration.plusNanos(999_999_999).toSeconds();
    }

    private static String form(Map<String, String> values) {
        return values.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A Table API date-time (UTC, {@code yyyy-MM-dd HH:mm:ss}); null for an empty value. */
    static Instant instant(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return LocalDateTime.parse(value.trim(), DATE_TIME).toInstant(ZoneOffset.UTC);
    }

    static String format(Instant instant) {
        return DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
    }
}
