package io.meterreader.inference.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.meterreader.frame.ImageRegion;
import io.meterreader.inference.Int8Copy;
import io.meterreader.inference.ModelLoadException;
import io.meterreader.inference.ModelRunner;
import io.meterreader.inference.RawOutputs;
import io.meterreader.inference.yolo.Letterbox;
import io.meterreader.inference.yolo.LetterboxPreprocessor;
import io.meterreader.inference.yolo.TensorShape;
import io.meterreader.inference.yolo.YoloLayout;
import io.meterreader.inference.yolo.YoloTask;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A YOLOv8 model on ONNX Runtime (CPU), the default backend.
 *
 * <p>The session runs with every graph optimisation, a configurable number of intra-op threads,
 * and no spinning of idle threads. Input and outputs live in direct buffers allocated once for the largest batch; for
 * each batch size the runner keeps ONNX tensors that view the first n images of those buffers,
 * and passes the output tensors as pinned outputs, so ONNX Runtime writes results straight into
 * the buffers the decoder reads: nothing is copied or allocated per run.
 */
public final class OnnxRuntimeRunner implements ModelRunner {

    public static final String BACKEND = "onnxruntime";

    private final String name;
    private final NativeThread thread;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final YoloLayout layout;
    private final int maxBatch;
    private final String precision;
    private final int fixedBatch;
    private final LetterboxPreprocessor preprocessor;
    private final FloatBuffer input;
    private final FloatBuffer predictions;
    private final FloatBuffer prototypes;
    private final BatchTensors[] tensors;

    private record BatchTensors(Map<String, OnnxTensor> inputs, Map<String, OnnxTensor> outputs) {
    }

    private OnnxRuntimeRunner(String name, OrtEnvironment environment, OrtSession session, YoloLayout layout,
                              int maxBatch, String precision, NativeThread thread) {
        this.name = name;
        this.precision = precision;
        this.thread = thread;
        this.environment = environment;
        this.session = session;
        this.layout = layout;
        this.fixedBatch = layout.maxBatch();
        this.maxBatch = fixedBatch > 0 ? fixedBatch : maxBatch;
        this.preprocessor = new LetterboxPreprocessor(layout.inputWidth(), layout.inputHeight());
        this.input = directFloats(this.maxBatch * layout.inputSize());
        this.predictions = directFloats(this.maxBatch * layout.predictionSize());
        this.prototypes = layout.task() == YoloTask.SEGMENT ? directFloats(this.maxBatch * layout.protoSize()) : null;
        this.tensors = new BatchTensors[this.maxBatch + 1];
    }

