package io.meterreader.pipeline;

import io.meterreader.config.InferenceProperties;
import io.meterreader.frame.Detection;
import io.meterreader.frame.ImageRegion;
import io.meterreader.frame.Mask;
import io.meterreader.inference.InferenceBackends;
import io.meterreader.inference.Models;
import io.meterreader.sim.DatasetExport;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a segmentation model draws its masks against the truth: over the dial crops of a
 * {@code sim dataset} export, each label polygon is matched with the model's instance of its class
 * that overlaps it most (mask IoU {@value #MATCH_IOU} or more), and the offset between their
 * centroids is taken, in prototype cells of the model's input (4 input pixels at stride 4; right
 * and down positive). A diagnostic, not the {@code mask_offset} itself: a mask drawn half a cell
 * off is cut by its box, which is not off, so its centroid moves less than the mask (the shipped
 * segmenter, trained on targets half a cell right of and below the truth: ticks +0.21 / +0.21
 * cells, 8931 of 14351 matched, on the held-out export's 506 crops); the pointer's centroid moves with its shape too (its tail, its
 * cap). A segmenter trained on unshifted targets should show no offset here.
 */
public final class MaskOffsetMeasure {

    /**
     * A loose match: a tick two or three pixels wide drawn a pixel or two off overlaps its truth
     * little, and a strict match (0.5) keeps only the instances drawn in place (on 300 crops of
     * the held-out export, 927 of 8398 ticks matched, offset +0.05 / +0.03 cells, against 5291
     * at this threshold, +0.20 / +0.22).
     */
    static final double MATCH_IOU = 0.05;
    private static final int BATCH = 8;

    /** The mean offsets of one class's matched instances, in prototype cells. */
    public record Offset(String label, int matched, int labelled, double x, double y) {
    }

    private MaskOffsetMeasure() {
    }

    /** The offsets by class over at most {@code limit} crops (0: all) of a split. */
    public static List<Offset> run(InferenceProperties inference, Path dataset, String split, int limit)
            throws IOException {
        Path images = dataset.resolve("seg/images/" + split);
        Path labels = dataset.resolve("seg/labels/" + split);
        if (!Files.isDirectory(images) || !Files.isDirectory(labels)) {
            throw new IOException(dataset + " is not a sim dataset (no seg/images/" + split + " or seg/labels/" + split + ")");
        }
        List<Path> crops;
        try (Stream<Path> s = Files.list(images)) {
            crops = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        if (limit > 0 && crops.size() > limit) {
            crops = crops.subList(0, limit);
        }
        List<String> names = ModelFrameReader.SEGMENTER_CLASSES;
        double[] sx = new double[names.size()];
        double[] sy = new double[names.size()];
        int[] matched = new int[names.size()];
        int[] labelled = new int[names.size()];
        try (Models models = InferenceBackends.open(inference, ModelFrameReader.DETECTOR_CLASSES, names)) {
            int input = Math.max(models.segmenter().info().inputWidth(), models.segmenter().info().inputHeight());
            for (int start = 0; start < crops.size(); start += BATCH) {
                List<Path> batch = crops.subList(start, Math.min(crops.size(), start + BATCH));
                List<ImageRegion> regions = new ArrayList<>();
                for (Path p : batch) {
                    ImageDecoder.BgrImage img;
                    try {
                        img = ImageDecoder.decode(Files.readAllBytes(p));
                    } catch (ImageDecoder.UnreadableImageException | ImageDecoder.ImageTooLargeException e) {
                        throw new IOException(p + ": " + e.getMessage(), e);
                    }
                    regions.add(ImageRegion.whole(img.bgr(), img.width(), img.height()));
                }
                List<List<Detection>> found = models.segmenter().segment(regions);
                for (int i = 0; i < batch.size(); i++) {
                    ImageRegion crop = regions.get(i);
                    double cell = 4.0 * Math.max(crop.width(), crop.height()) / input;
                    String name = batch.get(i).getFileName().toString().replace(".jpg", ".txt");
                    for (String line : Files.readAllLines(labels.resolve(name))) {
                        DatasetExport.LabelPolygon polygon = DatasetExport.labelPolygon(line, crop.width(), crop.height());
                        if (polygon == null) {
                            continue;
                        }
                        int cls = polygon.classId();
                        Mask truth = fill(polygon.path(), crop.width(), crop.height());
                        labelled[cls]++;
                        Detection best = null;
                        double bestIou = MATCH_IOU;
                        for (Detection d : found.get(i)) {
                            double iou = d.classId() == cls && d.hasMask() ? d.mask().iou(truth) : 0;
                            if (iou >= bestIou) {
                                bestIou = iou;
                                best = d;
                            }
                        }
                        if (best != null) {
                            double[] a = centroid(best.mask());
                            double[] b = centroid(truth);
                            sx[cls] += (a[0] - b[0]) / cell;
                            sy[cls] += (a[1] - b[1]) / cell;
                            matched[cls]++;
                        }
                    }
                }
            }
        }
        List<Offset> out = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            out.add(new Offset(names.get(c), matched[c], labelled[c], matched[c] == 0 ? Double.NaN : sx[c] / matched[c],
                    matched[c] == 0 ? Double.NaN : sy[c] / matched[c]));
        }
        return out;
    }

    /** A label polygon filled at the crop's size, pixel centres inside. */
    static Mask fill(Path2D poly, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fill(poly);
        g.dispose();
        byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        byte[] on = new byte[w * h];
        for (int k = 0; k < on.length; k++) {
            on[k] = (byte) (px[k] != 0 ? 1 : 0);
        }
        return new Mask(w, h, on);
    }

    /** A mask's centroid, pixel centres. */
    static double[] centroid(Mask m) {
        double x = 0;
        double y = 0;
        int n = 0;
        for (int r = 0; r < m.windowHeight(); r++) {
            for (int c = 0; c < m.windowWidth(); c++) {
                if (m.window()[r * m.windowWidth() + c] != 0) {
                    x += m.x() + c + 0.5;
                    y += m.y() + r + 0.5;
                    n++;
                }
            }
        }
        return n == 0 ? new double[] {Double.NaN, Double.NaN} : new double[] {x / n, y / n};
    }
}
