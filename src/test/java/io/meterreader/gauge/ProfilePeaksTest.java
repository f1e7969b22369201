package io.meterreader.gauge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProfilePeaksTest {

    @Test
    void strictLocalMaxima_arePeaksAtTheirColumns() {
        assertEquals(List.of(2.0, 6.0), ProfilePeaks.localMaxima(new int[] {0, 1, 5, 2, 0, 3, 7, 1, 0}));
    }

    @Test
    void flatTop_isOnePeakAtItsMeanColumn() {
        assertEquals(List.of(4.0), ProfilePeaks.localMaxima(new int[] {0, 0, 2, 6, 6, 6, 3, 0}));
    }

    @Test
    void zeroColumns_andEnds_areNeverPeaks() {
        assertEquals(List.of(), ProfilePeaks.localMaxima(new int[] {9, 0, 0, 0, 9}));
    }

    @Test
    void flatRunLeftByARise_staysInTheBufferAndPullsTheNextFlatTop() {
        // As in the original: the run at columns 1-2 is left upwards, so it is not a peak, and its
        // first column stays buffered: the flat top at 3-4 comes out at mean(1, 3, 4) = 2.667.
        List<Double> peaks = ProfilePeaks.localMaxima(new int[] {0, 4, 4, 6, 6, 1});
        assertEquals(1, peaks.size());
        assertEquals(8.0 / 3, peaks.get(0), 1e-12);
    }

    @Test
    void columnProfile_subtractsTheMeanAndDropsNegatives() {
        // 2 rows x 4 columns; column sums 0, 2, 1, 1: mean 1, so 0, 1, 0, 0.
        byte[] strip = {0, 1, 1, 0, 0, 1, 0, 1};
        assertArrayEquals(new int[] {0, 1, 0, 0}, ProfilePeaks.columnProfile(strip, 4, 2));
    }
}
