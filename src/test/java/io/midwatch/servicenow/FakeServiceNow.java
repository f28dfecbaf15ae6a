package io.midwatch.servicenow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.midwatch.demo.EncodedQuery;

/**
 * ServiceNow instances as MidWatch sees them, in this JVM, on the JDK's HTTP server: each instance under
 * {@code http://localhost:<port>/<name>}, with the Table API's documented behaviour as far as MidWatch
 * uses it: an encoded query ({@code a=b}, {@code a!=b}, {@code a>b}, {@code a>=b}, {@code a<b},
 * {@code a<=b}, {@code ^} for AND, {@code ORDERBYa}, {@code ORDERBYDESCa}, dot-walked fields), the field
 * list, limit and offset, the {@code Link} header with {@code rel="next"} (or none, to page by offset),
 * {@code X-Total-Count}, the error body, 401, 403, 429 with {@code Retry-After} (told to, or from a rate limit
 * rule of so many calls per window), {@code a IN b,c}, and the OAuth token endpoint;
 * rows hidden by ACLs after the limit is applied, as instances do. A fresh instance has the legacy clone
 * table's {@code sys_dictionary} entries and its states in {@code sys_choice}, stored capitalised.
 * Records are flat maps of raw values; a dot-walked field is stored under its dotted name. Tests change an
 * instance's state between polls.
 */
public final class FakeServiceNow implements AutoCloseable {

    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final HttpServer server;
    private final Map<String, Instance> instances = new ConcurrentHashMap<>();
    private final ObjectMapper json = new ObjectMapper();
    /** The Authorization header of every request this server received, whatever its path. */
    public final List<String> authorizations = new CopyOnWriteArrayList<>();

    private FakeServiceNow(HttpServer server) {
        this.server = server;
    }

    public static FakeServiceNow start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            FakeServiceNow fake = new FakeServiceNow(server);
            server.createContext("/", fake::handle);
            server.start();
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new, empty instance of that name in place of the old one. */
    public Instance fresh(String name) {
        Instance instance = new Instance(name);
        instance.dictionary("clone_instance", "source_instance", "Source instance", "reference", "instance");
        instance.dictionary("clone_instance", "target_instance", "Target instance", "reference", "instance");
        instance.dictionary("clone_instance", "state", "State", "string", "");
        instance.dictionary("clone_instance", "completed", "Completed", "glide_date_time", "");
        instance.dictionary("clone_instance", "scheduled", "Scheduled", "glide_date_time", "");
        instance.dictionary("clone_instance", "profile", "Profile", "reference", "clone_profile");
        for (String state : List.of("Requested", "Scheduled", "Active", "Completed", "Canceled", "Hold", "Error")) {
            instance.choice("clone_instance", "state", state, state);
        }
        instances.put(name, instance);
        return instance;
    }

    public String url(String name) {
        return "http://localhost:" + server.getAddress().getPort() + "/" + name;
    }

