package io.meterreader.inference.yolo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.Detection;
import java.nio.FloatBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decoding and per-class NMS on hand-built [B, 4 + nc, N] tensors. */
class YoloPostprocessorTest {

    private static final List<String> CLASSES = List.of("meter", "water", "level");
    private static final int INPUT = 640;

    /** A prediction tensor being written anchor by anchor. */
    static final class Tensor {
        final int anchors;
        final int channels;
        final float[] data;

        Tensor(int batch, int channels, int anchors) {
            this.anchors = anchors;
            this.channels = channels;
            this.data = new float[batch * channels * anchors];
        }

        Tensor box(int image, int anchor, float cx, float cy, float w, float h, float... scores) {
            int base = image * channels * anchors;
            float[] values = new float[4 + scores.length];
            values[0] = cx;
            values[1] = cy;
            values[2] = w;
            values[3] = h;
            System.arraycopy(scores, 0, values, 4, scores.length);
            for (int ch = 0; ch < values.length; ch++) {
                data[base + ch * anchors + anchor] = values[ch];
            }
            return this;
        }

        FloatBuffer buffer() {
            return FloatBuffer.wrap(data);
        }
    }

    private static YoloLayout layout(int anchors) {
        return new YoloLayout(YoloTask.DETECT, "images", INPUT, INPUT, 0, CLASSES, anchors, "output0", 0, null, 0, 0);
    }

    private static List<Detection> decode(Tensor t, int image, double conf, double iou, int maxDet) {
        YoloPostprocessor post = new YoloPostprocessor(layout(t.anchors), conf, iou, maxDet);
        return post.process(t.buffer(), null, image, Letterbox.of(INPUT, INPUT, INPUT, INPUT));
    }

    @Test
    void singleAnchor_decodesToExactCorners() {
        Tensor t = new Tensor(1, 7, 4).box(0, 2, 50, 40, 20, 10, 0.1f, 0.9f, 0.2f);
        List<Detection> d = decode(t, 0, 0.25, 0.45, 100);
        assertThat(d).hasSize(1);
        assertThat(d.get(0).box()).isEqualTo(new BoundingBox(40, 35, 20, 10));
        assertThat(d.get(0).classId()).isEqualTo(1);
        assertThat(d.get(0).label()).isEqualTo("water");
        assertThat(d.get(0).confidence()).isCloseTo(0.9, within(1e-7));
        assertThat(d.get(0).mask()).isNull();
    }

    @Test
    void noScoreAboveThreshold_givesEmptyList() {
        Tensor t = new Tensor(1, 7, 3).box(0, 0, 50, 50, 10, 10, 0.2f, 0.1f, 0.24f);
        assertThat(decode(t, 0, 0.25, 0.45, 100)).isEmpty();
    }

    @Test
    void scoreEqualToThreshold_isDropped() {
        Tensor t = new Tensor(1, 7, 2)
                .box(0, 0, 50, 50, 10, 10, 0.25f, 0f, 0f)
                .box(0, 1, 300, 300, 10, 10, 0.2501f, 0f, 0f);
        List<Detection> d = decode(t, 0, 0.25, 0.45, 100);
        assertThat(d).extracting(x -> x.box().centerX()).containsExactly(300.0);
    }

    @Test
    void overlappingBoxesOfOneClass_keepOnlyTheBest() {
        // IoU of these two: 90 / 110 = 0.818
        Tensor t = new Tensor(1, 7, 3)
                .box(0, 0, 100, 100, 10, 10, 0.6f, 0f, 0f)
                .box(0, 1, 101, 100, 10, 10, 0.8f, 0f, 0f)
                .box(0, 2, 400, 400, 10, 10, 0.5f, 0f, 0f);
        List<Detection> d = decode(t, 0, 0.25, 0.45, 100);
        assertThat(d).extracting(Detection::confidence).containsExactly(0.800000011920929, 0.5);
    }

