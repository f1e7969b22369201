package io.meterreader.gauge;

import java.util.ArrayList;
import java.util.List;

/**
 * The original system's peak finder for the column profiles of its polar strip, kept with its
 * exact behaviour because the baseline must read as the original did.
 *
 * <p>A strict local maximum is a peak at its column. A flat top (a run of equal values reached by
 * a rise and left by a fall) is one peak at the mean column of the run. Zero columns are skipped
 * without resetting anything, and a run that is left by a further rise is not a peak; its columns
 * stay in the run buffer and pull the next flat top's mean towards them, as in the original.
 * The first and last columns are never peaks.
 */
final class ProfilePeaks {

    private ProfilePeaks() {
    }

    static List<Double> localMaxima(int[] line) {
        List<Double> peaks = new ArrayList<>();
        double runSum = 0;
        int runLength = 0;
        boolean ascending = true;
        for (int i = 1; i < line.length - 1; i++) {
            int prev = line[i - 1];
            int cur = line[i];
            int next = line[i + 1];
            if (cur == 0) {
                continue;
            }
            if (prev > cur) {
                ascending = false;
                continue;
            }
            if (prev < cur && cur > next) {
                peaks.add((double) i);
                continue;
            }
            if (prev <= cur && cur <= next) {
                ascending = true;
            }
            if (prev < cur && cur == next) {
                runSum += i;
                runLength++;
                continue;
            }
            if (ascending && prev == cur && cur == next) {
                runSum += i;
                runLength++;
                continue;
            }
            if (ascending && prev == cur && cur > next) {
                runSum += i;
                runLength++;
                peaks.add(runSum / runLength);
                runSum = 0;
                runLength = 0;
            }
        }
        return peaks;
    }

    /**
     * The original's profile: column sums of a {@code rows x columns} strip, less their mean,
     * negative values set to 0 (integer arithmetic, the difference truncated towards zero).
     */
    static int[] columnProfile(byte[] strip, int columns, int rows) {
        int[] line = new int[columns];
        double mean = 0;
        for (int x = 0; x < columns; x++) {
            int sum = 0;
            for (int y = 0; y < rows; y++) {
                sum += strip[y * columns + x];
            }
            line[x] = sum;
            mean += sum;
        }
        mean /= columns;
        for (int x = 0; x < columns; x++) {
            line[x] = line[x] > mean ? (int) (line[x] - mean) : 0;
        }
        return line;
    }
}
