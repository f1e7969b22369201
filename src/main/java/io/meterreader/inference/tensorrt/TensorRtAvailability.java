package io.meterreader.inference.tensorrt;

import static org.bytedeco.cuda.global.cudart.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR;
import static org.bytedeco.cuda.global.cudart.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR;
import static org.bytedeco.cuda.global.cudart.cuDeviceGet;
import static org.bytedeco.cuda.global.cudart.cuDeviceGetAttribute;
import static org.bytedeco.cuda.global.cudart.cuDeviceGetCount;
import static org.bytedeco.cuda.global.cudart.cuDeviceGetName;
import static org.bytedeco.cuda.global.cudart.cuInit;

import org.bytedeco.javacpp.Loader;

/**
 * Whether TensorRT can run here: the CUDA driver and runtime, NVRTC, TensorRT and its ONNX parser
 * load, and a CUDA device answers. Probed once per process; never throws, because on a machine
 * without them a missing library is an expected answer, not a failure (JavaCPP reports it as an
 * {@link UnsatisfiedLinkError} or a class that fails to initialise).
 *
 * @param usable        all of the above hold
 * @param reason        one line: what is missing, or what was found
 * @param deviceName    the GPU's name (device 0), or empty
 * @param computeMajor  its compute capability, 0 when unusable
 * @param tensorRtVersion TensorRT's library version as major.minor.patch, or empty
 */
public record TensorRtAvailability(boolean usable, String reason, String deviceName, int computeMajor,
                                   int computeMinor, String tensorRtVersion) {

    private static volatile TensorRtAvailability probed;

    /** The probe's answer, computed on first call. */
    public static TensorRtAvailability probe() {
        TensorRtAvailability p = probed;
        if (p == null) {
            synchronized (TensorRtAvailability.class) {
                p = probed;
                if (p == null) {
                    p = probeNow();
                    probed = p;
                }
            }
        }
        return p;
    }

    private static TensorRtAvailability probeNow() {
        try {
            Loader.load(org.bytedeco.cuda.global.cudart.class);
        } catch (Throwable e) {
            return unusable("CUDA libraries do not load (" + firstLine(e) + ")");
        }
        try {
            int status = cuInit(0);
            if (status != 0) {
                return unusable("the CUDA driver does not initialise (" + CudaCalls.driverError(status) + ")");
            }
            int[] count = new int[1];
            status = cuDeviceGetCount(count);
            if (status != 0 || count[0] == 0) {
                return unusable("no CUDA device");
            }
            int[] device = new int[1];
            CudaCalls.driver(cuDeviceGet(device, 0), "cuDeviceGet");
            byte[] name = new byte[256];
            CudaCalls.driver(cuDeviceGetName(name, name.length, device[0]), "cuDeviceGetName");
            int[] major = new int[1];
            int[] minor = new int[1];
            CudaCalls.driver(cuDeviceGetAttribute(major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device[0]),
                    "cuDeviceGetAttribute");
            CudaCalls.driver(cuDeviceGetAttribute(minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device[0]),
                    "cuDeviceGetAttribute");
            String deviceName = cString(name);
            try {
                Loader.load(org.bytedeco.cuda.global.nvrtc.class);
            } catch (Throwable e) {
                return unusable("NVRTC does not load (" + firstLine(e) + ")");
            }
            String version;
            try {
                Loader.load(org.bytedeco.tensorrt.global.nvinfer.class);
                Loader.load(org.bytedeco.tensorrt.global.nvonnxparser.class);
                version = versionString(org.bytedeco.tensorrt.global.nvinfer.getInferLibVersion());
            } catch (Throwable e) {
                return unusable("TensorRT does not load (" + firstLine(e) + ")");
            }
            return new TensorRtAvailability(true, "TensorRT " + version + " on " + deviceName + " (compute "
                    + major[0] + "." + minor[0] + ")", deviceName, major[0], minor[0], version);
        } catch (Throwable e) {
            return unusable("CUDA probe failed (" + firstLine(e) + ")");
        }
    }

    static String versionString(int v) {
        // TensorRT 10 encodes major * 10000 + minor * 100 + patch
        return (v / 10000) + "." + (v / 100 % 100) + "." + (v % 100);
    }

    private static TensorRtAvailability unusable(String reason) {
        return new TensorRtAvailability(false, reason, "", 0, 0, "");
    }

    static String cString(byte[] bytes) {
        int n = 0;
        while (n < bytes.length && bytes[n] != 0) {
            n++;
        }
        return new String(bytes, 0, n, java.nio.charset.StandardCharsets.UTF_8).trim();
    }

    private static String firstLine(Throwable e) {
        String m = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl);
        // JavaCPP lists every directory it searched; the library's name is what matters
        int path = m.indexOf(" in java.library.path");
        return path < 0 ? m : m.substring(0, path + " in java.library.path".length());
    }
}
