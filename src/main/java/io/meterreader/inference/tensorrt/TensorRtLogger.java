package io.meterreader.inference.tensorrt;

import org.bytedeco.tensorrt.nvinfer.ILogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TensorRT's log callback, into SLF4J. One instance lives for the process: TensorRT keeps the
 * pointer, so it must never be garbage-collected.
 */
final class TensorRtLogger extends ILogger {

    static final TensorRtLogger INSTANCE = new TensorRtLogger();

    private static final Logger log = LoggerFactory.getLogger("io.meterreader.inference.tensorrt.TensorRT");

    private TensorRtLogger() {
    }

    @Override
    public void log(Severity severity, String message) {
        int v = severity.value;
        if (v <= Severity.kERROR.value) {
            log.error(message);
        } else if (v == Severity.kWARNING.value) {
            log.warn(message);
        } else if (v == Severity.kINFO.value) {
            log.debug(message);
        } else {
            log.trace(message);
        }
    }
}
