package io.midwatch.issue;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.midwatch.midserver.MidServerService;

@RestController
@Tag(name = "Issues", description = "MID Server issues: logged after a clone, resolved when the MID Server comes Up")
class IssueController {

    private final IssueService issues;
    private final MidServerService midServers;

    IssueController(IssueService issues, MidServerService midServers) {
        this.issues = issues;
        this.midServers = midServers;
    }

    @Operation(operationId = "searchIssues",
            summary = "Issues, newest first", description = "Every filter left out matches any value")
    @ApiResponse(responseCode = "200", description = "The issues that match every filter given")
    @ApiResponse(responseCode = "400", description = "An unknown state")
    @GetMapping("/api/issues")
    List<Issue> search(@Parameter(description = "New, Acknowledged or Resolved", example = "New")
                       @RequestParam(required = false) String state,
                       @Parameter(example = Issue.SOURCE_INSTANCE_CLONE) @RequestParam(required = false) String source,
                       @Parameter(description = "The MID Server's name", example = "mid-1")
                       @RequestParam(required = false) String midServer,
                       @Parameter(description = "The clone that raised the issue")
                       @RequestParam(required = false) String cloneId,
                       @Parameter(description = "The ServiceNow instance of the issue's MID Server")
                       @RequestParam(required = false) String instance) {
        return issues.search(new IssueFilter(state == null ? null : IssueState.fromLabel(state), source, midServer,
                cloneId, instance));
    }

    @Operation(operationId = "getIssue", summary = "One issue")
    @ApiResponse(responseCode = "200", description = "The issue")
    @ApiResponse(responseCode = "400", description = "The id is not a UUID")
    @ApiResponse(responseCode = "404", description = "No issue with this id")
    @GetMapping("/api/issues/{id}")
    Issue get(@PathVariable UUID id) {
        return issues.get(id);
    }

    @Operation(operationId = "changeIssueState",
            summary = "Acknowledge an issue, or resolve it by hand", description = "New to Acknowledged, or "
            + "anything to Resolved; the state it has already: nothing changes")
    @ApiResponse(responseCode = "200", description = "The issue as it is now")
    @ApiResponse(responseCode = "404", description = "No issue with this id")
    @ApiResponse(responseCode = "409", description = "The issue has no process waiting for the change, or the "
            + "change kept colliding with concurrent changes of its process")
    @ApiResponse(responseCode = "422", description = "A move the states do not allow: back to New, or Resolved to "
            + "Acknowledged")
    @PatchMapping("/api/issues/{id}")
    Issue changeState(@PathVariable UUID id, @Valid @RequestBody StateChange change) {
        return issues.changeState(id, change.state());
    }

    /** The related list of a MID Server's record (R9). */
    @Operation(operationId = "listMidServerIssues", summary = "The issues of one MID Server (R9)", tags = "MID Servers")
    @ApiResponse(responseCode = "200", description = "Its issues, newest first")
    @ApiResponse(responseCode = "404", description = "No such MID Server")
    @GetMapping("/api/mid-servers/{name}/issues")
    List<Issue> ofMidServer(@Parameter(example = "mid-1") @PathVariable String name,
                            @Parameter(description = "The ServiceNow instance the MID Server was read from")
                            @RequestParam(required = false) String instance) {
        return issues.ofMidServer(midServers.get(instance, name).id());
    }
}
