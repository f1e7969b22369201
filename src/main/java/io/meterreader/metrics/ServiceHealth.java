package io.meterreader.metrics;

import org.springframework.boot.health.contributor.Status;

/**
 * What {@code /actuator/health} says beyond Spring's UP and DOWN. A part of the service that is
 * away without stopping the readings (a camera reconnecting, the history database or the MQTT
 * broker gone, a calibration edit not in force) is DEGRADED: the whole is DEGRADED too, answered
 * with 200, so that an orchestrator watching the health does not restart a service that is
 * reading, while a person or a monitoring system still sees what is wrong. DOWN (503) is kept for
 * what a restart could mend: inference workers that died or stopped taking frames.
 */
public final class ServiceHealth {

    /** Ordered between DOWN and UP ({@code management.endpoint.health.status.order}). */
    public static final Status DEGRADED = new Status("DEGRADED");

    private ServiceHealth() {
    }
}
