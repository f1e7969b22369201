package io.meterreader.inference.tensorrt;

import static org.bytedeco.cuda.global.cudart.CU_STREAM_NON_BLOCKING;
import static org.bytedeco.cuda.global.cudart.cuCtxSetCurrent;
import static org.bytedeco.cuda.global.cudart.cuDeviceGet;
import static org.bytedeco.cuda.global.cudart.cuDevicePrimaryCtxRelease;
import static org.bytedeco.cuda.global.cudart.cuDevicePrimaryCtxRetain;
import static org.bytedeco.cuda.global.cudart.cuInit;
import static org.bytedeco.cuda.global.cudart.cuMemAlloc;
import static org.bytedeco.cuda.global.cudart.cuMemAllocHost;
import static org.bytedeco.cuda.global.cudart.cuMemFree;
import static org.bytedeco.cuda.global.cudart.cuMemFreeHost;
import static org.bytedeco.cuda.global.cudart.cuMemcpyDtoHAsync;
import static org.bytedeco.cuda.global.cudart.cuMemcpyHtoDAsync;
import static org.bytedeco.cuda.global.cudart.cuStreamCreate;
import static org.bytedeco.cuda.global.cudart.cuStreamDestroy;
import static org.bytedeco.cuda.global.cudart.cuStreamSynchronize;
import static org.bytedeco.tensorrt.global.nvinfer.createInferRuntime;

import io.meterreader.frame.ImageRegion;
import io.meterreader.inference.ModelDigest;
import io.meterreader.inference.ModelLoadException;
import io.meterreader.inference.ModelRunner;
import io.meterreader.inference.RawOutputs;
import io.meterreader.inference.yolo.Letterbox;
import io.meterreader.inference.yolo.TensorShape;
import io.meterreader.inference.yolo.YoloLayout;
import io.meterreader.inference.yolo.YoloTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bytedeco.cuda.cudart.CUctx_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.tensorrt.global.nvinfer.OptProfileSelector;
import org.bytedeco.tensorrt.global.nvinfer.TensorIOMode;
import org.bytedeco.tensorrt.nvinfer.Dims4;
import org.bytedeco.tensorrt.nvinfer.ICudaEngine;
import org.bytedeco.tensorrt.nvinfer.IExecutionContext;
import org.bytedeco.tensorrt.nvinfer.IRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A YOLOv8 model on TensorRT, with pre-processing on the GPU.
 *
 * <p>Design. Opening: the primary CUDA context of device 0 is retained and made current; the
 * engine comes from the cache beside the model when its key (GPU, TensorRT version, model
 * SHA-256, precision, batch limit) matches, otherwise it is built from the ONNX with an
 * optimisation profile for batch 1..maxBatch and cached; the letterbox kernel is compiled by
 * NVRTC; device buffers for the largest batch, pinned host buffers for the outputs and a
 * non-blocking stream are created once, and the tensor addresses are bound once.
 *
 * <p>A run, all queued on that stream: each image's pixels are copied into its own pinned host
 * buffer (grown when a larger image comes) and uploaded with an async copy; the kernel
 * letterboxes it into its input slot; {@code enqueueV3} runs the engine for the batch size; the
 * outputs are copied back into pinned memory asynchronously; one synchronisation at the end.
 * The decoder then reads the pinned outputs through direct buffers, without copying them again.
 *
 * <p>Not thread-safe; the caller serialises runs. Each run makes the context current first,
 * because the calling thread may differ from the opening one.
 */
public final class TensorRtRunner implements ModelRunner {

    public static final String BACKEND = "tensorrt";
    private static final Logger log = LoggerFactory.getLogger(TensorRtRunner.class);

    private final int device;
    private final CUctx_st context;
    private final IRuntime runtime;
    private final ICudaEngine engine;
    private final IExecutionContext execution;
    private final CUstream_st stream;
    private final LetterboxKernel kernel;
    private final YoloLayout layout;
    private final int maxBatch;
    private final String precision;
    private final long deviceInput;
    private final long devicePredictions;
    private final long devicePrototypes;
    private final Pointer hostPredictions;
    private final Pointer hostPrototypes;
    private final FloatBuffer predictions;
    private final FloatBuffer prototypes;
    private final long[] deviceImages;
    private final long[] deviceImageBytes;
    private final BytePointer[] hostImages;
    private boolean closed;

