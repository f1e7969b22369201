package io.meterreader.config;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The live pipeline. Its queue holds at most the latest frame of each camera (a newer frame
 * replaces a waiting one, and the drop is counted), so it needs no size.
 *
 * @param enabled start the cameras and the inference stage (default true); false serves only
 *                the API and offline reads
 */
public record PipelineProperties(@DefaultValue("true") boolean enabled) {
}
