package io.meterreader.api;

import io.meterreader.config.CameraProperties;
import io.meterreader.config.Cameras;
import io.meterreader.pipeline.LiveState;
import io.meterreader.pipeline.SnapshotRenderer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/cameras")
@Tag(name = "cameras")
class CameraController {

    private final Cameras cameras;
    private final LiveState live;
    private final SnapshotImages images = new SnapshotImages();

    CameraController(Cameras cameras, LiveState live) {
        this.cameras = cameras;
        this.live = live;
    }

    @GetMapping
    @Operation(summary = "Every camera in force (the configuration's, then the cameras file's) with its state and counters; URLs masked")
    List<CameraView> cameras() {
        return cameras.all().stream().map(c -> view(c)).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One camera with its state and counters; URL masked")
    CameraView camera(@PathVariable String id) {
        CameraProperties camera = cameras.camera(id).orElseThrow(() -> new NotFoundException("camera", id));
        return view(camera);
    }

    private CameraView view(CameraProperties camera) {
        return CameraView.of(camera, live.camera(camera.id()), live.cameraWarning(camera.id()).orElse(null));
    }

    @GetMapping(value = "/{id}/snapshot", produces = MediaType.IMAGE_JPEG_VALUE)
    @Operation(summary = "The camera's latest read frame as JPEG, with boxes, meter ids, values and statuses drawn"
            + " (X-Capture-Time and Last-Modified say when it was captured);"
            + " annotated=false gives the frame as the camera delivered it (to check a calibration with POST /api/v1/read);"
            + " width scales the annotated one down, for a tile")
    ResponseEntity<byte[]> snapshot(@PathVariable String id,
                                    @RequestParam(defaultValue = "true") boolean annotated,
                                    @Parameter(description = "any value, ignored: a page's way past its browser's "
                                            + "cache of the last picture")
                                    @RequestParam(name = "t", required = false) String cacheBuster,
                                    @Parameter(description = "at most this many pixels across, the annotated frame "
                                            + "scaled down (16 or more; a dashboard tile's width)")
                                    @RequestParam(required = false) Integer width) {
        cameras.camera(id).orElseThrow(() -> new NotFoundException("camera", id));
        if (width != null && (width < 16 || !annotated)) {
            throw new BadRequestException("width", width < 16 ? "width must be 16 pixels or more, got " + width
                    : "width scales the annotated frame; annotated=false gives the frame as delivered, whole");
        }
        var snapshot = live.snapshot(id).orElseThrow(() -> new NotFoundException("snapshot", id,
                "Camera '" + id + "' has not delivered a frame yet"));
        byte[] jpeg = images.jpeg(id + (annotated ? " annotated " + width : " as delivered"), snapshot,
                () -> !annotated ? SnapshotRenderer.rawJpeg(snapshot, 0.95f) : width == null
                        ? SnapshotRenderer.jpeg(snapshot, 0.85f) : SnapshotRenderer.jpeg(snapshot, 0.85f, width));
        // a camera that went down leaves its last frame, with the values read then: when it was captured
        Instant captured = snapshot.frame().captureTime();
        return ResponseEntity.ok().contentType(MediaType.IMAGE_JPEG).cacheControl(CacheControl.noStore())
                .lastModified(captured).header(MeterController.CAPTURE_TIME, captured.toString()).body(jpeg);
    }
}
