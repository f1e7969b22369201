package io.meterreader.api;

import io.meterreader.config.CalibrationReloader;
import io.meterreader.config.Calibrations;
import io.meterreader.metrics.ServiceHealth;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code calibration} in {@code /actuator/health}: DEGRADED while the last edit of the calibration
 * folder or the cameras file is not in force (the meters are read with the set before it), with
 * the reason {@code GET /api/v1/calibration} gives.
 */
@Component
class CalibrationHealthIndicator implements HealthIndicator {

    private final Calibrations calibrations;
    private final CalibrationReloader reloader;

    CalibrationHealthIndicator(Calibrations calibrations, CalibrationReloader reloader) {
        this.calibrations = calibrations;
        this.reloader = reloader;
    }

    @Override
    public Health health() {
        CalibrationReloader.Status s = reloader.status();
        Health.Builder health = s.error() == null ? Health.up()
                : Health.status(ServiceHealth.DEGRADED).withDetail("problem", s.error());
        return health.withDetail("meters", calibrations.all().size())
                .withDetail("inForceSince", String.valueOf(s.inForceSince()))
                .build();
    }
}
