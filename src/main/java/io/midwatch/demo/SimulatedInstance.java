package io.midwatch.demo;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.midwatch.platform.TextRules;

/**
 * A small ServiceNow instance of the demo, on the loopback address only: the Table API as far as MidWatch
 * reads it ({@code GET /api/now/table/{table}} with {@code sysparm_query} as {@link EncodedQuery} knows it,
 * {@code sysparm_fields}, {@code sysparm_limit}, {@code sysparm_offset}, {@code X-Total-Count}, the error
 * body; no data preservers, {@code clone_data_preserver} and {@code clone_profile_preservers} being empty), HTTP Basic for MidWatch's account and the instance's administrator, and what an administrator
 * does to fix a MID Server's user: {@code PUT /api/now/table/sys_user/{sys_id}} and
 * {@code POST /api/now/table/sys_user_has_role}.
 *
 * <p>Like a real instance it owns its MID Servers' status: a MID Server logs in with its user's credentials
 * (here as it polls its ECC queue, {@code GET /api/now/table/ecc_queue?sysparm_query=agent=mid.server.<name>}),
 * a good login sets it Up, and an Up MID Server without a good login for {@code downAfter} since its last one
 * is set Down (checked at each request the instance answers).
 * Passwords are kept beside {@code sys_user}, never in it, so that no read shows them.
 */
final class SimulatedInstance implements AutoCloseable {

    /** An account that logs in with HTTP Basic. */
    record Account(String user, String password) {

        @Override
        public String toString() {
            return "Account[user=" + user + ", password redacted]";
        }
    }

    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private static final String TABLE_PATH = "/api/now/table/";
    private static final int MAX_BODY = 16 * 1024;
    private static final Set<String> TABLES = Set.of("ecc_agent", "ecc_queue", "sys_user", "sys_user_has_role",
            "clone_instance", "sys_dictionary", "sys_choice", "clone_data_preserver", "clone_profile_preservers");
    private static final List<String> USER_CHANGES = List.of("user_password", "active", "locked_out",
            "password_needs_reset");
    private static final Logger log = LoggerFactory.getLogger(SimulatedInstance.class);

    /** An answer: status, body, headers. */
    private record Answer(int status, Object body, Map<String, String> headers) {

        static Answer error(int status, String message, String detail) {
            return new Answer(status, Map.of("error", Map.of("message", message, "detail", detail),
                    "status", "failure"), Map.of());
        }
    }

    private final String name;
    private final Account reader;
    private final Account admin;
    private final Duration downAfter;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, List<Map<String, String>>> tables = new HashMap<>();
    /** Passwords of sys_user, by sys_id. */
    private final Map<String, String> passwords = new HashMap<>();
    /** The last good login of each MID Server, by name. */
    private final Map<String, Instant> lastGoodLogin = new HashMap<>();