    private TensorRtRunner(int device, CUctx_st context, IRuntime runtime, ICudaEngine engine,
                           IExecutionContext execution, YoloLayout layout, int maxBatch, String precision,
                           LetterboxKernel kernel) {
        this.device = device;
        this.context = context;
        this.runtime = runtime;
        this.engine = engine;
        this.execution = execution;
        this.layout = layout;
        this.maxBatch = maxBatch;
        this.precision = precision;
        this.kernel = kernel;
        this.stream = new CUstream_st();
        CudaCalls.driver(cuStreamCreate(stream, CU_STREAM_NON_BLOCKING), "cuStreamCreate");
        this.deviceInput = deviceAlloc((long) maxBatch * layout.inputSize() * Float.BYTES);
        this.devicePredictions = deviceAlloc((long) maxBatch * layout.predictionSize() * Float.BYTES);
        this.devicePrototypes = layout.task() == YoloTask.SEGMENT
                ? deviceAlloc((long) maxBatch * layout.protoSize() * Float.BYTES) : 0;
        this.hostPredictions = hostAlloc((long) maxBatch * layout.predictionSize() * Float.BYTES);
        this.predictions = floats(hostPredictions, (long) maxBatch * layout.predictionSize());
        if (devicePrototypes != 0) {
            this.hostPrototypes = hostAlloc((long) maxBatch * layout.protoSize() * Float.BYTES);
            this.prototypes = floats(hostPrototypes, (long) maxBatch * layout.protoSize());
        } else {
            this.hostPrototypes = null;
            this.prototypes = null;
        }
        this.deviceImages = new long[maxBatch];
        this.deviceImageBytes = new long[maxBatch];
        this.hostImages = new BytePointer[maxBatch];
        bind(layout.inputName(), deviceInput);
        bind(layout.predictionOutput(), devicePredictions);
        if (devicePrototypes != 0) {
            bind(layout.protoOutput(), devicePrototypes);
        }
    }

    /**
     * Opens a model on device 0, building and caching its engine when needed.
     *
     * @throws IllegalStateException when TensorRT cannot run here ({@link TensorRtAvailability})
     * @throws io.meterreader.inference.yolo.ModelShapeException when the model does not fit the task and classes
     * @throws ModelLoadException when TensorRT cannot build or load the engine
     */
    public static TensorRtRunner open(Path model, YoloTask task, List<String> classNames, int maxBatch) {
        TensorRtAvailability availability = TensorRtAvailability.probe();
        if (!availability.usable()) {
            throw new IllegalStateException("TensorRT unavailable: " + availability.reason());
        }
        CudaCalls.driver(cuInit(0), "cuInit");
        int[] device = new int[1];
        CudaCalls.driver(cuDeviceGet(device, 0), "cuDeviceGet");
        CUctx_st context = new CUctx_st();
        CudaCalls.driver(cuDevicePrimaryCtxRetain(context, device[0]), "cuDevicePrimaryCtxRetain");
        IRuntime runtime = null;
        ICudaEngine engine = null;
        LetterboxKernel kernel = null;
        try {
            CudaCalls.driver(cuCtxSetCurrent(context), "cuCtxSetCurrent");
            String sha = ModelDigest.sha256(model);
            boolean fp16;
            byte[] plan;
            Path cacheFile = EngineCache.pathFor(model, availability.deviceName());
            try (EngineBuilder builder = new EngineBuilder()) {
                fp16 = builder.fastFp16();
                EngineCache.Key key = new EngineCache.Key(availability.deviceName(), availability.tensorRtVersion(),
                        sha, fp16 ? "fp16" : "fp32", maxBatch);
                Optional<byte[]> cached = EngineCache.load(cacheFile, key);
                runtime = createInferRuntime(TensorRtLogger.INSTANCE);
                if (cached.isPresent()) {
                    engine = deserialize(runtime, cached.get());
                    if (engine == null) {
                        log.warn("TensorRT rejected the cached engine {}; rebuilding", cacheFile);
                        EngineCache.discard(cacheFile);
                    }
                }
                if (engine == null) {
                    log.info("building a TensorRT engine for {} ({}, batch 1..{}); this takes a while once",
                            model, fp16 ? "fp16" : "fp32", maxBatch);
                    plan = builder.build(model, task, classNames, maxBatch, fp16);
                    engine = deserialize(runtime, plan);
                    if (engine == null) {
                        throw new ModelLoadException("TensorRT cannot load the engine it built for " + model);
                    }
                    EngineCache.store(cacheFile, key, plan);
                }
            }
            YoloLayout layout = YoloLayout.check(model.toString(), task, engineShapes(engine, TensorIOMode.kINPUT),
                    engineShapes(engine, TensorIOMode.kOUTPUT), classNames);
            int profileMax = (int) engine.getProfileShape(layout.inputName(), 0, OptProfileSelector.kMAX).d(0);
            int batch = Math.max(1, Math.min(maxBatch, profileMax));
            IExecutionContext execution = engine.createExecutionContext();
            if (execution == null || execution.isNull()) {
                throw new ModelLoadException("TensorRT cannot create an execution context for " + model);
            }
            kernel = LetterboxKernel.compile(availability.computeMajor(), availability.computeMinor());
            return new TensorRtRunner(device[0], context, runtime, engine, execution, layout, batch,
                    fp16 ? "fp16" : "fp32", kernel);
        } catch (IOException e) {
            release(kernel, engine, runtime, device[0]);
            throw new UncheckedIOException("cannot read " + model, e);
        } catch (RuntimeException e) {
            release(kernel, engine, runtime, device[0]);
            throw e;
        }
    }

