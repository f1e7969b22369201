package io.meterreader.inference.tensorrt;

import static org.bytedeco.tensorrt.global.nvinfer.createInferBuilder;
import static org.bytedeco.tensorrt.global.nvonnxparser.createParser;

import io.meterreader.inference.ModelLoadException;
import io.meterreader.inference.yolo.TensorShape;
import io.meterreader.inference.yolo.YoloLayout;
import io.meterreader.inference.yolo.YoloTask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.tensorrt.global.nvinfer.BuilderFlag;
import org.bytedeco.tensorrt.global.nvinfer.MemoryPoolType;
import org.bytedeco.tensorrt.global.nvinfer.OptProfileSelector;
import org.bytedeco.tensorrt.nvinfer.Dims4;
import org.bytedeco.tensorrt.nvinfer.Dims64;
import org.bytedeco.tensorrt.nvinfer.IBuilder;
import org.bytedeco.tensorrt.nvinfer.IBuilderConfig;
import org.bytedeco.tensorrt.nvinfer.IHostMemory;
import org.bytedeco.tensorrt.nvinfer.ILogger;
import org.bytedeco.tensorrt.nvinfer.INetworkDefinition;
import org.bytedeco.tensorrt.nvinfer.IOptimizationProfile;
import org.bytedeco.tensorrt.nvinfer.ITensor;
import org.bytedeco.tensorrt.nvonnxparser.IParser;
import org.bytedeco.tensorrt.nvonnxparser.IParserError;

/**
 * Builds a serialised TensorRT engine from an ONNX model: checks its shapes first (the same
 * check as every backend, so a wrong model fails with the same message), then one optimisation
 * profile for batch 1..maxBatch and FP16 where the GPU runs it fast.
 */
final class EngineBuilder implements AutoCloseable {

    private static final long WORKSPACE_BYTES = 1L << 30;

    private final IBuilder builder;

    EngineBuilder() {
        this.builder = createInferBuilder(TensorRtLogger.INSTANCE);
        if (builder == null || builder.isNull()) {
            throw new ModelLoadException("TensorRT cannot create a builder");
        }
    }

    boolean fastFp16() {
        return builder.platformHasFastFp16();
    }

    /** The plan, after checking the model against the task and classes. */
    byte[] build(Path model, YoloTask task, List<String> classNames, int maxBatch, boolean fp16) {
        // 0: a weakly typed network, so that the FP16 flag lets TensorRT choose half precision
        INetworkDefinition network = builder.createNetworkV2(0);
        IParser parser = createParser(network, TensorRtLogger.INSTANCE);
        IBuilderConfig config = null;
        IOptimizationProfile profile;
        try {
            if (!parser.parseFromFile(model.toString(), ILogger.Severity.kWARNING.value)) {
                StringBuilder errors = new StringBuilder();
                for (int i = 0; i < parser.getNbErrors(); i++) {
                    IParserError e = parser.getError(i);
                    errors.append(i == 0 ? "" : "; ").append(e.desc());
                }
                throw new ModelLoadException("TensorRT cannot parse " + model + ": " + errors);
            }
            List<TensorShape> inputs = new ArrayList<>();
            for (int i = 0; i < network.getNbInputs(); i++) {
                inputs.add(shape(network.getInput(i)));
            }
            List<TensorShape> outputs = new ArrayList<>();
            for (int i = 0; i < network.getNbOutputs(); i++) {
                outputs.add(shape(network.getOutput(i)));
            }
            YoloLayout layout = YoloLayout.check(model.toString(), task, inputs, outputs, classNames);
            int batch = layout.maxBatch() > 0 ? layout.maxBatch() : maxBatch;
            int minBatch = layout.maxBatch() > 0 ? layout.maxBatch() : 1;

            config = builder.createBuilderConfig();
            config.setMemoryPoolLimit(MemoryPoolType.kWORKSPACE, WORKSPACE_BYTES);
            if (fp16) {
                config.setFlag(BuilderFlag.kFP16);
            }
            profile = builder.createOptimizationProfile();
            String input = layout.inputName();
            int h = layout.inputHeight();
            int w = layout.inputWidth();
            profile.setDimensions(input, OptProfileSelector.kMIN, new Dims4(minBatch, 3, h, w));
            // the pipeline batches across cameras, so tune for full batches
            profile.setDimensions(input, OptProfileSelector.kOPT, new Dims4(batch, 3, h, w));
            profile.setDimensions(input, OptProfileSelector.kMAX, new Dims4(batch, 3, h, w));
            config.addOptimizationProfile(profile);

            IHostMemory plan = builder.buildSerializedNetwork(network, config);
            if (plan == null || plan.isNull() || plan.size() == 0) {
                throw new ModelLoadException("TensorRT could not build an engine from " + model
                        + " (see the TensorRT log lines above)");
            }
            try {
                byte[] bytes = new byte[Math.toIntExact(plan.size())];
                new BytePointer(plan.data()).capacity(plan.size()).get(bytes);
                return bytes;
            } finally {
                plan.deallocate();
            }
        } finally {
            if (config != null) {
                config.deallocate();
            }
            parser.deallocate();
            network.deallocate();
        }
    }

    static TensorShape shape(ITensor tensor) {
        return new TensorShape(tensor.getName(), dims(tensor.getDimensions()));
    }

    static long[] dims(Dims64 d) {
        long[] dims = new long[d.nbDims()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = d.d(i);
        }
        return dims;
    }

    @Override
    public void close() {
        builder.deallocate();
    }
}
