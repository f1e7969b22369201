package io.meterreader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {

    /** A 3x2 image whose pixels are numbered 0 to 5 row by row (each pixel's B, G and R alike). */
    private static ImageDecoder.BgrImage numbered() {
        byte[] bgr = new byte[3 * 2 * 3];
        for (int p = 0; p < 6; p++) {
            bgr[3 * p] = bgr[3 * p + 1] = bgr[3 * p + 2] = (byte) p;
        }
        return new ImageDecoder.BgrImage(3, 2, bgr);
    }

    private static int[] pixels(ImageDecoder.BgrImage image) {
        int[] p = new int[image.width() * image.height()];
        for (int i = 0; i < p.length; i++) {
            p[i] = image.bgr()[3 * i];
        }
        return p;
    }

    @Test
    void eachExifOrientation_turnsThePixelsAsAViewerShowsThem() {
        //  stored:  0 1 2
        //           3 4 5
        assertThat(pixels(ImageDecoder.upright(numbered(), 1))).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(pixels(ImageDecoder.upright(numbered(), 2))).containsExactly(2, 1, 0, 5, 4, 3);
        assertThat(pixels(ImageDecoder.upright(numbered(), 3))).containsExactly(5, 4, 3, 2, 1, 0);
        assertThat(pixels(ImageDecoder.upright(numbered(), 4))).containsExactly(3, 4, 5, 0, 1, 2);
        assertThat(pixels(ImageDecoder.upright(numbered(), 5))).containsExactly(0, 3, 1, 4, 2, 5);
        // a quarter turn clockwise: the stored left column becomes the top row, read bottom-up
        assertThat(pixels(ImageDecoder.upright(numbered(), 6))).containsExactly(3, 0, 4, 1, 5, 2);
        assertThat(pixels(ImageDecoder.upright(numbered(), 7))).containsExactly(5, 2, 4, 1, 3, 0);
        assertThat(pixels(ImageDecoder.upright(numbered(), 8))).containsExactly(2, 5, 1, 4, 0, 3);
        ImageDecoder.BgrImage turned = ImageDecoder.upright(numbered(), 6);
        assertThat(turned.width()).isEqualTo(2);
        assertThat(turned.height()).isEqualTo(3);
    }

    /** A JPEG 80x40, its left half red and its right half blue, with an Exif segment giving {@code orientation}. */
    private static byte[] jpeg(int orientation, boolean littleEndian) throws Exception {
        BufferedImage image = new BufferedImage(80, 40, BufferedImage.TYPE_3BYTE_BGR);
        var g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 40, 40);
        g.setColor(Color.BLUE);
        g.fillRect(40, 0, 40, 40);
        g.dispose();
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", plain);
        byte[] p = plain.toByteArray();
        byte[] tiff = littleEndian
                ? new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte) orientation, 0, 0, 0,
                        0, 0, 0, 0}
                : new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0,
                        0, 0, 0, 0};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(p, 0, 2);   // SOI
        int length = 2 + 6 + tiff.length;
        out.write(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length, 'E', 'x', 'i', 'f', 0, 0});
        out.write(tiff);
        out.write(p, 2, p.length - 2);
        return out.toByteArray();
    }

    @Test
    void aJpegTaggedTurned_isDecodedUpright_bigOrLittleEndian() throws Exception {
        for (boolean little : new boolean[] {false, true}) {
            ImageDecoder.BgrImage upright = ImageDecoder.decode(jpeg(6, little));
            assertThat(upright.width()).as("portrait").isEqualTo(40);
            assertThat(upright.height()).isEqualTo(80);
            // turned a quarter clockwise: the red left half is now the top, the blue the bottom
            int top = 3 * (10 * 40 + 20);
            int bottom = 3 * (70 * 40 + 20);
            assertThat(upright.bgr()[top + 2] & 0xFF).as("red on top").isGreaterThan(200);
            assertThat(upright.bgr()[top] & 0xFF).isLessThan(60);
            assertThat(upright.bgr()[bottom] & 0xFF).as("blue below").isGreaterThan(200);
            assertThat(upright.bgr()[bottom + 2] & 0xFF).isLessThan(60);
        }
        ImageDecoder.BgrImage asStored = ImageDecoder.decode(jpeg(1, false));
        assertThat(asStored.width()).isEqualTo(80);
        assertThat(ImageDecoder.exifOrientation(jpeg(8, true))).isEqualTo(8);
    }

    @Test
    void aBrokenExifSegment_isReadAsStored() {
        byte[] cut = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1, 0, 40, 'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0};
        assertThat(ImageDecoder.exifOrientation(cut)).isEqualTo(1);
        byte[] loop = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0, (byte) 0xFF, (byte) 0xD9};
        assertThat(ImageDecoder.exifOrientation(loop)).isEqualTo(1);
    }

    @Test
    void aSixteenBitPng_isTheEightBitOneByItsHighBytes() throws Exception {
        int w = 40;
        int h = 20;
        java.awt.image.ComponentColorModel model = new java.awt.image.ComponentColorModel(
                java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_sRGB), new int[] {16, 16, 16, 16},
                /* hasAlpha= */ true, false, java.awt.Transparency.TRANSLUCENT, java.awt.image.DataBuffer.TYPE_USHORT);
        java.awt.image.WritableRaster raster = model.createCompatibleWritableRaster(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.setPixel(x, y, new int[] {x * 1600, y * 3200, 0xABCD, 0xFFFF});
            }
        }
        raster.setPixel(0, 0, new int[] {0xFF00, 0x1100, 0x2200, 0});   // transparent: its colour kept
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(model, raster, false, null), "png", png);

        ImageDecoder.BgrImage bgr = ImageDecoder.decode(png.toByteArray());

        int at = 3 * (7 * w + 13);   // x 13, y 7
        assertThat(bgr.bgr()[at] & 0xFF).as("blue").isEqualTo(0xAB);
        assertThat(bgr.bgr()[at + 1] & 0xFF).as("green").isEqualTo(7 * 3200 >> 8);
        assertThat(bgr.bgr()[at + 2] & 0xFF).as("red").isEqualTo(13 * 1600 >> 8);
        // converted by the high bytes, alpha dropped: Java2D's drawing made a transparent pixel black
        assertThat(new int[] {bgr.bgr()[0] & 0xFF, bgr.bgr()[1] & 0xFF, bgr.bgr()[2] & 0xFF})
                .containsExactly(0x22, 0x11, 0xFF);
    }
}