    /**
     * Opens a model and checks its shapes.
     *
     * @param threads  intra-op threads, 0 for ONNX Runtime's default (one per core)
     * @param maxBatch images per run at most (a model with a fixed batch size uses that instead)
     * @throws io.meterreader.inference.yolo.ModelShapeException when the model does not fit the task and classes
     * @throws ModelLoadException when ONNX Runtime cannot load the file
     */
    public static OnnxRuntimeRunner open(Path model, YoloTask task, List<String> classNames, int threads,
                                         int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be positive, got " + maxBatch);
        }
        NativeThread thread = new NativeThread("onnxruntime-" + model.getFileName());
        try {
            return thread.call(() -> openOnThread(model, task, classNames, threads, maxBatch, thread));
        } catch (RuntimeException e) {
            thread.close();
            throw e;
        } catch (Exception e) {
            thread.close();
            throw new ModelLoadException("ONNX Runtime cannot load " + model + ": " + e.getMessage(), e);
        }
    }

    private static OnnxRuntimeRunner openOnThread(Path model, YoloTask task, List<String> classNames, int threads,
                                                  int maxBatch, NativeThread thread) {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            if (threads > 0) {
                options.setIntraOpNumThreads(threads);
            }
            // Idle pool threads would otherwise spin between operators, taking the cores that camera
            // decoding and the other model need; on the shared 2-core development machine, with
            // spinning off, YOLOv8n ran 1.5-1.8x faster (A/B in one process, batch 1 and 8).
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.addConfigEntry("session.inter_op.allow_spinning", "0");
            session = environment.createSession(model.toString(), options);
        } catch (OrtException e) {
            throw new ModelLoadException("ONNX Runtime cannot load " + model + ": " + e.getMessage(), e);
        }
        try {
            List<TensorShape> inputs = shapes(session.getInputInfo());
            List<TensorShape> outputs = shapes(session.getOutputInfo());
            if (hasSymbolicOutputDims(outputs) && inputs.size() == 1 && isFixedImageInput(inputs.get(0))) {
                outputs = probeOutputShapes(environment, session, inputs.get(0));
            }
            YoloLayout layout = YoloLayout.check(model.toString(), task, inputs, outputs, classNames);
            String precision = session.getMetadata().getCustomMetadata().containsKey(Int8Copy.QUANTIZED_FROM)
                    ? "int8" : "fp32";
            return new OnnxRuntimeRunner(model.toString(), environment, session, layout, maxBatch, precision, thread);
        } catch (OrtException | RuntimeException e) {
            closeQuietly(session);
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new ModelLoadException("ONNX Runtime cannot read the shapes of " + model + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasSymbolicOutputDims(List<TensorShape> outputs) {
        for (TensorShape o : outputs) {
            for (int i = 1; i < o.rank(); i++) {
                if (!o.isFixed(i)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isFixedImageInput(TensorShape in) {
        return in.rank() == 4 && in.isFixed(1) && in.isFixed(2) && in.isFixed(3);
    }

    /**
     * Some exporters leave output dimensions symbolic in the graph; one run on a blank image
     * tells the real ones. The batch dimension keeps what the graph says.
     */
    private static List<TensorShape> probeOutputShapes(OrtEnvironment environment, OrtSession session,
                                                       TensorShape in) throws OrtException {
        long batch = in.isFixed(0) ? in.dim(0) : 1;
        long[] shape = {batch, in.dim(1), in.dim(2), in.dim(3)};
        FloatBuffer zeros = directFloats(Math.toIntExact(batch * in.dim(1) * in.dim(2) * in.dim(3)));
        List<TensorShape> declared = shapes(session.getOutputInfo());
        List<TensorShape> probed = new ArrayList<>();
        try (OnnxTensor blank = OnnxTensor.createTensor(environment, zeros, shape);
             OrtSession.Result result = session.run(Map.of(in.name(), blank))) {
            for (int i = 0; i < result.size(); i++) {
                long[] dims = result.get(i) instanceof OnnxTensor t ? t.getInfo().getShape() : new long[0];
                if (dims.length > 0) {
                    dims[0] = declared.get(i).dim(0);
                }
                probed.add(new TensorShape(declared.get(i).name(), dims));
            }
        }
        return probed;
    }

    private static List<TensorShape> shapes(Map<String, NodeInfo> infos) {
        List<TensorShape> shapes = new ArrayList<>();
        for (NodeInfo node : infos.values()) {
            long[] dims = node.getInfo() instanceof TensorInfo t ? t.getShape() : new long[0];
            shapes.add(new TensorShape(node.getName(), dims));
        }
        return shapes;
    }

    @Override
    public YoloLayout layout() {
        return layout;
    }

    @Override
    public String backend() {
        return BACKEND;
    }

    @Override
    public int maxBatch() {
        return maxBatch;
    }

    @Override
    public String precision() {
        return precision;
    }

    @Override
    public RawOutputs run(List<ImageRegion> regions, List<Letterbox> letterboxes) {
        preprocess(regions, letterboxes);
        infer(regions.size());
        return outputs();
    }

    /** Letterboxes the regions into the input buffer (the Java pre-processing, timed apart by the benchmark). */
    public void preprocess(List<ImageRegion> regions, List<Letterbox> letterboxes) {
        if (regions.size() > maxBatch || regions.size() != letterboxes.size()) {
            throw new IllegalArgumentException(regions.size() + " images for a batch of at most " + maxBatch);
        }
        for (int i = 0; i < regions.size(); i++) {
            preprocessor.write(regions.get(i), letterboxes.get(i), input, i);
        }
    }

    /** Runs the model on the first n images of the input buffer: the model-only part of a run. */
    public void infer(int n) {
        BatchTensors t = tensors(fixedBatch > 0 ? fixedBatch : n);
        try {
            thread.call(() -> {
                try (OrtSession.Result ignored = session.run(t.inputs(), t.outputs())) {
                    // the outputs are pinned: ONNX Runtime wrote them into our buffers
                    return null;
                }
            });
        } catch (OrtException e) {
            throw new ModelLoadException("ONNX Runtime failed to run " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            throw new IllegalStateException("interrupted while " + name + " ran", e);
        } catch (Exception e) {
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new ModelLoadException("ONNX Runtime failed to run " + name + ": " + e.getMessage(), e);
        }
    }

    /** The output buffers, filled by the last {@link #infer}. */
    public RawOutputs outputs() {
        return new RawOutputs(predictions, prototypes);
    }

    /** The input buffer, [maxBatch, 3, H, W]. */
    public FloatBuffer input() {
        return input;
    }

    private BatchTensors tensors(int n) {
        BatchTensors t = tensors[n];
        if (t != null) {
            return t;
        }
        try {
            OnnxTensor in = OnnxTensor.createTensor(environment, input.slice(0, n * layout.inputSize()),
                    new long[] {n, 3, layout.inputHeight(), layout.inputWidth()});
            OnnxTensor pred = OnnxTensor.createTensor(environment, predictions.slice(0, n * layout.predictionSize()),
                    new long[] {n, layout.predictionChannels(), layout.anchorCount()});
            Map<String, OnnxTensor> outputs;
            if (prototypes == null) {
                outputs = Map.of(layout.predictionOutput(), pred);
            } else {
                OnnxTensor proto = OnnxTensor.createTensor(environment, prototypes.slice(0, n * layout.protoSize()),
                        new long[] {n, layout.maskChannels(), layout.protoHeight(), layout.protoWidth()});
                outputs = Map.of(layout.predictionOutput(), pred, layout.protoOutput(), proto);
            }
            t = new BatchTensors(Map.of(layout.inputName(), in), outputs);
            tensors[n] = t;
            return t;
        } catch (OrtException e) {
            throw new ModelLoadException("ONNX Runtime cannot create tensors: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // On the model's own thread, after any run still going there: a caller interrupted while
        // it waited for a run leaves that run going, and freeing its session under it crashes.
        thread.closeAfter(this::release);
    }

    private void release() {
        for (BatchTensors t : tensors) {
            if (t != null) {
                t.inputs().values().forEach(OnnxTensor::close);
                t.outputs().values().forEach(OnnxTensor::close);
            }
        }
        closeQuietly(session);
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            // nothing left to do with a session that will not close
        }
    }

    static FloatBuffer directFloats(int n) {
        return ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
