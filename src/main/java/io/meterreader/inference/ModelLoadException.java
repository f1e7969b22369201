package io.meterreader.inference;

/** A model file could not be loaded or run by a runtime (unreadable, corrupt, out of memory...). */
public class ModelLoadException extends RuntimeException {
    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }

    public ModelLoadException(String message) {
        super(message);
    }
}
