package io.meterreader.sim;

import java.awt.Shape;
import java.awt.geom.Path2D;
import java.awt.geom.PathIterator;
import java.util.ArrayList;
import java.util.List;

/** Polygons as flat {@code x0, y0, x1, y1, ...} arrays, and the few operations labels need. */
final class Polygons {

    private Polygons() {
    }

    static Path2D.Double path(double[] xy) {
        Path2D.Double p = new Path2D.Double();
        if (xy.length >= 2) {
            p.moveTo(xy[0], xy[1]);
            for (int k = 2; k < xy.length; k += 2) {
                p.lineTo(xy[k], xy[k + 1]);
            }
            p.closePath();
        }
        return p;
    }

    /** The outer boundaries of a shape, curves flattened to within {@code flatness} pixels. */
    static List<double[]> of(Shape shape, double flatness) {
        List<double[]> pieces = new ArrayList<>();
        List<Double> current = new ArrayList<>();
        double[] c = new double[6];
        for (PathIterator it = shape.getPathIterator(null, flatness); !it.isDone(); it.next()) {
            int seg = it.currentSegment(c);
            if (seg == PathIterator.SEG_MOVETO) {
                flush(current, pieces);
                current.add(c[0]);
                current.add(c[1]);
            } else if (seg == PathIterator.SEG_LINETO) {
                int n = current.size();
                if (n < 2 || Math.abs(current.get(n - 2) - c[0]) > 1e-9 || Math.abs(current.get(n - 1) - c[1]) > 1e-9) {
                    current.add(c[0]);
                    current.add(c[1]);
                }
            } else if (seg == PathIterator.SEG_CLOSE) {
                flush(current, pieces);
            }
        }
        flush(current, pieces);
        if (pieces.isEmpty()) {
            return pieces;
        }
        // Holes wind the other way round from the largest outline; labels only want outlines.
        double[] largest = pieces.get(0);
        for (double[] p : pieces) {
            if (Math.abs(area(p)) > Math.abs(area(largest))) {
                largest = p;
            }
        }
        double sign = Math.signum(area(largest));
        List<double[]> outlines = new ArrayList<>();
        for (double[] p : pieces) {
            if (Math.signum(area(p)) == sign) {
                outlines.add(p);
            }
        }
        return outlines;
    }

    private static void flush(List<Double> current, List<double[]> pieces) {
        int n = current.size();
        if (n >= 4 && Math.abs(current.get(0) - current.get(n - 2)) < 1e-9
                && Math.abs(current.get(1) - current.get(n - 1)) < 1e-9) {
            current.remove(n - 1);
            current.remove(n - 2);
        }
        if (current.size() >= 6) {
            double[] xy = new double[current.size()];
            for (int i = 0; i < xy.length; i++) {
                xy[i] = current.get(i);
            }
            if (Math.abs(area(xy)) > 1e-6) {
                pieces.add(xy);
            }
        }
        current.clear();
    }

    /**
     * Several pieces as one polygon, joined by zero-width bridges between their closest vertices
     * (how the YOLO-seg format carries an instance that an occluder or the cap cut in two).
     */
    static double[] single(List<double[]> pieces) {
        if (pieces.isEmpty()) {
            return new double[0];
        }
        List<double[]> rest = new ArrayList<>(pieces);
        rest.sort((a, b) -> Double.compare(Math.abs(area(b)), Math.abs(area(a))));
        double[] merged = rest.remove(0);
        while (!rest.isEmpty()) {
            int bestPiece = 0, bestI = 0, bestJ = 0;
            double best = Double.POSITIVE_INFINITY;
            for (int p = 0; p < rest.size(); p++) {
                double[] other = rest.get(p);
                for (int i = 0; i < merged.length; i += 2) {
                    for (int j = 0; j < other.length; j += 2) {
                        double d = sq(merged[i] - other[j]) + sq(merged[i + 1] - other[j + 1]);
                        if (d < best) {
                            best = d;
                            bestPiece = p;
                            bestI = i;
                            bestJ = j;
                        }
                    }
                }
            }
            double[] other = rest.remove(bestPiece);
            double[] out = new double[merged.length + other.length + 4];
            int k = 0;
            for (int i = 0; i <= bestI; i++) {
                out[k++] = merged[i];
            }
            out[k++] = merged[bestI + 1];
            for (int j = 0; j < other.length; j += 2) {
                int idx = (bestJ + j) % other.length;
                out[k++] = other[idx];
                out[k++] = other[idx + 1];
            }
            out[k++] = other[bestJ];
            out[k++] = other[bestJ + 1];
            for (int i = bestI; i < merged.length; i++) {
                out[k++] = merged[i];
            }
            merged = out;
        }
        return merged;
    }

