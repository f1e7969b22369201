package io.meterreader.inference.tensorrt;

import static org.bytedeco.cuda.global.cudart.cuLaunchKernel;
import static org.bytedeco.cuda.global.cudart.cuModuleGetFunction;
import static org.bytedeco.cuda.global.cudart.cuModuleLoadData;
import static org.bytedeco.cuda.global.cudart.cuModuleUnload;
import static org.bytedeco.cuda.global.nvrtc.nvrtcCompileProgram;
import static org.bytedeco.cuda.global.nvrtc.nvrtcCreateProgram;
import static org.bytedeco.cuda.global.nvrtc.nvrtcDestroyProgram;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetPTX;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetPTXSize;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetProgramLog;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetProgramLogSize;

import io.meterreader.inference.yolo.Letterbox;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUmod_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.nvrtc._nvrtcProgram;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * The letterbox kernel ({@code cuda/letterbox.cu}), compiled by NVRTC for the device at start-up
 * and launched through the driver API. {@code cuLaunchKernel} takes an array of pointers, each to
 * host memory holding one argument's value; those holders are allocated once here and refilled
 * before every launch (the driver copies the values during the call, so reuse is safe).
 * Compiled with {@code --fmad=false}: no fused multiply-add, so the arithmetic rounds exactly as
 * the Java pre-processor's.
 */
final class LetterboxKernel implements AutoCloseable {

    static final String RESOURCE = "/cuda/letterbox.cu";
    static final String FUNCTION = "letterbox_bgr_to_rgb_chw";
    /** No fused multiply-add and IEEE division: the GPU rounds each operation as Java does. */
    static final String[] COMMON_OPTIONS = {"--fmad=false", "--prec-div=true", "--std=c++11"};
    private static final int BLOCK_X = 32;
    private static final int BLOCK_Y = 8;

    private final CUmod_st module;
    private final CUfunc_st function;
    private final LongPointer src = new LongPointer(1);
    private final IntPointer srcWidth = new IntPointer(1);
    private final IntPointer srcHeight = new IntPointer(1);
    private final LongPointer dst = new LongPointer(1);
    private final IntPointer dstWidth = new IntPointer(1);
    private final IntPointer dstHeight = new IntPointer(1);
    private final IntPointer resizedWidth = new IntPointer(1);
    private final IntPointer resizedHeight = new IntPointer(1);
    private final IntPointer padLeft = new IntPointer(1);
    private final IntPointer padTop = new IntPointer(1);
    private final FloatPointer stepX = new FloatPointer(1);
    private final FloatPointer stepY = new FloatPointer(1);
    private final PointerPointer<?> arguments;

    private LetterboxKernel(CUmod_st module, CUfunc_st function) {
        this.module = module;
        this.function = function;
        // the order of the kernel's parameters
        this.arguments = new PointerPointer<>(src, srcWidth, srcHeight, dst, dstWidth, dstHeight,
                resizedWidth, resizedHeight, padLeft, padTop, stepX, stepY);
    }

    /** Compiles the kernel for a device of this compute capability; a CUDA context must be current. */
    static LetterboxKernel compile(int computeMajor, int computeMinor) {
        String source = source();
        _nvrtcProgram program = new _nvrtcProgram();
        CudaCalls.nvrtc(nvrtcCreateProgram(program, new BytePointer(source), new BytePointer("letterbox.cu"), 0,
                (PointerPointer<?>) null, (PointerPointer<?>) null), "nvrtcCreateProgram");
        try {
            String[] options = new String[COMMON_OPTIONS.length + 1];
            System.arraycopy(COMMON_OPTIONS, 0, options, 0, COMMON_OPTIONS.length);
            options[COMMON_OPTIONS.length] = "--gpu-architecture=compute_" + computeMajor + computeMinor;
            int status = nvrtcCompileProgram(program, options.length, new PointerPointer<>(options));
            if (status != 0) {
                throw new IllegalStateException("NVRTC cannot compile " + RESOURCE + ": " + compileLog(program));
            }
            SizeTPointer size = new SizeTPointer(1);
            CudaCalls.nvrtc(nvrtcGetPTXSize(program, size), "nvrtcGetPTXSize");
            BytePointer ptx = new BytePointer(size.get());
            CudaCalls.nvrtc(nvrtcGetPTX(program, ptx), "nvrtcGetPTX");
            CUmod_st module = new CUmod_st();
            CudaCalls.driver(cuModuleLoadData(module, ptx), "cuModuleLoadData");
            CUfunc_st function = new CUfunc_st();
            CudaCalls.driver(cuModuleGetFunction(function, module, FUNCTION), "cuModuleGetFunction");
            return new LetterboxKernel(module, function);
        } finally {
            nvrtcDestroyProgram(program);
        }
    }

    static String source() {
        try (InputStream in = LetterboxKernel.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
    }

    private static String compileLog(_nvrtcProgram program) {
        SizeTPointer size = new SizeTPointer(1);
        if (nvrtcGetProgramLogSize(program, size) != 0 || size.get() <= 1) {
            return "(no log)";
        }
        BytePointer text = new BytePointer(size.get());
        nvrtcGetProgramLog(program, text);
        return text.getString();
    }

    /**
     * Queues the letterboxing of one compact BGR image at device address {@code source} into the
     * input slot at device address {@code destination}.
     */
    void launch(CUstream_st stream, long source, long destination, Letterbox lb) {
        src.put(source);
        srcWidth.put(lb.sourceWidth());
        srcHeight.put(lb.sourceHeight());
        dst.put(destination);
        dstWidth.put(lb.inputWidth());
        dstHeight.put(lb.inputHeight());
        resizedWidth.put(lb.resizedWidth());
        resizedHeight.put(lb.resizedHeight());
        padLeft.put(lb.padLeft());
        padTop.put(lb.padTop());
        stepX.put(lb.stepX());
        stepY.put(lb.stepY());
        int gridX = (lb.inputWidth() + BLOCK_X - 1) / BLOCK_X;
        int gridY = (lb.inputHeight() + BLOCK_Y - 1) / BLOCK_Y;
        CudaCalls.driver(cuLaunchKernel(function, gridX, gridY, 1, BLOCK_X, BLOCK_Y, 1, 0, stream, arguments,
                (PointerPointer<?>) null), "cuLaunchKernel(" + FUNCTION + ")");
    }

    @Override
    public void close() {
        cuModuleUnload(module);
        arguments.close();
    }
}
