package io.meterreader.api;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.meterreader.config.CalibrationReloader;
import io.meterreader.config.Calibrations;
import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.GaugeType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.mockito.BDDMockito.given;

@WebMvcTest(CalibrationController.class)
@Import(CalibrationControllerTest.Meters.class)
class CalibrationControllerTest {

    @TestConfiguration
    static class Meters {
        @Bean
        Calibrations calibrations() {
            return new Calibrations(List.of(new MeterCalibration("boiler", "cam1", GaugeType.POINTER,
                    new MeterCalibration.Region(1, 2, 30, 40), new MeterCalibration.Range(0, 1.6, "MPa"), List.of(),
                    null, 1, null, 0.5, null, "boiler.yaml")));
        }
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    CalibrationReloader reloader;

    @Test
    void status_saysWhatIsInForce_andWhyAnEditIsNot() throws Exception {
        given(reloader.status()).willReturn(new CalibrationReloader.Status(Path.of("calibration"), null, Duration.ofSeconds(5),
                Instant.parse("2026-12-05T18:00:00Z"), "calibration/boiler.yaml: range.min must be less than range.max",
                List.of("Calibration folder calibration: its subfolder east holds 2 calibration file(s), which are not read")));

        mvc.perform(get("/api/v1/calibration"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.dir").value("calibration"))
                .andExpect(jsonPath("$.reloadEvery").value("PT5S"))
                .andExpect(jsonPath("$.camerasFile").doesNotExist())
                .andExpect(jsonPath("$.meters").value(1))
                .andExpect(jsonPath("$.inForceSince").value("2026-12-05T18:00:00Z"))
                .andExpect(jsonPath("$.error").value("calibration/boiler.yaml: range.min must be less than range.max"))
                .andExpect(jsonPath("$.warnings[0]").value(
                        "Calibration folder calibration: its subfolder east holds 2 calibration file(s), which are not read"))
                .andExpect(jsonPath("$.edits").value(false));
    }

    @Test
    void status_hasNoErrorWhenTheFolderIsInForce() throws Exception {
        given(reloader.status()).willReturn(new CalibrationReloader.Status(Path.of("calibration"), Path.of("cameras.yaml"), Duration.ZERO,
                Instant.parse("2026-12-05T18:00:00Z"), null, List.of()));

        mvc.perform(get("/api/v1/calibration"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.reloadEvery").value("PT0S"))
                .andExpect(jsonPath("$.camerasFile").value("cameras.yaml"))
                .andExpect(jsonPath("$.error").doesNotExist())
                .andExpect(jsonPath("$.warnings").isEmpty());
    }
}