    private static void release(LetterboxKernel kernel, ICudaEngine engine, IRuntime runtime, int device) {
        if (kernel != null) {
            kernel.close();
        }
        if (engine != null) {
            engine.deallocate();
        }
        if (runtime != null) {
            runtime.deallocate();
        }
        cuDevicePrimaryCtxRelease(device);
    }

    private static ICudaEngine deserialize(IRuntime runtime, byte[] plan) {
        try (BytePointer bytes = new BytePointer(plan)) {
            ICudaEngine engine = runtime.deserializeCudaEngine(bytes, plan.length);
            return engine == null || engine.isNull() ? null : engine;
        }
    }

    private static List<TensorShape> engineShapes(ICudaEngine engine, TensorIOMode mode) {
        List<TensorShape> shapes = new ArrayList<>();
        for (int i = 0; i < engine.getNbIOTensors(); i++) {
            String name = engine.getIOTensorName(i);
            if (engine.getTensorIOMode(name).value == mode.value) {
                shapes.add(new TensorShape(name, EngineBuilder.dims(engine.getTensorShape(name))));
            }
        }
        return shapes;
    }

    private void bind(String tensor, long address) {
        if (!execution.setTensorAddress(tensor, new DevicePointer(address))) {
            throw new ModelLoadException("TensorRT refused the address of tensor " + tensor);
        }
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
        int n = regions.size();
        if (n == 0 || n > maxBatch || letterboxes.size() != n) {
            throw new IllegalArgumentException(n + " images for a batch of 1.." + maxBatch);
        }
        CudaCalls.driver(cuCtxSetCurrent(context), "cuCtxSetCurrent");
        enqueuePreprocessing(regions, letterboxes);
        // a model exported with a fixed batch runs full batches; the unused slots hold stale images
        int batch = layout.maxBatch() > 0 ? layout.maxBatch() : n;
        if (!execution.setInputShape(layout.inputName(),
                new Dims4(batch, 3, layout.inputHeight(), layout.inputWidth()))) {
            throw new IllegalStateException("TensorRT refused input shape [" + batch + ", 3, " + layout.inputHeight()
                    + ", " + layout.inputWidth() + "]");
        }
        if (!execution.enqueueV3(stream)) {
            throw new IllegalStateException("TensorRT enqueueV3 failed (see the TensorRT log)");
        }
        CudaCalls.driver(cuMemcpyDtoHAsync(hostPredictions, devicePredictions,
                (long) n * layout.predictionSize() * Float.BYTES, stream), "cuMemcpyDtoHAsync");
        if (devicePrototypes != 0) {
            CudaCalls.driver(cuMemcpyDtoHAsync(hostPrototypes, devicePrototypes,
                    (long) n * layout.protoSize() * Float.BYTES, stream), "cuMemcpyDtoHAsync");
        }
        CudaCalls.driver(cuStreamSynchronize(stream), "cuStreamSynchronize");
        return new RawOutputs(predictions, prototypes);
    }

