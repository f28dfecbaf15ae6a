package io.midwatch.midserver;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

import io.midwatch.platform.TextRules;

@RestController
@RequestMapping("/api/mid-servers")
class MidServerController {

    private final MidServerService midServers;

    MidServerController(MidServerService midServers) {
        this.midServers = midServers;
    }

    @PostMapping
    ResponseEntity<MidServerView> register(@Valid @RequestBody NewMidServer server) {
        MidServer registered = midServers.register(server);
        URI location = URI.create("/api/mid-servers/" + UriUtils.encodePathSegment(registered.name(), "UTF-8"));
        return ResponseEntity.created(location).body(MidServerView.of(registered));
    }

    /** Every MID Server, or those of one instance with {@code ?instance=}. */
    @GetMapping
    List<MidServerView> list(@RequestParam(required = false) String instance) {
        return midServers.list().stream()
                .filter(server -> instance == null || instance.equals(server.instance()))
                .map(MidServerView::of)
                .toList();
    }

    /** Without {@code ?instance=} the MID Server registered through the API; with it, the one of that instance. */
    @GetMapping("/{name}")
    MidServerView get(@PathVariable String name, @RequestParam(required = false) String instance) {
        return MidServerView.of(midServers.get(instance, name));
    }

    @PutMapping("/{name}/status")
    StatusChangeResult changeStatus(@PathVariable String name, @RequestParam(required = false) String instance,
                                    @Valid @RequestBody StatusChangeRequest change) {
        TextRules.requirePathSegmentName("name", name);
        return midServers.changeStatus(instance, name, change.status());
    }
}
