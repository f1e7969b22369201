package io.meterreader.inference.tensorrt;

import static org.bytedeco.cuda.global.cudart.cuGetErrorName;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetErrorString;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

/** Turns CUDA driver and NVRTC status codes into exceptions that say which call failed and why. */
final class CudaCalls {

    private CudaCalls() {
    }

    static void driver(int status, String call) {
        if (status != 0) {
            throw new IllegalStateException(call + " failed: " + driverError(status));
        }
    }

    static String driverError(int status) {
        try (PointerPointer<BytePointer> name = new PointerPointer<>(1)) {
            if (cuGetErrorName(status, name) == 0 && name.get() != null) {
                return new BytePointer(name.get()).getString() + " (" + status + ")";
            }
        } catch (Throwable e) {
            // fall through to the bare number
        }
        return "CUDA error " + status;
    }

    static void nvrtc(int status, String call) {
        if (status != 0) {
            BytePointer message = nvrtcGetErrorString(status);
            throw new IllegalStateException(call + " failed: " + (message == null ? status : message.getString()));
        }
    }
}
