package io.meterreader.pipeline;

import io.meterreader.config.InferenceBackend;
import io.meterreader.config.InferenceProperties;
import io.meterreader.gauge.LevelReader;
import io.meterreader.gauge.PointerReader;
import io.meterreader.inference.InferenceBackends;
import io.meterreader.inference.Models;
import io.meterreader.inference.OnnxMetadata;
import io.meterreader.inference.onnx.OnnxRuntimeRunner;
import io.meterreader.metrics.MeterReaderMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * The inference workers of the live pipeline: each its own copy of the models and a frame reader
 * over them. On a CPU the models of one worker run a batch at a time, and a run spread over the
 * cores waits at every layer for the slowest of them, the more so when camera threads decoding
 * take a core away; workers of one thread each keep every core busy. Measured on the 2-core
 * development machine (README, Benchmarks): two workers of one thread read 23-29% more frames
 * per second live than one worker of two, and sustain more cameras. TensorRT gets one worker:
 * the GPU runs one batch at a time.
 *
 * <p>The first worker's models also serve the offline reader ({@code POST /api/v1/read}).
 */
final class InferenceWorkers implements AutoCloseable {

    /** Auto sizing takes at most this many workers, one per core. */
    static final int MAX_AUTO_WORKERS = 4;
    /**
     * Frames per batch of each of several CPU workers, at most. Live, 8 cameras, two workers of one
     * thread on the 2-core machine: batches of 2 read every frame due at p99 601 ms, batches of 4
     * 99% of them at p99 2100 ms (README, Benchmarks).
     */
    static final int CPU_MAX_BATCH = 2;

    private final List<Models> models;
    private final List<ModelFrameReader> readers;
    private final int threads;
    private final int maxBatch;

    private InferenceWorkers(List<Models> models, List<ModelFrameReader> readers, int threads, int maxBatch) {
        this.models = List.copyOf(models);
        this.readers = List.copyOf(readers);
        this.threads = threads;
        this.maxBatch = maxBatch;
    }

    /** Opens the models once per worker ({@link InferenceProperties#workers()}, 0 for auto). */
    static InferenceWorkers open(InferenceProperties props, MeterReaderMetrics metrics) {
        return open(props, metrics, Runtime.getRuntime().availableProcessors());
    }

    /** How many workers, and ONNX Runtime threads for each, on a machine of {@code cores}. */
    record Sizing(int workers, int threads) {
        static Sizing of(InferenceProperties props, int cores) {
            int workers = props.workers() > 0 ? props.workers() : Math.max(1, Math.min(cores, MAX_AUTO_WORKERS));
            int threads = props.threads() > 0 ? props.threads() : Math.max(1, cores / workers);
            return new Sizing(workers, threads);
        }
    }

    static InferenceWorkers open(InferenceProperties props, MeterReaderMetrics metrics, int cores) {
        Sizing sizing = Sizing.of(props, cores);
        int workers = sizing.workers();
        int threads = sizing.threads();
        List<Models> opened = new ArrayList<>();
        try {
            Models first = InferenceBackends.open(props.withThreads(threads), ModelFrameReader.DETECTOR_CLASSES,
                    ModelFrameReader.SEGMENTER_CLASSES);
            opened.add(first);
            if (!first.backend().equals(OnnxRuntimeRunner.BACKEND)) {
                workers = 1;
            }
            InferenceProperties more = props.withThreads(threads).withBackend(InferenceBackend.ONNXRUNTIME);
            while (opened.size() < workers) {
                opened.add(InferenceBackends.open(more, ModelFrameReader.DETECTOR_CLASSES,
                        ModelFrameReader.SEGMENTER_CLASSES));
            }
        } catch (RuntimeException e) {
            opened.forEach(Models::close);
            throw e;
        }
        List<ModelFrameReader> readers = new ArrayList<>();
        double maskOffset;
        try {
            maskOffset = OnnxMetadata.maskOffset(props.segmenter());
        } catch (RuntimeException e) {
            opened.forEach(Models::close);
            throw e;
        }
        for (Models m : opened) {
            readers.add(new ModelFrameReader(m, PointerReader.standard(), LevelReader.standard(), metrics,
                    props.dialViews(), maskOffset));
        }
        // The batch is shared out, and CPU workers take small ones: a frame waits for its whole
        // batch, and on one thread a larger batch reads no more frames a second.
        int maxBatch = Math.max(1, props.maxBatch() / opened.size());
        if (opened.size() > 1) {
            maxBatch = Math.min(maxBatch, CPU_MAX_BATCH);
        }
        return new InferenceWorkers(opened, readers, threads, maxBatch);
    }

    /** The models of each worker; the first also serves offline reads. */
    List<Models> models() {
        return models;
    }

    /** The frame reader of each worker. */
    List<ModelFrameReader> readers() {
        return readers;
    }

    /** ONNX Runtime threads per session of each worker. */
    int threads() {
        return threads;
    }

    /** Frames per batch of each worker. */
    int maxBatch() {
        return maxBatch;
    }

    @Override
    public void close() {
        for (int i = models.size() - 1; i >= 0; i--) {
            models.get(i).close();
        }
    }
}
