package io.meterreader.inference;

import io.meterreader.config.ConfigurationException;
import io.meterreader.config.InferenceBackend;
import io.meterreader.config.InferenceProperties;
import io.meterreader.inference.onnx.OnnxRuntimeRunner;
import io.meterreader.inference.tensorrt.TensorRtAvailability;
import io.meterreader.inference.tensorrt.TensorRtRunner;
import io.meterreader.inference.yolo.ModelShapeException;
import io.meterreader.inference.yolo.YoloTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the detector and the segmenter on the configured backend. With {@code auto}, TensorRT
 * when CUDA and TensorRT load and a device answers, otherwise ONNX Runtime; a TensorRT start-up
 * failure under {@code auto} also falls back to ONNX Runtime, and the reason says so.
 *
 * <p>Configuration mistakes (a missing model file, a model of the wrong shape, {@code tensorrt}
 * asked for where it cannot run) throw {@link ConfigurationException} naming the property.
 */
public final class InferenceBackends {

    private static final Logger log = LoggerFactory.getLogger(InferenceBackends.class);

    static final String DETECTOR_PROPERTY = "meter-reader.inference.detector";
    static final String SEGMENTER_PROPERTY = "meter-reader.inference.segmenter";
    static final String BACKEND_PROPERTY = "meter-reader.inference.backend";

    private InferenceBackends() {
    }

    public static Models open(InferenceProperties props, List<String> detectorClasses,
                              List<String> segmenterClasses) {
        requireFile(props.detector(), DETECTOR_PROPERTY);
        requireFile(props.segmenter(), SEGMENTER_PROPERTY);
        InferenceBackend choice = props.backend();
        if (choice == InferenceBackend.ONNXRUNTIME) {
            return openOnnx(props, detectorClasses, segmenterClasses, "configured backend onnxruntime");
        }
        TensorRtAvailability trt = TensorRtAvailability.probe();
        if (choice == InferenceBackend.TENSORRT) {
            if (!trt.usable()) {
                throw new ConfigurationException(BACKEND_PROPERTY, "is tensorrt, but TensorRT cannot run here: "
                        + trt.reason() + " (use auto or onnxruntime)");
            }
            return openTensorRt(props, detectorClasses, segmenterClasses, "configured backend tensorrt: "
                    + trt.reason());
        }
        if (!trt.usable()) {
            return openOnnx(props, detectorClasses, segmenterClasses,
                    "TensorRT unavailable: " + trt.reason() + "; using ONNX Runtime");
        }
        try {
            return openTensorRt(props, detectorClasses, segmenterClasses, "auto: " + trt.reason());
        } catch (ConfigurationException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            return openOnnx(props, detectorClasses, segmenterClasses,
                    "TensorRT failed to start (" + e.getMessage() + "); using ONNX Runtime");
        }
    }

    private static Models openOnnx(InferenceProperties props, List<String> detectorClasses,
                                   List<String> segmenterClasses, String reason) {
        Int8Copy detFile = loadable(DETECTOR_PROPERTY, () -> onnxFile(props.detector(), props.int8()));
        Int8Copy segFile = loadable(SEGMENTER_PROPERTY, () -> onnxFile(props.segmenter(), props.int8()));
        ModelRunner det = loadOnnx(DETECTOR_PROPERTY, () -> OnnxRuntimeRunner.open(detFile.file(), YoloTask.DETECT,
                detectorClasses, props.threads(), props.maxBatch()));
        ModelRunner seg;
        try {
            seg = loadOnnx(SEGMENTER_PROPERTY, () -> OnnxRuntimeRunner.open(segFile.file(), YoloTask.SEGMENT,
                    segmenterClasses, props.threads(), props.maxBatch()));
        } catch (RuntimeException e) {
            det.close();
            throw e;
        }
        StringBuilder why = new StringBuilder(reason);
        for (Int8Copy c : List.of(detFile, segFile)) {
            if (!c.note().isEmpty()) {
                why.append("; ").append(c.note());
            }
        }
        return models(props, detFile.file(), segFile.file(), det, seg, OnnxRuntimeRunner.BACKEND, why.toString());
    }

    /** The file ONNX Runtime runs for a model: its 8-bit copy where wanted and made from it. */
    private static Int8Copy onnxFile(Path model, boolean int8) {
        if (!int8) {
            return new Int8Copy(model, model, "", false);
        }
        Int8Copy choice = Int8Copy.choose(model);
        if (choice.stale()) {
            log.warn(choice.note());
        }
        return choice;
    }

    private static Models openTensorRt(InferenceProperties props, List<String> detectorClasses,
                                       List<String> segmenterClasses, String reason) {
        ModelRunner det = load(DETECTOR_PROPERTY, () -> TensorRtRunner.open(props.detector(), YoloTask.DETECT,
                detectorClasses, props.maxBatch()));
        ModelRunner seg;
        try {
            seg = load(SEGMENTER_PROPERTY, () -> TensorRtRunner.open(props.segmenter(), YoloTask.SEGMENT,
                    segmenterClasses, props.maxBatch()));
        } catch (RuntimeException e) {
            det.close();
            throw e;
        }
        return models(props, props.detector(), props.segmenter(), det, seg, TensorRtRunner.BACKEND, reason);
    }

    private static Models models(InferenceProperties props, Path detFile, Path segFile, ModelRunner det,
                                 ModelRunner seg, String backend, String reason) {
        Detector detector = detector(detFile, det, props);
        Segmenter segmenter = segmenter(segFile, seg, props);
        return new Models(detector, segmenter, backend, reason);
    }

    /** A detector over any runner, with the thresholds of the configuration. */
    static Detector detector(Path file, ModelRunner runner, InferenceProperties props) {
        return new YoloDetector(model(file, runner, props.confidenceThreshold(), props));
    }

    /** A segmenter over any runner, with the thresholds of the configuration. */
    static Segmenter segmenter(Path file, ModelRunner runner, InferenceProperties props) {
        return new YoloSegmenter(model(file, runner, props.segmenterConfidenceThreshold(), props));
    }

    private static YoloModel model(Path file, ModelRunner runner, double confidence, InferenceProperties props) {
        return new YoloModel(file.getFileName().toString(), runner, confidence, props.iouThreshold(),
                props.maxDetections());
    }

    /**
     * A model file ONNX Runtime cannot load (corrupt, truncated, not a model) is a configuration
     * mistake: start-up stops naming the property. (Under TensorRT a load failure is not, so that
     * {@code auto} can fall back to ONNX Runtime.)
     */
    private static ModelRunner loadOnnx(String property, Supplier<ModelRunner> opener) {
        return loadable(property, () -> load(property, opener));
    }

    private static <T> T loadable(String property, Supplier<T> opener) {
        try {
            return opener.get();
        } catch (ModelLoadException e) {
            throw new ConfigurationException(property, "names a file that cannot be loaded: " + e.getMessage());
        }
    }

    private static ModelRunner load(String property, Supplier<ModelRunner> opener) {
        try {
            return opener.get();
        } catch (ModelShapeException e) {
            throw new ConfigurationException(property, "names a model that does not fit: " + e.getMessage());
        }
    }

    private static void requireFile(Path model, String property) {
        if (!Files.isRegularFile(model)) {
            throw new ConfigurationException(property, "is " + model + ", which is not a file"
                    + (Files.exists(model) ? "" : " (it does not exist)"));
        }
    }
}
