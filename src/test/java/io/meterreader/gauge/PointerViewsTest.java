package io.meterreader.gauge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.meterreader.frame.GaugeType;
import io.meterreader.frame.ReadingStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class PointerViewsTest {

    private static GaugeMeasurement ok(double fraction, double confidence) {
        return GaugeMeasurement.ok(GaugeType.POINTER, fraction, confidence, null);
    }

    private static GaugeMeasurement failed(ReadingStatus status, double confidence) {
        return GaugeMeasurement.failed(GaugeType.POINTER, status, confidence, null);
    }

    @Test
    void confirmed_byTheOtherCropsEarlierReadingCarriedOn_isTheReadingNow_atTheSurerConfidence() {
        GaugeMeasurement now = ok(0.52, 0.5);

        GaugeMeasurement m = PointerViews.confirmed(now, ok(0.50, 0.7), 0.02);

        assertThat(m.status()).isEqualTo(ReadingStatus.OK);
        assertThat(m.fraction()).isCloseTo(0.52, within(1e-12));
        assertThat(m.confidence()).isCloseTo(0.7, within(1e-12));
        // without the needle's move the two are two hundredths apart: not confirmed
        assertThat(PointerViews.confirmed(now, ok(0.50, 0.7), 0)).isNull();
    }

    @Test
    void confirmed_needsBothReadingsOk_andAMoveThatIsANumber() {
        assertThat(PointerViews.confirmed(failed(ReadingStatus.SCALE_NOT_FOUND, 0.9), ok(0.5, 0.9), 0)).isNull();
        assertThat(PointerViews.confirmed(ok(0.5, 0.9), failed(ReadingStatus.OUT_OF_RANGE, 0.9), 0)).isNull();
        assertThat(PointerViews.confirmed(ok(0.5, 0.9), ok(0.5, 0.9), Double.NaN)).isNull();
    }

    @Test
    void agreeingViews_giveTheirMeanWeighedByConfidence_atTheSurestConfidence() {
        PointerViews.Combined c = PointerViews.combine(List.of(ok(0.500, 0.6), ok(0.508, 0.2)));

        assertThat(c.measurement().status()).isEqualTo(ReadingStatus.OK);
        assertThat(c.measurement().fraction()).isCloseTo((0.500 * 0.6 + 0.508 * 0.2) / 0.8, within(1e-12));
        assertThat(c.measurement().confidence()).isCloseTo(0.6, within(1e-12));
        assertThat(c.view()).isZero();
    }

    @Test
    void disagreeingViews_keepTheSurerReading_atHalfItsConfidence() {
        PointerViews.Combined c = PointerViews.combine(List.of(ok(0.30, 0.4), ok(0.42, 0.9)));

        assertThat(c.measurement().fraction()).isCloseTo(0.42, within(1e-12));
        assertThat(c.measurement().confidence()).isCloseTo(0.45, within(1e-12));
        assertThat(c.view()).isEqualTo(1);
    }

    @Test
    void aReadingOnlyOneViewMakes_isHalfAsSure() {
        PointerViews.Combined c = PointerViews.combine(List.of(failed(ReadingStatus.SCALE_NOT_FOUND, 0), ok(0.7, 0.8)));

        assertThat(c.measurement().fraction()).isCloseTo(0.7, within(1e-12));
        assertThat(c.measurement().confidence()).isCloseTo(0.4, within(1e-12));
        assertThat(c.view()).isEqualTo(1);
    }

    @Test
    void noReading_leavesTheSurestFailure() {
        PointerViews.Combined c = PointerViews.combine(List.of(failed(ReadingStatus.POINTER_NOT_FOUND, 0),
                failed(ReadingStatus.OUT_OF_RANGE, 0.3)));

        assertThat(c.measurement().status()).isEqualTo(ReadingStatus.OUT_OF_RANGE);
        assertThat(c.measurement().fraction()).isNull();
        assertThat(c.view()).isEqualTo(1);
    }

    @Test
    void oneView_isItsOwnReading() {
        GaugeMeasurement only = ok(0.25, 0.7);

        assertThat(PointerViews.combine(List.of(only)).measurement()).isSameAs(only);
    }

    @Test
    void margins_areTheTrainedOneAloneOrTheTwoViews() {
        assertThat(PointerViews.margins(1)).containsExactly(PointerReader.CROP_MARGIN);
        assertThat(PointerViews.margins(2)).containsExactly(0.06, 0.14);
        assertThrows(IllegalArgumentException.class, () -> PointerViews.margins(3));
    }
}