    private SimulatedInstance(String name, HttpServer server, Account reader, Account admin, Duration downAfter,
                              Clock clock) {
        this.name = name;
        this.server = server;
        this.reader = reader;
        this.admin = admin;
        this.downAfter = downAfter;
        this.clock = clock;
        TABLES.forEach(table -> tables.put(table, new ArrayList<>()));
        dictionary("source_instance", "Source instance", "reference", "instance");
        dictionary("target_instance", "Target instance", "reference", "instance");
        dictionary("state", "State", "string", "");
        dictionary("completed", "Completed", "glide_date_time", "");
        // the forecast finds the clone's start by this label
        dictionary("scheduled", "Scheduled", "glide_date_time", "");
        // stored capitalised, as the legacy clone table's code stores them
        for (String state : List.of("Requested", "Scheduled", "Active", "Completed", "Canceled", "Hold", "Error")) {
            insert("sys_choice", Map.of("name", "clone_instance", "element", "state", "value", state, "label", state,
                    "language", "en"));
        }
        executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "demo-instance-" + name);
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /**
     * Starts the instance on 127.0.0.1 at that port.
     *
     * @throws IOException when the port is taken
     */
    static SimulatedInstance start(String name, int port, Account reader, Account admin, Duration downAfter,
                                   Clock clock) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        SimulatedInstance instance = new SimulatedInstance(name, server, reader, admin, downAfter, clock);
        server.start();
        return instance;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * A user with the role grants given, as the last clone left it at {@code clonedAt}. Its sys_id is given:
     * production and the test instance share them, the test instance having been cloned from production before.
     */
    synchronized void user(String sysId, String userName, String password, Instant clonedAt, String... roles) {
        Map<String, String> record = new HashMap<>(Map.of("sys_id", sysId, "user_name", userName, "active", "true",
                "locked_out", "false", "password_needs_reset", "false", "web_service_access_only", "false",
                "internal_integration_user", "false", "failed_attempts", "0", "last_login_time", ""));
        record.putAll(Map.of("sys_mod_count", "0", "sys_updated_on", DATE_TIME.format(clonedAt)));
        insert("sys_user", record);
        passwords.put(sysId, password);
        for (String role : roles) {
            grant(sysId, userName, role);
        }
    }

    /** A MID Server in that status; the Down rule watches it from its first login on. */
    synchronized void midServer(String midServer, String userName, String status) {
        String now = DATE_TIME.format(clock.instant());
        insert("ecc_agent", Map.of("name", midServer, "status", status, "user_name", userName,
                "host_name", midServer + ".demo.invalid", "version", "demo", "last_refreshed", now,
                "sys_created_on", now));
    }

    /** The user's password, changed here since the last clone: its record's update count and time move. */
    synchronized void changePassword(String userName, String password) {
        String sysId = sysIdOf(userName);
        passwords.put(sysId, password);
        updated(find("sys_user", sysId));
    }

    /**
     * A clone of this instance onto the target, scheduled to start then, as the clone page records it;
     * returns its sys_id.
     */
    synchronized String scheduleClone(String target, Instant scheduled) {
        return insert("clone_instance", Map.of("state", "Scheduled", "scheduled", DATE_TIME.format(scheduled),
                "completed", "", "source_instance.instance_name", name, "target_instance.instance_name", target,
                "sys_created_on", DATE_TIME.format(clock.instant())));
    }

    /** The clone request ends as completed, now. */
    synchronized void completeClone(String sysId) {
        Map<String, String> clone = find("clone_instance", sysId);
        clone.put("state", "Completed");
        clone.put("completed", DATE_TIME.format(clock.instant()));
    }

    /**
     * What a clone does to the target's users: its {@code sys_user} and {@code sys_user_has_role} become the
     * source's, passwords and sys_ids with them. MidWatch's account and the administrator are kept, as a
     * clone profile's data preservers keep integration accounts.
     */
    void copyUsersFrom(SimulatedInstance source) {
        Map<String, List<Map<String, String>>> users;
        Map<String, String> sourcePasswords;
        synchronized (source) {
            users = Map.of("sys_user", copy(source.tables.get("sys_user")),
                    "sys_user_has_role", copy(source.tables.get("sys_user_has_role")));
            sourcePasswords = new HashMap<>(source.passwords);
        }
        synchronized (this) {
            tables.putAll(users);
            passwords.clear();
            passwords.putAll(sourcePasswords);
        }
    }