    public static String dateTime(Instant instant) {
        return DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** A Table API call: when it came, and the Retry-After it was told, in seconds (0: not refused). */
    public record Call(Instant at, long retryAfterSeconds) {
    }

    /** One instance's tables and behaviour. */
    public static final class Instance {

        public final String name;
        public final Map<String, List<Map<String, String>>> tables = new ConcurrentHashMap<>();
        /** Every Table API request: table and query string. */
        public final List<String> requests = new CopyOnWriteArrayList<>();
        public volatile String user = "midwatch.reader";
        public volatile String password = "reader-pass";
        public volatile String clientId;
        public volatile String clientSecret;
        public volatile int tokenGrants;
        public volatile int tokenRefreshes;
        public volatile boolean linkPaging = true;
        public volatile boolean totalCountHeader = true;
        /** Non-null: the base URL that Link headers name instead of this instance's URL (its own host). */
        public volatile String linkBase;
        /** Rows the account may not read: left out of a page after the limit is applied. */
        public volatile Predicate<Map<String, String>> hiddenByAcl;
        /** Tables the account may not read: answered 403. */
        public final Set<String> deniedTables = ConcurrentHashMap.newKeySet();
        /** Non-null: every request is refused with 401 and this message. */
        public volatile String refusal;
        /** Positive: the next requests are answered 429 with this Retry-After, {@link #rateLimited} times. */
        public volatile int retryAfterSeconds;
        public volatile int rateLimited;
        /** Positive: a rate limit rule of the account, this many Table API calls per {@link #window}. */
        public volatile int callsPerWindow;
        public volatile Duration window = Duration.ofSeconds(10);
        /** Every Table API call when it came, and the Retry-After it was told (zero when not refused). */
        public final List<Call> calls = new CopyOnWriteArrayList<>();
        private Instant windowStart;
        private int callsInWindow;
        /** Non-null: requests whose query string matches are answered 500. */
        public volatile Predicate<String> failing;
        private final Set<String> tokens = ConcurrentHashMap.newKeySet();
        private final Set<String> refreshTokens = ConcurrentHashMap.newKeySet();

        private Instance(String name) {
            this.name = name;
        }

        public Instance oauth(String clientId, String clientSecret) {
            this.clientId = clientId;
            this.clientSecret = clientSecret;
            return this;
        }

        /** Adds a MID Server; {@code createdOn} is its {@code sys_created_on}. */
        public String midServer(String name, String status, String userName, Instant createdOn) {
            String sysId = sysId();
            table("ecc_agent").add(new HashMap<>(Map.of("sys_id", sysId, "name", name, "status", status,
                    "user_name", userName, "host_name", name + ".hosts.example", "version", "zurich-07-01-2025",
                    "last_refreshed", dateTime(createdOn), "sys_created_on", dateTime(createdOn))));
            return sysId;
        }

        public void status(String midServer, String status) {
            table("ecc_agent").stream().filter(record -> record.get("name").equals(midServer))
                    .forEach(record -> record.put("status", status));
        }

        /** A clone record as {@code clone_instance} holds it. */
        public String clone(String source, String target, String state, Instant completed) {
            String sysId = sysId();
            table("clone_instance").add(new HashMap<>(Map.of("sys_id", sysId, "state", state,
                    "completed", dateTime(completed), "source_instance.instance_name", source,
                    "target_instance.instance_name", target)));
            return sysId;
        }

        /**
         * A clone still to run as {@code clone_instance} holds it: no completion time yet, its scheduled time and
         * its profile's sys_id (empty: none).
         */
        public String scheduledClone(String source, String target, String state, Instant scheduled, String profile) {
            String sysId = sysId();
            table("clone_instance").add(new HashMap<>(Map.of("sys_id", sysId, "state", state, "completed", "",
                    "scheduled", dateTime(scheduled), "profile", profile, "source_instance.instance_name", source,
                    "target_instance.instance_name", target)));
            return sysId;
        }

        /** Sets fields of the record of that sys_id. */
        public void update(String table, String sysId, Map<String, String> values) {
            table(table).stream().filter(record -> sysId.equals(record.get("sys_id")))
                    .forEach(record -> record.putAll(values));
        }

        /**
         * A user with the fields the forecast reads: active, not locked out, no password reset, updated once at
         * the start of 2026, unless {@code fields} says otherwise ({@code sys_id} among them); its role grants
         * carry the user's {@code department} as {@code user.department}, for preserver conditions.
         */
        public String sysUser(String userName, Map<String, String> fields, String... roles) {
            Map<String, String> user = new HashMap<>(Map.of("sys_id", sysId(), "user_name", userName,
                    "active", "true", "locked_out", "false", "password_needs_reset", "false",
                    "sys_mod_count", "1", "sys_updated_on", "2026-01-01 00:00:00", "department", ""));
            user.putAll(fields);
            table("sys_user").add(user);
            for (String role : roles) {
                table("sys_user_has_role").add(new HashMap<>(Map.of("sys_id", sysId(), "user.user_name", userName,
                        "role.name", role, "state", "active", "user.department", user.get("department"))));
            }
            return user.get("sys_id");
        }

        /** An active data preserver ({@code clone_data_preserver}) of the table's rows matching the condition. */
        public String preserver(String name, String table, String condition) {
            return record("clone_data_preserver", Map.of("name", name, "table", table, "condition", condition,
                    "active", "true"));
        }

        /** A column of a table as {@code sys_dictionary} lists it. */
        public void dictionary(String table, String element, String label, String internalType, String reference) {
            table("sys_dictionary").add(new HashMap<>(Map.of("sys_id", sysId(), "name", table, "element", element,
                    "column_label", label, "internal_type", internalType, "reference", reference)));
        }

        /** A stored value of a choice column and its label, as {@code sys_choice} lists it. */
        public void choice(String table, String element, String value, String label) {
            table("sys_choice").add(new HashMap<>(Map.of("sys_id", sysId(), "name", table, "element", element,
                    "value", value, "label", label, "language", "en")));
        }

        /** A record of any table; returns its sys_id. */
        public String record(String table, Map<String, String> values) {
            String sysId = sysId();
            Map<String, String> record = new HashMap<>(values);
            record.put("sys_id", sysId);
            table(table).add(record);
            return sysId;
        }

        public void user(String userName, boolean active, boolean lockedOut, String... roles) {
            String sysId = sysId();
            table("sys_user").add(new HashMap<>(Map.of("sys_id", sysId, "user_name", userName,
                    "active", Boolean.toString(active), "locked_out", Boolean.toString(lockedOut))));
            for (String role : roles) {
                table("sys_user_has_role").add(new HashMap<>(Map.of("sys_id", sysId(), "user.user_name", userName,
                        "role.name", role, "state", "active")));
            }
        }

        public List<Map<String, String>> table(String table) {
            return tables.computeIfAbsent(table, any -> new CopyOnWriteArrayList<>());
        }

        /** Counts the call against the rate limit rule: the Retry-After in seconds when refused, else 0. */
        private synchronized long limit(Instant now) {
            long retryAfter = 0;
            if (callsPerWindow > 0) {
                if (windowStart == null || !now.isBefore(windowStart.plus(window))) {
                    windowStart = now;
                    callsInWindow = 0;
                }
                if (callsInWindow < callsPerWindow) {
                    callsInWindow++;
                } else {
                    Duration left = Duration.between(now, windowStart.plus(window));
                    retryAfter = Math.max(1, left.plusNanos(999_999_999).toSeconds());
                }
            }
            calls.add(new Call(now, retryAfter));
            return retryAfter;
        }

        public long requestsTo(String table) {
            return requests.stream().filter(request -> request.startsWith(table + "?")).count();
        }

        private static String sysId() {
            return UUID.randomUUID().toString().replace("-", "");
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization != null) {
                authorizations.add(authorization);
            }
            String path = exchange.getRequestURI().getPath();
            String[] parts = path.split("/", 3);
            Instance instance = parts.length > 1 ? instances.get(parts[1]) : null;
            if (instance == null) {
                error(exchange, 404, "Invalid URL", "no instance at " + path);
                return;
            }
            String rest = "/" + (parts.length > 2 ? parts[2] : "");
            if (rest.equals("/oauth_token.do") && exchange.getRequestMethod().equals("POST")) {
                token(exchange, instance);
            } else if (rest.startsWith("/api/now/table/") && exchange.getRequestMethod().equals("GET")) {
                table(exchange, instance, rest.substring("/api/now/table/".length()));
            } else {
                error(exchange, 400, "Requested URI does not represent any resource", rest);
            }
        }
    }

