package io.midwatch.servicenow;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.midwatch.clone.CloneService;
import io.midwatch.midserver.MidServerRepository;
import io.midwatch.platform.NotFoundException;

/** The configured ServiceNow instances and how their polling goes; no secret is ever part of an answer. */
@RestController
@RequestMapping("/api/instances")
@Tag(name = "ServiceNow instances", description = "The instances MidWatch polls for MID Servers and clones")
class InstanceController {

    /**
     * An instance as the API shows it: {@code midServers} it lists, and {@code skippedMidServers} it lists that
     * MidWatch could not take over at the last good poll (the log names them).
     */
    record InstanceView(String name, String url, String user, long pollIntervalSeconds, InstanceState state,
                        Instant lastPollAt, Instant lastSuccessfulPollAt, String lastError, Instant lastErrorAt,
                        Instant nextPollAt, long midServers, int skippedMidServers, long clonesSeen) {
    }

    private final ServiceNowProperties properties;
    private final InstancePollRepository polls;
    private final MidServerRepository midServers;
    private final CloneService clones;
    private final InstancePoller poller;

    InstanceController(ServiceNowProperties properties, InstancePollRepository polls, MidServerRepository midServers,
                       CloneService clones, InstancePoller poller) {
        this.properties = properties;
        this.polls = polls;
        this.midServers = midServers;
        this.clones = clones;
        this.poller = poller;
    }

    @Operation(operationId = "listInstances", summary = "The configured instances and how their polling goes")
    @GetMapping
    List<InstanceView> list() {
        if (properties.instances().isEmpty()) {
            return List.of();
        }
        Map<String, InstancePollRepository.Row> rows = polls.findAll().stream()
                .collect(Collectors.toMap(InstancePollRepository.Row::name, Function.identity()));
        Map<String, Long> counts = midServers.countPerInstance();
        Map<String, Long> cloneCounts = clones.countPerTarget(
                properties.instances().stream().map(ServiceNowProperties.Instance::name).toList());
        return properties.instances().stream()
                .map(instance -> view(instance, rows.get(instance.name()), counts, cloneCounts))
                .toList();
    }

    @Operation(operationId = "getInstance", summary = "One configured instance")
    @ApiResponse(responseCode = "200", description = "The instance")
    @ApiResponse(responseCode = "404", description = "No instance of this name is configured")
    @GetMapping("/{name}")
    InstanceView get(@PathVariable String name) {
        InstancePoller.configured(properties, name);
        return list().stream().filter(view -> view.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * The user facts the credential diagnosis needs (R11), read from the instance now: whether the user
     * exists, is active, is locked out, must reset its password, its active roles, and the facts shown beside
     * them (web service access only, internal integration user, failed attempts, last login). Its password
     * cannot be read.
     */
    @Operation(operationId = "getInstanceUser", summary = "A user as the instance has it now (R11)")
    @ApiResponse(responseCode = "200", description = "Whether the user is active, locked out, must reset its "
            + "password, its active roles and other login facts")
    @ApiResponse(responseCode = "404", description = "No instance of this name is configured, or it has no such user")
    @ApiResponse(responseCode = "502", description = "The instance did not answer as asked")
    @ApiResponse(responseCode = "503", description = "The instance's rate limit holds MidWatch back: ask again "
            + "after Retry-After")
    @GetMapping("/{name}/users/{userName}")
    InstancePoller.InstanceUser user(@PathVariable String name, @PathVariable String userName)
            throws TableApiException, InterruptedException {
        InstancePoller.InstanceUser user = poller.user(name, userName);
        if (user == null) {
            throw new NotFoundException("Instance " + name + " has no user '" + userName + "'");
        }
        return user;
    }

    /**
     * The instance did not answer as asked: MidWatch, as a gateway, says why. Its rate limit is no failure:
     * 503 with the instance's {@code Retry-After}, so that the caller asks again then, not sooner.
     */
    @ExceptionHandler(TableApiException.class)
    ResponseEntity<ProblemDetail> instanceFailed(TableApiException e) {
        if (e.kind() == TableApiException.Kind.RATE_LIMITED) {
            long seconds = TableApiClient.seconds(e.retryAfter() != null ? e.retryAfter()
                    : RetryAfterGate.WITHOUT_RETRY_AFTER);
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "The instance's rate limit holds MidWatch back; ask again in " + seconds + " s: "
                            + e.getMessage());
            problem.setTitle(HttpStatus.SERVICE_UNAVAILABLE.getReasonPhrase());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds)).body(problem);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY,
                "The instance did not answer: " + e.getMessage());
        problem.setTitle(HttpStatus.BAD_GATEWAY.getReasonPhrase());
        return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(problem);
    }

    private static InstanceView view(ServiceNowProperties.Instance instance, InstancePollRepository.Row row,
                                     Map<String, Long> midServers, Map<String, Long> clones) {
        return new InstanceView(instance.name(), instance.url().toString(), instance.account(),
                instance.pollInterval().toSeconds(),
                row == null ? InstanceState.NEW : row.state(), row == null ? null : row.lastPollAt(),
                row == null ? null : row.lastSuccessAt(), row == null ? null : row.lastError(),
                row == null ? null : row.lastErrorAt(), row == null ? null : row.nextPollAt(),
                midServers.getOrDefault(instance.name(), 0L), row == null ? 0 : row.skippedMidServers(),
                clones.getOrDefault(instance.name(), 0L));
    }
}
