package io.meterreader.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The live pipeline.
 *
 * @param enabled    start the cameras and the inference stage (default true); false serves only
 *                   the API and offline reads
 * @param queueSlots frames waiting for inference, at most one per camera; more cameras than this
 *                   share the slots (0 = one per camera, the default)
 */
public record PipelineProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("0") @Min(0) @Max(10_000) int queueSlots) {
}