    @Test
    void overlappingBoxesOfDifferentClasses_areBothKept() {
        // same place, classes 0 and 2: the class offset keeps them apart
        Tensor t = new Tensor(1, 7, 2)
                .box(0, 0, 100, 100, 10, 10, 0.9f, 0f, 0f)
                .box(0, 1, 100, 100, 10, 10, 0f, 0f, 0.7f);
        List<Detection> d = decode(t, 0, 0.25, 0.45, 100);
        assertThat(d).extracting(Detection::classId).containsExactly(0, 2);
        assertThat(d.get(0).box()).isEqualTo(d.get(1).box());
    }

    @Test
    void overlapEqualToIouThreshold_keepsBoth() {
        // boxes 10x10 and 10x5 sharing the top half: IoU exactly 0.5
        Tensor t = new Tensor(1, 7, 2)
                .box(0, 0, 105, 105, 10, 10, 0.9f, 0f, 0f)
                .box(0, 1, 105, 102.5f, 10, 5, 0.8f, 0f, 0f);
        assertThat(decode(t, 0, 0.25, 0.5, 100)).hasSize(2);
        assertThat(decode(t, 0, 0.25, 0.49, 100)).hasSize(1);
    }

    @Test
    void anchorScores_pickTheBestClass() {
        Tensor t = new Tensor(1, 7, 1).box(0, 0, 100, 100, 10, 10, 0.3f, 0.5f, 0.8f);
        Detection d = decode(t, 0, 0.25, 0.45, 100).get(0);
        assertThat(d.classId()).isEqualTo(2);
        assertThat(d.label()).isEqualTo("level");
        assertThat(d.confidence()).isCloseTo(0.8, within(1e-7));
    }

    @Test
    void secondImageOfBatch_isReadAtItsOwnOffset() {
        Tensor t = new Tensor(2, 7, 3)
                .box(0, 0, 100, 100, 10, 10, 0.9f, 0f, 0f)
                .box(1, 1, 200, 300, 40, 20, 0f, 0.6f, 0f);
        List<Detection> second = decode(t, 1, 0.25, 0.45, 100);
        assertThat(second).hasSize(1);
        assertThat(second.get(0).box()).isEqualTo(new BoundingBox(180, 290, 40, 20));
        assertThat(second.get(0).label()).isEqualTo("water");
    }

    @Test
    void maxDetections_keepsTheBest() {
        Tensor t = new Tensor(1, 7, 4);
        for (int i = 0; i < 4; i++) {
            t.box(0, i, 50 + 100 * i, 50, 20, 20, 0.3f + 0.1f * i, 0f, 0f);
        }
        List<Detection> d = decode(t, 0, 0.25, 0.45, 2);
        assertThat(d).extracting(x -> x.box().centerX()).containsExactly(350.0, 250.0);
    }

    @Test
    void letterboxedImage_boxesComeBackInImagePixelsClipped() {
        // a 1280x640 frame in 640x640: scaled by 0.5, 160 rows of padding above
        Tensor t = new Tensor(1, 7, 2)
                .box(0, 0, 320, 320, 100, 50, 0.9f, 0f, 0f)
                .box(0, 1, 20, 170, 60, 40, 0f, 0.9f, 0f);
        YoloPostprocessor post = new YoloPostprocessor(layout(2), 0.25, 0.45, 100);
        List<Detection> d = post.process(t.buffer(), null, 0, Letterbox.of(1280, 640, INPUT, INPUT));
        assertThat(d.get(0).box()).isEqualTo(new BoundingBox(540, 270, 200, 100));
        // reaches 10 px left of the image and 10 px into the padding above it: clipped
        assertThat(d.get(1).box()).isEqualTo(new BoundingBox(0, 0, 100, 60));
    }

    @Test
    void thresholdsOutOfRange_areRefused() {
        assertThatThrownBy(() -> new YoloPostprocessor(layout(1), 1.5, 0.45, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new YoloPostprocessor(layout(1), 0.25, 0.45, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
