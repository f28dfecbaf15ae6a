package io.midwatch.midserver;

import java.net.URI;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "MID Servers", description = "MID Servers registered through the API or read from a ServiceNow instance")
class MidServerController {

    private final MidServerService midServers;

    MidServerController(MidServerService midServers) {
        this.midServers = midServers;
    }

    @Operation(operationId = "registerMidServer",
            summary = "Register a MID Server", description = "Its status is Up unless the body says otherwise")
    @ApiResponse(responseCode = "201", description = "The MID Server",
            headers = @Header(name = "Location", description = "The MID Server's path",
                    schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "409", description = "A MID Server of this name exists")
    @PostMapping
    ResponseEntity<MidServerView> register(@Valid @RequestBody NewMidServer server) {
        MidServer registered = midServers.register(server);
        URI location = URI.create("/api/mid-servers/" + UriUtils.encodePathSegment(registered.name(), "UTF-8"));
        return ResponseEntity.created(location).body(MidServerView.of(registered));
    }

    /** Every MID Server, or those of one instance with {@code ?instance=}. */
    @Operation(operationId = "listMidServers",
            summary = "MID Servers by name", description = "With instance: only those read from that instance")
    @GetMapping
    List<MidServerView> list(@Parameter(description = "A ServiceNow instance's name")
                             @RequestParam(required = false) String instance) {
        return midServers.list(instance).stream()
                .map(MidServerView::of)
                .toList();
    }

    /** Without {@code ?instance=} the MID Server registered through the API; with it, the one of that instance. */
    @Operation(operationId = "getMidServer", summary = "One MID Server",
            description = "Without instance: the one registered through the API")
    @ApiResponse(responseCode = "200", description = "The MID Server")
    @ApiResponse(responseCode = "404", description = "No such MID Server")
    @GetMapping("/{name}")
    MidServerView get(@Parameter(example = "mid-1") @PathVariable String name,
                      @Parameter(description = "The ServiceNow instance the MID Server was read from")
                      @RequestParam(required = false) String instance) {
        return MidServerView.of(midServers.get(instance, name));
    }

    @Operation(operationId = "changeMidServerStatus",
            summary = "Set a MID Server's status", description = "Down to Up resolves the MID Server's open "
            + "clone issues in the same transaction (R7); the answer names them")
    @ApiResponse(responseCode = "200", description = "The status before and now, and the issues resolved")
    @ApiResponse(responseCode = "404", description = "No such MID Server")
    @ApiResponse(responseCode = "409", description = "An open issue has no process waiting for its MID Server to "
            + "come Up, the change kept colliding with concurrent changes, or the MID Server is an instance's, "
            + "whose status comes from there")
    @PutMapping("/{name}/status")
    StatusChangeResult changeStatus(@Parameter(example = "mid-1") @PathVariable String name,
                                    @Parameter(description = "The ServiceNow instance the MID Server was read from")
                                    @RequestParam(required = false) String instance,
                                    @Valid @RequestBody StatusChangeRequest change) {
        TextRules.requirePathSegmentName("name", name);
        return midServers.changeStatus(instance, name, change.status());
    }
}
