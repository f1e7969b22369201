package io.meterreader.gauge;

/** Weighted least-squares polynomial fits of low degree (normal equations, Gaussian elimination). */
final class Polynomial {

    private Polynomial() {
    }

    /** Coefficients c0..cd of the fit y = sum c_j x^j, or null when the system is singular. */
    static double[] fit(int[] x, double[] y, double[] w, int n, int degree) {
        int k = degree + 1;
        double[][] a = new double[k][k + 1];
        for (int i = 0; i < n; i++) {
            double wi = w == null ? 1 : w[i];
            double[] powers = new double[2 * k];
            powers[0] = 1;
            for (int j = 1; j < 2 * k; j++) {
                powers[j] = powers[j - 1] * x[i];
            }
            for (int r = 0; r < k; r++) {
                for (int c = 0; c < k; c++) {
                    a[r][c] += wi * powers[r + c];
                }
                a[r][k] += wi * powers[r] * y[i];
            }
        }
        for (int col = 0; col < k; col++) {
            int pivot = col;
            for (int r = col + 1; r < k; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            if (Math.abs(a[pivot][col]) < 1e-12) {
                return null;
            }
            double[] t = a[col];
            a[col] = a[pivot];
            a[pivot] = t;
            for (int r = 0; r < k; r++) {
                if (r != col) {
                    double factor = a[r][col] / a[col][col];
                    for (int c = col; c <= k; c++) {
                        a[r][c] -= factor * a[col][c];
                    }
                }
            }
        }
        double[] coef = new double[k];
        for (int r = 0; r < k; r++) {
            coef[r] = a[r][k] / a[r][r];
        }
        return coef;
    }

    static double value(double[] coef, double x) {
        double v = 0;
        for (int j = coef.length - 1; j >= 0; j--) {
            v = v * x + coef[j];
        }
        return v;
    }
}
