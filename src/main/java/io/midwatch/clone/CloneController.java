package io.midwatch.clone;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

import io.midwatch.issue.Issue;
import io.midwatch.issue.IssueFilter;
import io.midwatch.issue.IssueService;

@RestController
@RequestMapping("/api/clones")
@Tag(name = "Clones", description = "Instance clones and the evaluation passes they start (R1-R3)")
class CloneController {

    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 1000;

    private final CloneService clones;
    private final IssueService issues;

    CloneController(CloneService clones, IssueService issues) {
        this.clones = clones;
        this.issues = issues;
    }

    /** 201 with the new clone, or 200 with the existing one when its cloneId was sent before (R1). */
    @Operation(operationId = "reportClone",
            summary = "Report an instance clone", description = "Records the clone and starts its check: "
            + "the pre-clone MID Servers are evaluated 15 and 75 minutes after completedAt (R1-R3)")
    @ApiResponse(responseCode = "201", description = "The clone, recorded now, and its check started",
            headers = @Header(name = "Location", description = "The clone's path", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "200", description = "A clone with this cloneId was reported before: that clone, "
            + "nothing started again")
    @ApiResponse(responseCode = "422", description = "completedAt is in the future")
    @PostMapping
    ResponseEntity<CloneView> receive(@Valid @RequestBody CloneEvent event) {
        CloneService.Received received = clones.receive(event);
        if (!received.created()) {
            return ResponseEntity.ok(view(received.instanceClone()));
        }
        // a clone just received has raised no issue yet: no need to look for any
        CloneView view = CloneView.of(received.instanceClone(), List.of());
        URI location = URI.create("/api/clones/" + UriUtils.encodePathSegment(view.cloneId(), "UTF-8"));
        return ResponseEntity.created(location).body(view);
    }

    @Operation(operationId = "listClones",
            summary = "Clones, newest completedAt first, each with the issues it raised",
            description = "A page of at most limit clones; when the page is full, the Link header names the next")
    @ApiResponse(responseCode = "200", description = "The page of clones", headers = @Header(name = "Link",
            description = "rel=\"next\": the next page, when this one is full", schema = @Schema(type = "string")))
    @GetMapping
    ResponseEntity<List<CloneView>> list(
            @Parameter(description = "clones per page, 1 to " + MAX_PAGE, example = "100")
            @RequestParam(defaultValue = "" + DEFAULT_PAGE) int limit,
            @Parameter(description = "the cloneId of the last clone of the page before", example = "prod-to-test-42")
            @RequestParam(required = false) String before) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE + ", got " + limit);
        }
        List<InstanceClone> page = clones.page(limit, before);
        Map<String, List<Issue>> issuesByClone = issues.ofClones(page.stream().map(InstanceClone::cloneId).toList());
        List<CloneView> views = page.stream()
                .map(clone -> CloneView.of(clone, issuesByClone.getOrDefault(clone.cloneId(), List.of())))
                .toList();
        var answer = ResponseEntity.ok();
        if (page.size() == limit) {
            String next = UriComponentsBuilder.fromPath("/api/clones").queryParam("limit", limit)
                    .queryParam("before", page.get(page.size() - 1).cloneId()).encode().toUriString();
            answer.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
        }
        return answer.body(views);
    }

    @Operation(operationId = "getClone", summary = "One clone, its passes and the issues it raised")
    @ApiResponse(responseCode = "200", description = "The clone")
    @ApiResponse(responseCode = "404", description = "No clone with this cloneId")
    @GetMapping("/{cloneId}")
    CloneView get(@Parameter(example = "prod-to-test-42") @PathVariable String cloneId) {
        return view(clones.get(cloneId));
    }

    private CloneView view(InstanceClone clone) {
        return CloneView.of(clone, issues.search(IssueFilter.ofClone(clone.cloneId())));
    }
}
