package io.meterreader.api;

import io.meterreader.config.Calibrations;
import io.meterreader.config.MeterCalibration;
import io.meterreader.pipeline.LiveState;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/meters")
@Tag(name = "meters")
class MeterController {

    private final Calibrations calibrations;
    private final LiveState live;

    MeterController(Calibrations calibrations, LiveState live) {
        this.calibrations = calibrations;
        this.live = live;
    }

    @GetMapping
    @Operation(summary = "Every calibrated meter with its latest reading")
    List<MeterView> meters() {
        return calibrations.all().stream().map(this::view).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One meter: its calibration and latest reading")
    MeterView meter(@PathVariable String id) {
        return view(calibrations.meter(id).orElseThrow(() -> new NotFoundException("meter", id)));
    }

    private MeterView view(MeterCalibration m) {
        return MeterView.of(m, live.latestReading(m.id()).orElse(null));
    }
}
