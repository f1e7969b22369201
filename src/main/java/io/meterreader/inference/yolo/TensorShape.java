package io.meterreader.inference.yolo;

import java.util.Arrays;
import java.util.Objects;

/**
 * A model input's or output's name and dimensions as the runtime reports them; a negative
 * dimension is dynamic (decided per run), such as the batch.
 */
public record TensorShape(String name, long[] dims) {

    public TensorShape {
        Objects.requireNonNull(name, "name");
        dims = dims.clone();
    }

    public static TensorShape of(String name, long... dims) {
        return new TensorShape(name, dims);
    }

    public int rank() {
        return dims.length;
    }

    public long dim(int i) {
        return dims[i];
    }

    public boolean isFixed(int i) {
        return dims[i] > 0;
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    /** Like {@code [B, 3, 640, 640]}: dynamic dimensions print as B for the first, ? elsewhere. */
    public String describe() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(dims[i] > 0 ? Long.toString(dims[i]) : i == 0 ? "B" : "?");
        }
        return sb.append(']').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorShape t && t.name.equals(name) && Arrays.equals(t.dims, dims);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return name + describe();
    }
}