    /** The sys_id of the user of that name. */
    synchronized String sysIdOf(String userName) {
        return tables.get("sys_user").stream().filter(user -> user.get("user_name").equals(userName))
                .map(user -> user.get("sys_id")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no user " + userName + " on " + name));
    }

    static String newSysId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Answer answer;
            try {
                answer = answer(exchange);
            } catch (RuntimeException e) {
                log.warn("Demo instance {}: {} {} failed", name, exchange.getRequestMethod(),
                        exchange.getRequestURI().getPath(), e);
                answer = Answer.error(500, "Internal server error", "see the demo's log");
            }
            byte[] bytes = json.writeValueAsBytes(answer.body());
            exchange.getResponseHeaders().add("Content-Type", "application/json;charset=UTF-8");
            answer.headers().forEach((header, value) -> exchange.getResponseHeaders().add(header, value));
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private Answer answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!path.startsWith(TABLE_PATH)) {
            return Answer.error(400, "Requested URI does not represent any resource", path);
        }
        String[] parts = path.substring(TABLE_PATH.length()).split("/", -1);
        String table = parts[0];
        String sysId = parts.length == 2 ? parts[1] : null;
        if (parts.length > 2 || !TABLES.contains(table)) {
            return Answer.error(400, "Invalid table " + TextRules.printable(table, 80), path);
        }
        String method = exchange.getRequestMethod();
        Map<String, String> params;
        try {
            params = params(exchange.getRequestURI().getRawQuery());
        } catch (IllegalArgumentException e) {
            return Answer.error(400, "Invalid query", "the query string is not URL-encoded");
        }
        Account caller = account(exchange.getRequestHeaders().getFirst("Authorization"));
        byte[] body = "GET".equals(method) ? new byte[0] : body(exchange.getRequestBody());
        synchronized (this) {
            setSilentMidServersDown();
            boolean known = caller != null && (same(caller, reader) || same(caller, admin));
            if (!known && "GET".equals(method) && sysId == null && "ecc_queue".equals(table)) {
                return midServerLogin(caller, params.getOrDefault("sysparm_query", ""));
            }
            if (!known) {
                return Answer.error(401, "User Not Authenticated", "Required to provide Auth information");
            }
            if ("GET".equals(method) && sysId == null) {
                return read(table, params);
            }
            boolean change = "PUT".equals(method) && "sys_user".equals(table) && sysId != null
                    || "POST".equals(method) && "sys_user_has_role".equals(table) && sysId == null;
            if (!change) {
                return Answer.error(405, "Method not Supported", method + " " + path);
            }
            if (!same(caller, admin)) {
                return Answer.error(403, "Insufficient rights to update records",
                        "User " + caller.user() + " may only read");
            }
            if (body == null) {
                return Answer.error(400, "Invalid request", "the body is longer than " + MAX_BODY + " bytes");
            }
            JsonNode changes;
            try {
                changes = json.readTree(body);
            } catch (JsonProcessingException e) {
                return Answer.error(400, "Exception while reading request", "the body is no JSON object");
            }
            if (changes == null || !changes.isObject()) {
                return Answer.error(400, "Exception while reading request", "the body is no JSON object");
            }
            return "sys_user".equals(table) ? changeUser(sysId, changes) : grantRole(changes);
        }
    }

    /** A MID Server polling its ECC queue: the login the instance judges it by. */
    private Answer midServerLogin(Account caller, String query) {
        if (caller == null) {
            return Answer.error(401, "User Not Authenticated", "Required to provide Auth information");
        }
        Map<String, String> user = tables.get("sys_user").stream()
                .filter(record -> record.get("user_name").equals(caller.user())).findFirst().orElse(null);
        if (user == null || !"true".equals(user.get("active")) || "true".equals(user.get("locked_out"))
                || "true".equals(user.get("password_needs_reset"))) {
            return Answer.error(401, "User Not Authenticated", "Required to provide Auth information");
        }
        if (!same(caller, new Account(caller.user(), passwords.get(user.get("sys_id"))))) {
            user.put("failed_attempts", Integer.toString(Integer.parseInt(user.get("failed_attempts")) + 1));
            return Answer.error(401, "User Not Authenticated", "Required to provide Auth information");
        }
        List<String> roles = tables.get("sys_user_has_role").stream()
                .filter(grant -> grant.get("user").equals(user.get("sys_id")) && "active".equals(grant.get("state")))
                .map(grant -> grant.get("role.name")).toList();
        if (!roles.contains("mid_server")) {
            return Answer.error(403, "Insufficient rights to query records",
                    "User " + caller.user() + " does not have the role mid_server");
        }
        Instant now = clock.instant();
        user.put("last_login_time", DATE_TIME.format(now));
        user.put("failed_attempts", "0");
        String agent = query.startsWith("agent=mid.server.") ? query.substring(17).split("\\^")[0] : null;
        tables.get("ecc_agent").stream()
                .filter(midServer -> midServer.get("name").equals(agent)
                        && midServer.get("user_name").equals(caller.user()))
                .forEach(midServer -> {
                    lastGoodLogin.put(agent, now);
                    midServer.put("last_refreshed", DATE_TIME.format(now));
                    if ("Down".equals(midServer.get("status"))) {
                        midServer.put("status", "Up");
                        log.info("Demo instance {}: MID Server {} logged in as {}: set Up", name, agent,
                                caller.user());
                    }
                });
        return new Answer(200, Map.of("result", List.of()), Map.of());
    }

    private void setSilentMidServersDown() {
        Instant limit = clock.instant().minus(downAfter);
        for (Map<String, String> midServer : tables.get("ecc_agent")) {
            Instant last = lastGoodLogin.get(midServer.get("name"));
            if ("Up".equals(midServer.get("status")) && last != null && last.isBefore(limit)) {
                midServer.put("status", "Down");
                log.info("Demo instance {}: MID Server {} set Down: no good login for {} s", name,
                        midServer.get("name"), downAfter.toSeconds());
            }
        }
    }

    private Answer read(String table, Map<String, String> params) {
        List<Map<String, String>> matching;
        int limit;
        int offset;
        try {
            matching = EncodedQuery.select(tables.get(table), params.getOrDefault("sysparm_query", ""));
            limit = Integer.parseInt(params.getOrDefault("sysparm_limit", "10000"));
            offset = Integer.parseInt(params.getOrDefault("sysparm_offset", "0"));
        } catch (IllegalArgumentException e) {
            return Answer.error(400, "Invalid query", e.getMessage());
        }
        if (limit < 1 || offset < 0) {
            return Answer.error(400, "Invalid query", "sysparm_limit must be positive, sysparm_offset not negative");
        }
        List<String> fields = params.containsKey("sysparm_fields")
                ? List.of(params.get("sysparm_fields").split(",")) : null;
        var page = new ArrayList<Map<String, String>>();
        for (Map<String, String> record : matching.subList(Math.min(offset, matching.size()),
                (int) Math.min((long) offset + limit, matching.size()))) {
            Map<String, String> shown = new LinkedHashMap<>();
            (fields == null ? record.keySet() : fields).forEach(field -> shown.put(field, record.getOrDefault(field, "")));
            page.add(shown);
        }
        return new Answer(200, Map.of("result", page), Map.of("X-Total-Count", Integer.toString(matching.size())));
    }

    private Answer changeUser(String sysId, JsonNode changes) {
        Map<String, String> user = tables.get("sys_user").stream().filter(record -> record.get("sys_id").equals(sysId))
                .findFirst().orElse(null);
        if (user == null) {
            return Answer.error(404, "No Record found", "Record doesn't exist or ACL restricts the record retrieval");
        }
        var fields = new ArrayList<String>();
        changes.fieldNames().forEachRemaining(fields::add);
        if (fields.isEmpty() || !USER_CHANGES.containsAll(fields)) {
            return Answer.error(400, "Invalid request", "the demo's instance changes " + USER_CHANGES + " of a user");
        }
        JsonNode password = changes.get("user_password");
        if (password != null && (!password.isTextual() || password.asText().isEmpty()
                || password.asText().length() > 255 || TextRules.hasControlCharacter(password.asText()))) {
            return Answer.error(400, "Invalid request", "user_password must be text of 1 to 255 characters");
        }
        for (String flag : List.of("active", "locked_out", "password_needs_reset")) {
            JsonNode value = changes.get(flag);
            if (value != null && !value.isBoolean() && !value.asText().matches("true|false")) {
                return Answer.error(400, "Invalid request", flag + " must be true or false");
            }
        }
        for (String flag : List.of("active", "locked_out", "password_needs_reset")) {
            if (changes.has(flag)) {
                user.put(flag, changes.get(flag).asText());
            }
        }
        if (password != null) {
            passwords.put(sysId, password.asText());
        }
        updated(user);
        log.info("Demo instance {}: the administrator changed {} of user {}", name, fields, user.get("user_name"));
        return new Answer(200, Map.of("result", user), Map.of());
    }

    private Answer grantRole(JsonNode grant) {
        String userRef = grant.path("user").asText("");
        String role = grant.path("role").asText("");
        Map<String, String> user = tables.get("sys_user").stream()
                .filter(record -> record.get("sys_id").equals(userRef) || record.get("user_name").equals(userRef))
                .findFirst().orElse(null);
        if (user == null || !role.matches("[a-z0-9_.]{1,100}")) {
            return Answer.error(400, "Invalid request", "give \"user\" (a sys_id or user name of sys_user) and "
                    + "\"role\" (a role name)");
        }
        String id = grant(user.get("sys_id"), user.get("user_name"), role);
        log.info("Demo instance {}: the administrator granted role {} to user {}", name, role, user.get("user_name"));
        return new Answer(201, Map.of("result", find("sys_user_has_role", id)), Map.of());
    }

    private String grant(String userSysId, String userName, String role) {
        return insert("sys_user_has_role", Map.of("user", userSysId, "user.user_name", userName, "role.name", role,
                "state", "active", "inherited", "false"));
    }

    /** What the platform does to a record at each update. */
    private void updated(Map<String, String> record) {
        record.put("sys_mod_count", Integer.toString(Integer.parseInt(record.get("sys_mod_count")) + 1));
        record.put("sys_updated_on", DATE_TIME.format(clock.instant()));
    }

    private void dictionary(String element, String label, String internalType, String reference) {
        insert("sys_dictionary", Map.of("name", "clone_instance", "element", element, "column_label", label,
                "internal_type", internalType, "reference", reference));
    }

    private String insert(String table, Map<String, String> values) {
        Map<String, String> record = new HashMap<>(values);
        record.putIfAbsent("sys_id", newSysId());
        tables.get(table).add(record);
        return record.get("sys_id");
    }

    private Map<String, String> find(String table, String sysId) {
        return tables.get(table).stream().filter(record -> record.get("sys_id").equals(sysId)).findFirst()
                .orElseThrow();
    }

    private static List<Map<String, String>> copy(List<Map<String, String>> records) {
        return new ArrayList<>(records.stream().<Map<String, String>>map(HashMap::new).toList());
    }

    /** The caller's Basic credentials, or null. */
    private static Account account(String authorization) {
        if (authorization == null || !authorization.startsWith("Basic ")) {
            return null;
        }
        String credentials;
        try {
            credentials = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        int colon = credentials.indexOf(':');
        return colon < 1 ? null : new Account(credentials.substring(0, colon), credentials.substring(colon + 1));
    }

    /** Compared in constant time, so that the answer's timing says nothing about the password. */
    private static boolean same(Account caller, Account known) {
        return known.password() != null && caller.user().equals(known.user())
                && MessageDigest.isEqual(caller.password().getBytes(StandardCharsets.UTF_8),
                known.password().getBytes(StandardCharsets.UTF_8));
    }

    /** The body, or null when it is longer than the instance takes. */
    private static byte[] body(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY + 1);
        return bytes.length > MAX_BODY ? null : bytes;
    }

    private static Map<String, String> params(String rawQuery) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : rawQuery == null ? new String[0] : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }
}