    private void enqueuePreprocessing(List<ImageRegion> regions, List<Letterbox> letterboxes) {
        long slotBytes = (long) layout.inputSize() * Float.BYTES;
        for (int i = 0; i < regions.size(); i++) {
            ImageRegion region = regions.get(i);
            long rowBytes = (long) region.width() * 3;
            long bytes = rowBytes * region.height();
            ensureImageCapacity(i, bytes);
            BytePointer host = hostImages[i];
            byte[] bgr = region.bgr();
            for (int row = 0; row < region.height(); row++) {
                host.position(row * rowBytes).put(bgr, region.offset(0, row), (int) rowBytes);
            }
            host.position(0);
            CudaCalls.driver(cuMemcpyHtoDAsync(deviceImages[i], host, bytes, stream), "cuMemcpyHtoDAsync");
            kernel.launch(stream, deviceImages[i], deviceInput + i * slotBytes, letterboxes.get(i));
        }
    }

    /** Grows slot i's pinned and device image buffers; waits for queued work first, which may still read them. */
    private void ensureImageCapacity(int i, long bytes) {
        if (deviceImageBytes[i] >= bytes) {
            return;
        }
        CudaCalls.driver(cuStreamSynchronize(stream), "cuStreamSynchronize");
        if (deviceImages[i] != 0) {
            cuMemFree(deviceImages[i]);
            cuMemFreeHost(hostImages[i]);
        }
        long capacity = Math.max(bytes, deviceImageBytes[i] * 2);
        deviceImages[i] = deviceAlloc(capacity);
        hostImages[i] = new BytePointer(hostAlloc(capacity)).capacity(capacity).limit(capacity);
        deviceImageBytes[i] = capacity;
    }

    /** The pre-processed input of the last run's first n images, copied back (for tests). */
    FloatBuffer copyInput(int n) {
        long count = (long) n * layout.inputSize();
        Pointer host = hostAlloc(count * Float.BYTES);
        try {
            CudaCalls.driver(cuMemcpyDtoHAsync(host, deviceInput, count * Float.BYTES, stream), "cuMemcpyDtoHAsync");
            CudaCalls.driver(cuStreamSynchronize(stream), "cuStreamSynchronize");
            FloatBuffer copy = ByteBuffer.allocateDirect((int) (count * Float.BYTES)).order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            copy.put(floats(host, count));
            return copy.flip();
        } finally {
            cuMemFreeHost(host);
        }
    }

    private static long deviceAlloc(long bytes) {
        long[] address = new long[1];
        CudaCalls.driver(cuMemAlloc(address, bytes), "cuMemAlloc(" + bytes + " bytes)");
        return address[0];
    }

    private static Pointer hostAlloc(long bytes) {
        try (PointerPointer<Pointer> holder = new PointerPointer<>(1)) {
            CudaCalls.driver(cuMemAllocHost(holder, bytes), "cuMemAllocHost(" + bytes + " bytes)");
            return holder.get();
        }
    }

    private static FloatBuffer floats(Pointer memory, long count) {
        return new FloatPointer(memory).capacity(count).limit(count).asBuffer();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        cuCtxSetCurrent(context);
        cuStreamSynchronize(stream);
        execution.deallocate();
        engine.deallocate();
        runtime.deallocate();
        kernel.close();
        for (int i = 0; i < maxBatch; i++) {
            if (deviceImages[i] != 0) {
                cuMemFree(deviceImages[i]);
                cuMemFreeHost(hostImages[i]);
            }
        }
        cuMemFree(deviceInput);
        cuMemFree(devicePredictions);
        if (devicePrototypes != 0) {
            cuMemFree(devicePrototypes);
            cuMemFreeHost(hostPrototypes);
        }
        cuMemFreeHost(hostPredictions);
        cuStreamDestroy(stream);
        cuDevicePrimaryCtxRelease(device);
    }
}