    private void token(HttpExchange exchange, Instance instance) throws IOException {
        Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        boolean client = instance.clientId != null && instance.clientId.equals(form.get("client_id"))
                && instance.clientSecret.equals(form.get("client_secret"));
        boolean granted = switch (String.valueOf(form.get("grant_type"))) {
            case "password" -> client && instance.refusal == null && instance.user.equals(form.get("username"))
                    && instance.password.equals(form.get("password"));
            case "refresh_token" -> client && instance.refreshTokens.remove(form.get("refresh_token"));
            default -> false;
        };
        if (!granted) {
            send(exchange, 401, Map.of("error", "access_denied", "error_description", "access_denied"), Map.of());
            return;
        }
        if ("password".equals(form.get("grant_type"))) {
            instance.tokenGrants++;
        } else {
            instance.tokenRefreshes++;
        }
        String access = UUID.randomUUID().toString();
        String refresh = UUID.randomUUID().toString();
        instance.tokens.add(access);
        instance.refreshTokens.add(refresh);
        send(exchange, 200, Map.of("access_token", access, "refresh_token", refresh, "scope", "useraccount",
                "token_type", "Bearer", "expires_in", 1799), Map.of());
    }

    private void table(HttpExchange exchange, Instance instance, String table) throws IOException {
        String query = exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery();
        instance.requests.add(table + "?" + query);
        long limited = instance.limit(Instant.now());
        if (limited > 0) {
            exchange.getResponseHeaders().add("Retry-After", Long.toString(limited));
            error(exchange, 429, "Too Many Requests", "Rate limit exceeded for user " + instance.user);
            return;
        }
        if (!authenticated(exchange, instance)) {
            error(exchange, 401, "User Not Authenticated", instance.refusal != null ? instance.refusal
                    : "Required to provide Auth information");
            return;
        }
        if (instance.deniedTables.contains(table)) {
            error(exchange, 403, "Insufficient rights to query records",
                    "Fields present in the query do not have permission to be read");
            return;
        }
        if (instance.rateLimited > 0) {
            instance.rateLimited--;
            exchange.getResponseHeaders().add("Retry-After", Integer.toString(instance.retryAfterSeconds));
            error(exchange, 429, "Too Many Requests", "Rate limit exceeded for user " + instance.user);
            return;
        }
        Map<String, String> params = parse(query);
        if (instance.failing != null && instance.failing.test(URLDecoder.decode(query, StandardCharsets.UTF_8))) {
            error(exchange, 500, "Internal server error", "the fake was told to fail");
            return;
        }
        List<Map<String, String>> matching;
        try {
            matching = EncodedQuery.select(instance.table(table), params.getOrDefault("sysparm_query", ""));
        } catch (IllegalArgumentException unsupported) {
            error(exchange, 400, "Invalid query", unsupported.getMessage());
            return;
        }
        int limit = Integer.parseInt(params.getOrDefault("sysparm_limit", "10000"));
        int offset = Integer.parseInt(params.getOrDefault("sysparm_offset", "0"));
        List<String> fields = params.containsKey("sysparm_fields")
                ? List.of(params.get("sysparm_fields").split(",")) : null;
        var page = new ArrayList<Map<String, String>>();
        for (Map<String, String> record : matching.subList(Math.min(offset, matching.size()),
                Math.min(offset + limit, matching.size()))) {
            if (instance.hiddenByAcl != null && instance.hiddenByAcl.test(record)) {
                continue;
            }
            Map<String, String> shown = new LinkedHashMap<>();
            (fields == null ? record.keySet() : fields).forEach(field -> shown.put(field, record.getOrDefault(field, "")));
            page.add(shown);
        }
        Map<String, String> headers = new HashMap<>();
        if (instance.totalCountHeader) {
            headers.put("X-Total-Count", Integer.toString(matching.size()));
        }
        if (instance.linkPaging) {
            String base = (instance.linkBase != null ? instance.linkBase : url(instance.name)) + "/api/now/table/"
                    + table + "?" + query.replaceAll("&?sysparm_offset=\\d+", "");
            var links = new ArrayList<String>();
            links.add("<" + base + "&sysparm_offset=0>;rel=\"first\"");
            if (offset > 0) {
                links.add("<" + base + "&sysparm_offset=" + Math.max(0, offset - limit) + ">;rel=\"prev\"");
            }
            if (offset + limit < matching.size()) {
                links.add("<" + base + "&sysparm_offset=" + (offset + limit) + ">;rel=\"next\"");
            }
            links.add("<" + base + "&sysparm_offset=" + Math.max(0, (matching.size() - 1) / limit * limit)
                    + ">;rel=\"last\"");
            headers.put("Link", String.join(",", links));
        }
        send(exchange, 200, Map.of("result", page), headers);
    }

    private static boolean authenticated(HttpExchange exchange, Instance instance) {
        if (instance.refusal != null) {
            return false;
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null) {
            return false;
        }
        if (authorization.startsWith("Bearer ")) {
            return instance.tokens.contains(authorization.substring(7));
        }
        if (instance.clientId != null || !authorization.startsWith("Basic ")) {
            return false;
        }
        String credentials = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
        return credentials.equals(instance.user + ":" + instance.password);
    }

    private static Map<String, String> parse(String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private void error(HttpExchange exchange, int status, String message, String detail) throws IOException {
        send(exchange, status, Map.of("error", Map.of("message", message, "detail", detail), "status", "failure"),
                Map.of());
    }

    private void send(HttpExchange exchange, int status, Object body, Map<String, String> headers) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json;charset=UTF-8");
        headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
