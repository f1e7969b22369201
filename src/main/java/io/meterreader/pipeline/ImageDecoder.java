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
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if ((long) w * h > MAX_PIXELS) {
                    throw new ImageTooLargeException("the image is " + w + "x" + h + " pixels; at most "
                            + MAX_PIXELS / 1_000_000 + " megapixels are read");
                }
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                BufferedImage image = reader.read(0);
                if (format.equals("jpeg") && warnings.stream().anyMatch(ImageDecoder::cutShort)) {
                    // The decoder fills what is missing with grey: a gauge there would be read as
                    // no gauge, and the user would never know the file was incomplete.
                    throw new UnreadableImageException("the JPEG is cut short (it has no end-of-image marker): "
                            + "the upload or the file is incomplete");
                }
                return toBgr(image);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new UnreadableImageException("the image cannot be decoded: " + e.getMessage());
        }
    }

    /** Whether a JPEG decoder's warning says the data ended before the image did. */
    private static boolean cutShort(String warning) {
        return warning != null && warning.contains("Missing EOI marker");
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