    /** Shoelace area, positive for clockwise polygons on screen (y down). */
    static double area(double[] xy) {
        double a = 0;
        int n = xy.length / 2;
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            a += xy[2 * i] * xy[2 * j + 1] - xy[2 * j] * xy[2 * i + 1];
        }
        return a / 2;
    }

    static double[] centroid(double[] xy) {
        double sx = 0, sy = 0;
        for (int k = 0; k < xy.length; k += 2) {
            sx += xy[k];
            sy += xy[k + 1];
        }
        int n = xy.length / 2;
        return new double[] {sx / n, sy / n};
    }

    /** The part of the polygon inside the rectangle (Sutherland-Hodgman); may be empty. */
    static double[] clip(double[] xy, double x1, double y1, double x2, double y2) {
        double[] out = xy;
        out = clipEdge(out, 0, x1, true);
        out = clipEdge(out, 0, x2, false);
        out = clipEdge(out, 1, y1, true);
        out = clipEdge(out, 1, y2, false);
        return out.length >= 6 ? out : new double[0];
    }

    private static double[] clipEdge(double[] xy, int axis, double limit, boolean keepAbove) {
        int n = xy.length / 2;
        if (n == 0) {
            return xy;
        }
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            double ax = xy[2 * i], ay = xy[2 * i + 1], bx = xy[2 * j], by = xy[2 * j + 1];
            double av = axis == 0 ? ax : ay;
            double bv = axis == 0 ? bx : by;
            boolean aIn = keepAbove ? av >= limit : av <= limit;
            boolean bIn = keepAbove ? bv >= limit : bv <= limit;
            if (aIn) {
                out.add(ax);
                out.add(ay);
            }
            if (aIn != bIn) {
                double t = (limit - av) / (bv - av);
                out.add(ax + t * (bx - ax));
                out.add(ay + t * (by - ay));
            }
        }
        double[] r = new double[out.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = out.get(i);
        }
        return r;
    }

    /** The convex hull of a point set (Andrew's monotone chain), counter-clockwise on screen. */
    static double[] hull(double[] xy) {
        int n = xy.length / 2;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> xy[2 * a] != xy[2 * b] ? Double.compare(xy[2 * a], xy[2 * b])
                : Double.compare(xy[2 * a + 1], xy[2 * b + 1]));
        int[] h = new int[2 * n];
        int k = 0;
        for (int pass = 0; pass < 2; pass++) {
            int start = k;
            for (int j = 0; j < n; j++) {
                int i = order[pass == 0 ? j : n - 1 - j];
                while (k >= start + 2 && cross(xy, h[k - 2], h[k - 1], i) <= 0) {
                    k--;
                }
                h[k++] = i;
            }
            k--;
        }
        double[] out = new double[2 * Math.max(k, 0)];
        for (int i = 0; i < k; i++) {
            out[2 * i] = xy[2 * h[i]];
            out[2 * i + 1] = xy[2 * h[i] + 1];
        }
        return out;
    }

    private static double cross(double[] xy, int o, int a, int b) {
        return (xy[2 * a] - xy[2 * o]) * (xy[2 * b + 1] - xy[2 * o + 1]) - (xy[2 * a + 1] - xy[2 * o + 1]) * (xy[2 * b] - xy[2 * o]);
    }

    private static double sq(double v) {
        return v * v;
    }
}
