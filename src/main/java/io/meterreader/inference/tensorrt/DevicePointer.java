package io.meterreader.inference.tensorrt;

import org.bytedeco.javacpp.Pointer;

/** A CUDA device address as a JavaCPP pointer, for APIs (TensorRT) that take a {@code void*}. */
final class DevicePointer extends Pointer {
    DevicePointer(long deviceAddress) {
        this.address = deviceAddress;
    }
}
