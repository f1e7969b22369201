package io.meterreader.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MaskTest {

    /** A 10x8 mask with a 3x2 window at (4, 5) holding pixels (4, 5), (6, 5) and (5, 6). */
    private static Mask windowed() {
        return new Mask(10, 8, 4, 5, 3, 2, new byte[] {1, 0, 1, 0, 1, 0});
    }

    @Test
    void windowedMask_readsItsWindowAndIsEmptyElsewhere() {
        Mask m = windowed();
        assertThat(m.get(4, 5)).isTrue();
        assertThat(m.get(5, 5)).isFalse();
        assertThat(m.get(6, 5)).isTrue();
        assertThat(m.get(5, 6)).isTrue();
        assertThat(m.get(0, 0)).isFalse();
        assertThat(m.get(9, 7)).isFalse();
        assertThat(m.get(-1, 5)).isFalse();
        assertThat(m.area()).isEqualTo(3);
    }

    @Test
    void windowedAndWholeMasksWithTheSamePixels_areEqual() {
        Mask whole = Mask.empty(10, 8);
        whole.set(4, 5, true);
        whole.set(6, 5, true);
        whole.set(5, 6, true);
        assertThat(windowed()).isEqualTo(whole).hasSameHashCodeAs(whole);
        assertThat(windowed().iou(whole)).isEqualTo(1.0);
        whole.set(0, 0, true);
        assertThat(windowed()).isNotEqualTo(whole);
        assertThat(windowed().iou(whole)).isEqualTo(0.75);
        assertThat(Mask.none(10, 8)).isEqualTo(Mask.empty(10, 8));
    }

    @Test
    void windowedMask_hasNoWholeImageArray_andRejectsWritesOutsideItsWindow() {
        assertThatThrownBy(() -> windowed().pixels()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> windowed().set(0, 0, true)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(Mask.empty(3, 2).pixels()).hasSize(6);
    }

    @Test
    void windowOutsideTheMask_isRejected() {
        assertThatThrownBy(() -> new Mask(10, 8, 8, 5, 3, 2, new byte[6]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not inside");
        assertThatThrownBy(() -> new Mask(10, 8, 4, 5, 3, 2, new byte[5]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 6");
    }
}
