package io.meterreader.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.frame.Frame;
import io.meterreader.pipeline.CameraSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SnapshotImagesTest {

    private final SnapshotImages images = new SnapshotImages();
    private final AtomicInteger drawn = new AtomicInteger();

    private static CameraSnapshot snapshot(long sequence) {
        return new CameraSnapshot(new Frame("cam1", sequence, Instant.parse("2026-12-07T10:00:00Z")
                .plusSeconds(sequence), 4, 2, new byte[4 * 2 * 3]), List.of());
    }

    private byte[] draw() {
        return new byte[] {(byte) drawn.incrementAndGet()};
    }

    @Test
    void aPicture_isDrawnOnceAFrame_eachKindOfItOnItsOwn() {
        CameraSnapshot first = snapshot(1);
        byte[] once = images.jpeg("cam1 annotated 480", first, this::draw);
        assertThat(images.jpeg("cam1 annotated 480", first, this::draw)).as("the same frame").isSameAs(once);
        assertThat(drawn).hasValue(1);
        assertThat(images.jpeg("cam1 annotated null", first, this::draw)).as("another size").containsExactly(2);
        CameraSnapshot next = snapshot(2);
        assertThat(images.jpeg("cam1 annotated 480", next, this::draw)).as("the next frame").containsExactly(3);
        assertThat(images.jpeg("cam1 annotated 480", next, this::draw)).containsExactly(3);
        // an equal snapshot is still another frame's: only the very one drawn is taken as drawn
        assertThat(images.jpeg("cam1 annotated 480", snapshot(2), this::draw)).containsExactly(4);
    }

    @Test
    void picturesKept_areBounded() {
        CameraSnapshot s = snapshot(1);
        for (int width = 16; width < 16 + SnapshotImages.MAX_KEPT; width++) {
            images.jpeg("cam1 annotated " + width, s, this::draw);
        }
        images.jpeg("cam1 annotated 16", s, this::draw);
        assertThat(drawn).as("all kept so far").hasValue(SnapshotImages.MAX_KEPT);
        images.jpeg("cam1 annotated 9999", s, this::draw);
        images.jpeg("cam1 annotated 16", s, this::draw);
        assertThat(drawn).as("dropped once full, and drawn again").hasValue(SnapshotImages.MAX_KEPT + 2);
    }
}
