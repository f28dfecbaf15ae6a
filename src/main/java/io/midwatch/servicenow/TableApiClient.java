package io.midwatch.servicenow;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.midwatch.platform.TextRules;
import io.midwatch.servicenow.TableApiException.Kind;

/**
 * Reads records of one ServiceNow instance through its Table API ({@code GET {url}/api/now/table/{table}}),
 * as documented: encoded query, field list, {@code sysparm_exclude_reference_link=true}, raw values (no
 * display values, so date-times come as {@code yyyy-MM-dd HH:mm:ss} in UTC), every page followed by the
 * {@code Link} header's {@code rel="next"}, or by {@code sysparm_offset} when an instance sends no such
 * header. Errors come as {@code {"error": {"message", "detail"}, "status": "failure"}}. Authenticates with
 * HTTP Basic or an OAuth 2.0 token (password grant at {@code {url}/oauth_token.do}, renewed with its
 * refresh token). No secret goes into a message or the log.
 */
class TableApiClient {

    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    /** Renew a token this long before it expires. */
    private static final Duration TOKEN_MARGIN = Duration.ofSeconds(30);

    private final ServiceNowProperties.Instance instance;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Duration timeout;
    private final Clock clock;

    private String accessToken;
    private String refreshToken;
    private Instant tokenExpiresAt;

    TableApiClient(ServiceNowProperties.Instance instance, HttpClient http, ObjectMapper json, Duration timeout,
                   Clock clock) {
        this.instance = instance;
        this.http = http;
        this.json = json;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Every record the query matches, all pages read. */
    List<JsonNode> readAll(String table, String query, List<String> fields, int pageSize)
            throws TableApiException, InterruptedException {
        var records = new ArrayList<JsonNode>();
        int offset = 0;
        String next = firstPage(table, query, fields, pageSize, 0);
        while (next != null) {
            HttpResponse<String> response = get(next);
            JsonNode page = body(response).path("result");
            if (!page.isArray()) {
                throw new TableApiException(Kind.FAILED, "GET " + path(next) + " answered no result list");
            }
            page.forEach(records::add);
            offset += page.size();
            next = nextLink(response);
            if (next == null && response.headers().allValues("Link").isEmpty() && page.size() == pageSize) {
                // no Link header at all: page on by offset until a short page
                next = firstPage(table, query, fields, pageSize, offset);
            }
        }
        return records;
    }

    private String firstPage(String table, String query, List<String> fields, int pageSize, int offset) {
        Map<String, String> params = new java.util.LinkedHashMap<>();
        params.put("sysparm_query", query);
        params.put("sysparm_fields", String.join(",", fields));
        params.put("sysparm_limit", Integer.toString(pageSize));
        params.put("sysparm_offset", Integer.toString(offset));
        params.put("sysparm_exclude_reference_link", "true");
        params.put("sysparm_display_value", "false");
        return instance.url() + "/api/now/table/" + table + "?" + params.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private HttpResponse<String> get(String url) throws TableApiException, InterruptedException {
        HttpResponse<String> response = send(url);
        if (response.statusCode() == 401 && instance.oauth() != null && accessToken != null) {
            // the token may have been revoked: one more try with a new one
            accessToken = null;
            refreshToken = null;
            response = send(url);
        }
        int status = response.statusCode();
        if (status == 200) {
            return response;
        }
        String reason = errorReason(response);
        if (status == 401 || status == 403) {
            throw new TableApiException(Kind.REFUSED, status + " from GET " + path(url) + ": " + reason);
        }
        if (status == 429) {
            Duration retryAfter = retryAfter(response.headers().firstValue("Retry-After").orElse(null));
            throw new TableApiException(Kind.RATE_LIMITED, "429 from GET " + path(url) + ": " + reason
                    + (retryAfter != null ? " (Retry-After " + retryAfter.toSeconds() + " s)" : ""), retryAfter);
        }
        throw new TableApiException(Kind.FAILED, status + " from GET " + path(url) + ": " + reason);
    }

    private HttpResponse<String> send(String url) throws TableApiException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Accept", "application/json")
                .header("Authorization", authorization())
                .timeout(timeout)
                .GET()
                .build();
        return exchange(request, "GET " + path(url));
    }

    private HttpResponse<String> exchange(HttpRequest request, String what) throws TableApiException,
            InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new TableApiException(Kind.FAILED, what + " timed out after " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            throw new TableApiException(Kind.FAILED, what + " failed: " + e);
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
            HttpResponse<String> refreshed = postToken(Map.of("grant_type", "refresh_token",
                    "client_id", oauth.clientId(), "client_secret", oauth.clientSecret(),
                    "refresh_token", refreshToken));
            if (refreshed.statusCode() == 200) {
                takeToken(refreshed);
                return;
            }
            refreshToken = null;
        }
        HttpResponse<String> granted = postToken(Map.of("grant_type", "password",
                "client_id", oauth.clientId(), "client_secret", oauth.clientSecret(),
                "username", oauth.user(), "password", oauth.password()));
        if (granted.statusCode() == 200) {
            takeToken(granted);
            return;
        }
        String reason = tokenError(granted);
        Kind kind = granted.statusCode() == 429 ? Kind.RATE_LIMITED
                : granted.statusCode() == 401 || granted.statusCode() == 400 || granted.statusCode() == 403
                ? Kind.REFUSED : Kind.FAILED;
        throw new TableApiException(kind, granted.statusCode() + " from POST /oauth_token.do: " + reason,
                kind == Kind.RATE_LIMITED ? retryAfter(granted.headers().firstValue("Retry-After").orElse(null)) : null);
    }

    private HttpResponse<String> postToken(Map<String, String> form) throws TableApiException, InterruptedException {
        String body = form.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(instance.url() + "/oauth_token.do"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return exchange(request, "POST /oauth_token.do");
    }

    private void takeToken(HttpResponse<String> response) throws TableApiException {
        JsonNode token = body(response);
        if (!token.hasNonNull("access_token")) {
            throw new TableApiException(Kind.FAILED, "POST /oauth_token.do answered no access_token");
        }
        accessToken = token.get("access_token").asText();
        refreshToken = token.hasNonNull("refresh_token") ? token.get("refresh_token").asText() : null;
        tokenExpiresAt = clock.instant().plusSeconds(token.path("expires_in").asLong(1800));
    }

    private String tokenError(HttpResponse<String> response) {
        try {
            JsonNode error = json.readTree(response.body());
            String text = error.path("error").asText("");
            String description = error.path("error_description").asText("");
            return text.isEmpty() && description.isEmpty() ? "no reason given"
                    : fromInstance((text + (description.isEmpty() ? "" : " (" + description + ")")).trim());
        } catch (IOException notJson) {
            return "no reason given";
        }
    }

    private JsonNode body(HttpResponse<String> response) throws TableApiException {
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new TableApiException(Kind.FAILED, "the instance answered something other than JSON");
        }
    }

    /** The documented error body's message and detail, or the status line when there is none. */
    private String errorReason(HttpResponse<String> response) {
        try {
            JsonNode error = json.readTree(response.body()).path("error");
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

    private String nextLink(HttpResponse<String> response) {
        for (String header : response.headers().allValues("Link")) {
            for (String link : header.split(",(?=\\s*<)")) {
                Matcher matcher = NEXT_LINK.matcher(link);
                if (matcher.find()) {
                    String target = matcher.group(1);
                    return target.startsWith("http") ? target : instance.url() + target;
                }
            }
        }
        return null;
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

    private String path(String url) {
        String path = url.startsWith(instance.url().toString()) ? url.substring(instance.url().toString().length()) : url;
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
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
