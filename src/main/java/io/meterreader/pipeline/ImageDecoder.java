package io.meterreader.pipeline;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes an uploaded JPEG or PNG into BGR pixels, refusing anything else and anything too large
 * before it is decoded (the size is read from the header, so a decompression bomb never inflates).
 * A JPEG is turned upright by its EXIF orientation, as every viewer shows it: a phone stores a
 * portrait photo as landscape pixels with a tag that says to turn them, and a dial read lying on
 * its side is read wrong, or not found.
 */
public final class ImageDecoder {

    /** A decoded image: 8-bit BGR, row-major. */
    public record BgrImage(int width, int height, byte[] bgr) {
    }

    /** The image cannot be read: not JPEG or PNG, truncated, corrupt. */
    public static final class UnreadableImageException extends Exception {
        public UnreadableImageException(String message) {
            super(message);
        }
    }

    /** The image is larger than the service reads. */
    public static final class ImageTooLargeException extends Exception {
        public ImageTooLargeException(String message) {
            super(message);
        }
    }

    public static final long MAX_PIXELS = 50_000_000L;

    private ImageDecoder() {
    }

    public static BgrImage decode(byte[] data) throws UnreadableImageException, ImageTooLargeException {
        if (data == null || data.length == 0) {
            throw new UnreadableImageException("the image is empty; send a JPEG or PNG image");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new UnreadableImageException("not a JPEG or PNG image");
            }
            ImageReader reader = readers.next();
            try {
                String format = reader.getFormatName().toLowerCase(java.util.Locale.ROOT);
                if (!format.equals("jpeg") && !format.equals("png")) {
                    throw new UnreadableImageException("a " + format + " image; send JPEG or PNG");
                }
                reader.setInput(in, true, true);
                checkSize(reader.getWidth(0), reader.getHeight(0));
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                BufferedImage image = reader.read(0);
                if (format.equals("jpeg") && warnings.stream().anyMatch(ImageDecoder::cutShort)) {
                    // The decoder fills what is missing with grey: a gauge there would be read as
                    // no gauge, and the user would never know the file was incomplete.
                    throw new UnreadableImageException("the JPEG is cut short (it has no end-of-image marker): "
                            + "the upload or the file is incomplete");
                }
                if (format.equals("jpeg") && warnings.stream().anyMatch(ImageDecoder::endsTooSoon)) {
                    // the same grey, under an end-of-image marker that came too soon (a file cut and
                    // closed, a camera's frame half sent); "extraneous bytes" and the like are harmless
                    throw new UnreadableImageException("the JPEG's picture data ends before the picture does (its "
                            + "end-of-image marker comes too soon): the upload or the file is incomplete or damaged");
                }
                BgrImage bgr = toBgr(image);
                return format.equals("jpeg") ? upright(bgr, exifOrientation(data)) : bgr;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new UnreadableImageException("the image cannot be decoded: " + e.getMessage());
        }
    }

