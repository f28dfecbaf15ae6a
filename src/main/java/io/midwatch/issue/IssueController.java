package io.midwatch.issue;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.midwatch.midserver.MidServerService;

@RestController
class IssueController {

    private final IssueService issues;
    private final MidServerService midServers;

    IssueController(IssueService issues, MidServerService midServers) {
        this.issues = issues;
        this.midServers = midServers;
    }

    @GetMapping("/api/issues")
    List<Issue> search(@RequestParam(required = false) String state, @RequestParam(required = false) String source,
                       @RequestParam(required = false) String midServer, @RequestParam(required = false) String cloneId,
                       @RequestParam(required = false) String instance) {
        return issues.search(new IssueFilter(state == null ? null : IssueState.fromLabel(state), source, midServer,
                cloneId, instance));
    }

    @GetMapping("/api/issues/{id}")
    Issue get(@PathVariable UUID id) {
        return issues.get(id);
    }

    @PatchMapping("/api/issues/{id}")
    Issue changeState(@PathVariable UUID id, @Valid @RequestBody StateChange change) {
        return issues.changeState(id, change.state());
    }

    /** The related list of a MID Server's record (R9). */
    @GetMapping("/api/mid-servers/{name}/issues")
    List<Issue> ofMidServer(@PathVariable String name, @RequestParam(required = false) String instance) {
        return issues.ofMidServer(midServers.get(instance, name).id());
    }
}