    /**
     * A 16-bit PNG (grey or RGB, with or without alpha) to 8-bit BGR by each sample's high byte:
     * Java2D's general drawing converts such an image pixel by pixel through its colour model
     * (285 ms against 57 ms here for a 9-megapixel RGB one, within one level of it; decoding the
     * PNG itself takes 0.6-1 s, and an 8-bit one 0.15 s). Alpha is dropped, as drawing onto an
     * opaque image does where it is opaque. Null for any other kind of image.
     */
    private static BgrImage fromSixteenBits(BufferedImage image) {
        if (!(image.getRaster().getDataBuffer() instanceof java.awt.image.DataBufferUShort buffer)
                || !(image.getSampleModel() instanceof java.awt.image.PixelInterleavedSampleModel model)
                || !(image.getColorModel() instanceof java.awt.image.ComponentColorModel colours)
                || !colours.getColorSpace().isCS_sRGB() && colours.getColorSpace().getType()
                != java.awt.color.ColorSpace.TYPE_GRAY) {
            return null;
        }
        int bands = model.getNumBands();
        boolean grey = colours.getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY;
        if (grey ? bands < 1 || bands > 2 : bands < 3 || bands > 4) {
            return null;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        short[] data = buffer.getData();
        int stride = model.getScanlineStride();
        int step = model.getPixelStride();
        int[] offsets = model.getBandOffsets();
        int base = buffer.getOffset() - image.getRaster().getSampleModelTranslateX() * step
                - image.getRaster().getSampleModelTranslateY() * stride;
        int r = offsets[0];
        int g = grey ? offsets[0] : offsets[1];
        int b = grey ? offsets[0] : offsets[2];
        byte[] bgr = new byte[w * h * 3];
        for (int y = 0, o = 0; y < h; y++) {
            int row = base + y * stride;
            for (int x = 0; x < w; x++, o += 3) {
                int p = row + x * step;
                bgr[o] = (byte) (data[p + b] >>> 8);
                bgr[o + 1] = (byte) (data[p + g] >>> 8);
                bgr[o + 2] = (byte) (data[p + r] >>> 8);
            }
        }
        return new BgrImage(w, h, bgr);
    }

    /**
     * The image format a file's first bytes (12 are enough) say it is: jpeg, png, gif, bmp, webp or
     * tiff; null for none of these (a video, or not an image at all).
     */
    public static String format(byte[] head) {
        if (head.length >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 && (head[2] & 0xFF) == 0xFF) {
            return "jpeg";
        }
        if (head.length >= 8 && (head[0] & 0xFF) == 0x89 && text(head, 1, "PNG\r\n")) {
            return "png";
        }
        if (text(head, 0, "GIF8")) {
            return "gif";
        }
        if (text(head, 0, "BM")) {
            return "bmp";
        }
        if (text(head, 0, "RIFF") && text(head, 8, "WEBP")) {
            return "webp";
        }
        return text(head, 0, "II*\0") || text(head, 0, "MM\0*") ? "tiff" : null;
    }

    /** Refuses an image (or a video's frames) over {@link #MAX_PIXELS}, before it is decoded. */
    public static void checkSize(int w, int h) throws ImageTooLargeException {
        if ((long) w * h > MAX_PIXELS) {
            throw new ImageTooLargeException("the image is " + w + "x" + h + " pixels; at most "
                    + MAX_PIXELS / 1_000_000 + " megapixels are read");
        }
    }

    /**
     * The EXIF orientation of a JPEG (1 to 8; 1, as stored, where it has none or it cannot be
     * read): tag 0x0112 of the first image directory of its APP1 Exif segment.
     */
    static int exifOrientation(byte[] jpeg) {
        int i = 2;
        while (i + 4 <= jpeg.length && (jpeg[i] & 0xFF) == 0xFF) {
            int marker = jpeg[i + 1] & 0xFF;
            if (marker == 0xD9 || marker == 0xDA) {
                return 1;   // the end, or the image data: no Exif before it
            }
            int length = u16(jpeg, i + 2, true);
            if (length < 2) {
                return 1;
            }
            if (marker == 0xE1 && length >= 16 && i + 2 + length <= jpeg.length && text(jpeg, i + 4, "Exif\0\0")) {
                return tiffOrientation(jpeg, i + 10, i + 2 + length);
            }
            i += 2 + length;
        }
        return 1;
    }

    private static int tiffOrientation(byte[] b, int tiff, int end) {
        boolean big = text(b, tiff, "MM");
        if (!big && !text(b, tiff, "II") || u16(b, tiff + 2, big) != 42) {
            return 1;
        }
        long ifd = tiff + (u32(b, tiff + 4, big));
        if (ifd + 2 > end) {
            return 1;
        }
        int entries = u16(b, (int) ifd, big);
        for (int k = 0; k < entries; k++) {
            int e = (int) ifd + 2 + 12 * k;
            if (e + 12 > end) {
                return 1;
            }
            if (u16(b, e, big) == 0x0112 && u16(b, e + 2, big) == 3) {   // Orientation, a SHORT
                int orientation = u16(b, e + 8, big);
                return orientation >= 1 && orientation <= 8 ? orientation : 1;
            }
        }
        return 1;
    }

    private static boolean text(byte[] b, int at, String s) {
        if (at < 0 || at + s.length() > b.length) {
            return false;
        }
        for (int k = 0; k < s.length(); k++) {
            if (b[at + k] != (byte) s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static int u16(byte[] b, int at, boolean bigEndian) {
        int hi = b[bigEndian ? at : at + 1] & 0xFF;
        int lo = b[bigEndian ? at + 1 : at] & 0xFF;
        return hi << 8 | lo;
    }

    private static long u32(byte[] b, int at, boolean bigEndian) {
        return bigEndian ? (long) u16(b, at, true) << 16 | u16(b, at + 2, true)
                : (long) u16(b, at + 2, false) << 16 | u16(b, at, false);
    }

    /**
     * The image as EXIF orientation {@code orientation} says to show it: 2 mirrored, 3 turned
     * half round, 4 flipped, 5 transposed, 6 turned a quarter clockwise, 7 transversed, 8 turned a
     * quarter counter-clockwise.
     */
    static BgrImage upright(BgrImage image, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return image;
        }
        int w = image.width();
        int h = image.height();
        boolean swap = orientation >= 5;
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        byte[] src = image.bgr();
        byte[] out = new byte[src.length];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> { sx = w - 1 - x; sy = y; }
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case 4 -> { sx = x; sy = h - 1 - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = h - 1 - x; }
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
                    default -> { sx = w - 1 - y; sy = x; }
                }
                int from = (sy * w + sx) * 3;
                int to = (y * ow + x) * 3;
                out[to] = src[from];
                out[to + 1] = src[from + 1];
                out[to + 2] = src[from + 2];
            }
        }
        return new BgrImage(ow, oh, out);
    }

    /** Whether a JPEG decoder's warning says the data ended before the image did. */
    private static boolean cutShort(String warning) {
        return warning != null && warning.contains("Missing EOI marker");
    }

    /** Whether a JPEG decoder's warning says a segment's data ended before its picture did. */
    private static boolean endsTooSoon(String warning) {
        return warning != null && warning.contains("premature end of data segment");
    }

    public static BgrImage toBgr(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            if (data.length == w * h * 3) {
                return new BgrImage(w, h, data.clone());
            }
        }
        BgrImage deep = fromSixteenBits(image);
        if (deep != null) {
            return deep;
        }
        BufferedImage bgr = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        var g = bgr.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return new BgrImage(w, h, ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData());
    }
}
