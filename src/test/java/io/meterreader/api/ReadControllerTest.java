package io.meterreader.api;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.BoundingBox;
import io.meterreader.pipeline.OfflineReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(ReadController.class)
class ReadControllerTest {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    OfflineReader reader;

    private static byte[] image(String format, int w, int h) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR), format, out);
        return out.toByteArray();
    }

    private static OfflineReader.ImageResult oneGauge(Double value, String unit) {
        return new OfflineReader.ImageResult(64, 48, List.of(new OfflineReader.GaugeResult("pointer",
                new BoundingBox(4, 5, 30, 31), 0.87, 0.93, 0.5, value, unit, "OK")));
    }

    @Test
    void aParameterTheEndpointDoesNotTake_isA400NamingIt_notAnAnswerWithoutIt() throws Exception {
        // a misspelt option read the dial from its ticks and said OK: the marks looked checked
        mvc.perform(post("/api/v1/read?min=0&max=10&scale_marks=640,360,538,462,742,462")
                        .contentType(MediaType.IMAGE_PNG).content(image("png", 64, 48)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("scale_marks"))
                .andExpect(jsonPath("$.detail").value("'scale_marks' is not a parameter of this endpoint (it takes "
                        + "direction, level-marks, max, min, scale-marks, unit)"));
        verify(reader, never()).read(any(), any(), any(OfflineReader.Marks.class));
    }

    @Test
    void png_isReadWithScale() throws Exception {
        given(reader.read(any(), eq(new OfflineReader.Scale(0, 1.6, "MPa")), eq(OfflineReader.Marks.NONE))).willReturn(oneGauge(0.8, "MPa"));

        mvc.perform(post("/api/v1/read").contentType(MediaType.IMAGE_PNG).content(image("png", 64, 48))
                        .param("min", "0").param("max", "1.6").param("unit", "MPa"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.width").value(64))
                .andExpect(jsonPath("$.height").value(48))
                .andExpect(jsonPath("$.gauges[0].type").value("pointer"))
                .andExpect(jsonPath("$.gauges[0].box.x").value(4.0))
                .andExpect(jsonPath("$.gauges[0].box.width").value(30.0))
                .andExpect(jsonPath("$.gauges[0].confidence").value(0.87))
                .andExpect(jsonPath("$.gauges[0].detection").value(0.93))
                .andExpect(jsonPath("$.gauges[0].fraction").value(0.5))
                .andExpect(jsonPath("$.gauges[0].value").value(0.8))
                .andExpect(jsonPath("$.gauges[0].unit").value("MPa"))
                .andExpect(jsonPath("$.gauges[0].status").value("OK"));
    }

    @Test
    void anImageSentAsAFormsFile_isReadAsTheSame_butAFormOfTwoIsProblem400() throws Exception {
        given(reader.read(any(), eq(new OfflineReader.Scale(0, 1.6, "MPa")), eq(OfflineReader.Marks.NONE))).willReturn(oneGauge(0.8, "MPa"));

        mvc.perform(multipart("/api/v1/read").file(new MockMultipartFile("file", "frame.png", "image/png",
                                image("png", 64, 48)))
                        .param("min", "0").param("max", "1.6").param("unit", "MPa"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.width").value(64))
                .andExpect(jsonPath("$.gauges[0].value").value(0.8));
        mvc.perform(multipart("/api/v1/read")
                        .file(new MockMultipartFile("a", "a.png", "image/png", image("png", 8, 8)))
                        .file(new MockMultipartFile("b", "b.png", "image/png", image("png", 8, 8))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("a form with one image file is read, got 2 files"));
        mvc.perform(multipart("/api/v1/read").file(new MockMultipartFile("file", "notes.txt", "text/plain",
                        "not an image".getBytes())))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void counterclockwiseDirection_reachesTheScale_andABadOneIsProblem400() throws Exception {
        given(reader.read(any(), eq(new OfflineReader.Scale(-1, 0, "bar", true)), eq(OfflineReader.Marks.NONE)))
                .willReturn(oneGauge(-0.5, "bar"));

        mvc.perform(post("/api/v1/read").contentType(MediaType.IMAGE_PNG).content(image("png", 64, 48))
                        .param("min", "-1").param("max", "0").param("unit", "bar").param("direction", "counterclockwise"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.gauges[0].value").value(-0.5));
        mvc.perform(post("/api/v1/read").contentType(MediaType.IMAGE_PNG).content(image("png", 64, 48))
                        .param("min", "-1").param("max", "0").param("direction", "anticlockwise"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("direction must be clockwise or counterclockwise, got 'anticlockwise'"));
        mvc.perform(post("/api/v1/read").contentType(MediaType.IMAGE_PNG).content(image("png", 64, 48))
                        .param("direction", "counterclockwise"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("direction needs min and max"));
    }

    @Test
    void scaleMarks_reachTheReader_andMalformedOnesAreProblem400() throws Exception {
        MeterCalibration.ScaleMarks marks = new MeterCalibration.ScaleMarks(new MeterCalibration.Point(32, 24),
                new MeterCalibration.Point(12, 40), new MeterCalibration.Point(52, 40.5));
        given(reader.read(any(), isNull(), eq(new OfflineReader.Marks(marks, null)))).willReturn(oneGauge(null, null));

        mvc.perform(post("/api/v1/read").contentType(MediaType.IMAGE_PNG).content(image("png", 64, 48))
                        .param("scale-marks", "32,24,12,40,52,40.5"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.gauges[0].fraction").value(0.5));
        mvc.perform(post("/api/v1/read").contentType(MediaType.IMAGE_PNG).content(image("png", 64, 48))
                        .param("scale-marks", "32,24,12,40"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(
                        "scale marks are six numbers, pivotX,pivotY,minX,minY,maxX,maxY; got '32,24,12,40'"));
        mvc.perform(post("/api/v1/read").contentType(MediaType.IMAGE_PNG).content(image("png", 64, 48))
                        .param("scale-marks", "32,24,32,24,52,40"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("the scale marks' min and max must lie apart and away from the pivot"));
    }

    @Test
    void levelMarks_reachTheReader_withOrWithoutAColumn_andMalformedOnesAreProblem400() throws Exception {
        OfflineReader.GlassMarks atColumn = new OfflineReader.GlassMarks(new MeterCalibration.LevelMarks(40, 8), 30.0);
        OfflineReader.GlassMarks spanning = new OfflineReader.GlassMarks(new MeterCalibration.LevelMarks(40, 8), null);
        given(reader.read(any(), isNull(), eq(new OfflineReader.Marks(null, atColumn))))
                .willReturn(oneGauge(null, null));
        given(reader.read(any(), isNull(), eq(new OfflineReader.Marks(null, spanning))))
                .willReturn(oneGauge(2.0, null));

        mvc.perform(post("/api/v1/read").contentType(MediaType.IMAGE_PNG).content(image("png", 64, 48))
                        .param("level-marks", "40, 8, 30"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.gauges[0].value").doesNotExist());
        mvc.perform(post("/api/v1/read").contentType(MediaType.IMAGE_PNG).content(image("png", 64, 48))
                        .param("level-marks", "40,8"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.gauges[0].value").value(2.0));
        mvc.perform(post("/api/v1/read").contentType(MediaType.IMAGE_PNG).content(image("png", 64, 48))
                        .param("level-marks", "8,40"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(
                        "the empty mark must lie below the full one, a larger image row (empty 8.0, full 40.0)"));
        mvc.perform(post("/api/v1/read").contentType(MediaType.IMAGE_PNG).content(image("png", 64, 48))
                        .param("level-marks", "40"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith(
                        "level marks are two or three numbers, EMPTY,FULL[,X]")));
    }

    @Test
    void jpegWithoutScale_isReadWithoutValues() throws Exception {
        given(reader.read(any(), isNull(), eq(OfflineReader.Marks.NONE))).willReturn(oneGauge(null, null));

        mvc.perform(post("/api/v1/read").contentType(MediaType.IMAGE_JPEG).content(image("jpg", 64, 48)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.gauges[0].fraction").value(0.5))
                .andExpect(jsonPath("$.gauges[0].value").doesNotExist());
    }

    @Test
    void corruptImage_isProblem400() throws Exception {
        mvc.perform(post("/api/v1/read").contentType(MediaType.IMAGE_JPEG).content(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3}))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Unreadable image"));
        verify(reader, never()).read(any(), any(), any(OfflineReader.Marks.class));
    }

    @Test
    void jpegCutShort_isProblem400_notAnImageWithoutGauges() throws Exception {
        // Noise, so that most of the file is picture data and half of it ends inside the picture.
        BufferedImage noise = new BufferedImage(320, 240, BufferedImage.TYPE_3BYTE_BGR);
        java.util.Random random = new java.util.Random(5);
        for (int y = 0; y < 240; y++) {
            for (int x = 0; x < 320; x++) {
                noise.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(noise, "jpg", out);
        byte[] half = java.util.Arrays.copyOf(out.toByteArray(), out.size() / 2);
        mvc.perform(post("/api/v1/read").contentType(MediaType.IMAGE_JPEG).content(half))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(
                        "the JPEG is cut short (it has no end-of-image marker): the upload or the file is incomplete"));
        // cut short, and an end-of-image marker put after the cut: its picture data still ends too soon
        byte[] marked = java.util.Arrays.copyOf(half, half.length + 2);
        marked[half.length] = (byte) 0xFF;
        marked[half.length + 1] = (byte) 0xD9;
        mvc.perform(post("/api/v1/read").contentType(MediaType.IMAGE_JPEG).content(marked))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith(
                        "the JPEG's picture data ends before the picture does")));
        verify(reader, never()).read(any(), any(), any(OfflineReader.Marks.class));
    }

    @Test
    void notAnImage_isProblem400() throws Exception {
        mvc.perform(post("/api/v1/read").contentType(MediaType.IMAGE_PNG).content("hello".getBytes()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("not a JPEG or PNG image"));
    }

    @Test
    void emptyBody_isProblem400() throws Exception {
        mvc.perform(post("/api/v1/read").contentType(MediaType.IMAGE_PNG).content(new byte[0]))
                .andExpect(status().isBadRequest());
    }

    @Test
    void gif_isProblem400() throws Exception {
        mvc.perform(post("/api/v1/read").contentType(MediaType.APPLICATION_OCTET_STREAM).content(image("gif", 8, 8)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("a gif image; send JPEG or PNG"));
    }

    @Test
    void oversizedBody_isProblem413() throws Exception {
        byte[] big = new byte[ReadController.MAX_BYTES + 10];
        mvc.perform(post("/api/v1/read").contentType(MediaType.IMAGE_JPEG).content(big))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void hugeDimensions_areProblem413BeforeDecoding() throws Exception {
        // A PNG header claiming 10000x10000 pixels: refused from the header alone.
        byte[] png = image("png", 1, 1);
        png[16] = 0; png[17] = 0; png[18] = 0x27; png[19] = 0x10;
        png[20] = 0; png[21] = 0; png[22] = 0x27; png[23] = 0x10;
        mvc.perform(post("/api/v1/read").contentType(MediaType.IMAGE_PNG).content(png))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(jsonPath("$.title").value("Image too large"));
    }

    @Test
    void wrongMediaType_isProblem415() throws Exception {
        mvc.perform(post("/api/v1/read").contentType(MediaType.TEXT_PLAIN).content("x"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(
                        "Content-Type 'text/plain' is not taken here; send image/jpeg, image/png, image/jpg, image/pjpeg, "
                                + "application/octet-stream or multipart/form-data"))
                .andExpect(header().string("Accept", org.hamcrest.Matchers.containsString("image/png")));
    }

    @Test
    void aJpegSentAsImageJpgOrPjpeg_isRead_aContentTypeThatIsNoMediaType_isSaidAsSent() throws Exception {
        given(reader.read(any(), isNull(), eq(OfflineReader.Marks.NONE))).willReturn(oneGauge(null, null));
        for (String type : List.of("image/jpg", "image/pjpeg")) {
            mvc.perform(post("/api/v1/read").header("Content-Type", type).content(image("jpg", 64, 48)))
                    .andExpect(status().isOk());
        }
        mvc.perform(post("/api/v1/read").header("Content-Type", "garbage").content("x"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith(
                        "Content-Type 'garbage' (not a media type) is not taken here")));
    }

    @Test
    void anEmptyUnit_isNone_andOneWithControlCharacters_isProblem400() throws Exception {
        given(reader.read(any(), any(), eq(OfflineReader.Marks.NONE))).willReturn(oneGauge(0.5, null));
        mvc.perform(post("/api/v1/read").contentType(MediaType.IMAGE_PNG).content(image("png", 8, 8))
                        .param("min", "0").param("max", "1").param("unit", ""))
                .andExpect(status().isOk());
        verify(reader).read(any(), eq(new OfflineReader.Scale(0, 1, null)), eq(OfflineReader.Marks.NONE));
        mvc.perform(post("/api/v1/read").contentType(MediaType.IMAGE_PNG).content(image("png", 8, 8))
                        .param("min", "0").param("max", "1").param("unit", "bar\u0000"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("unit"));
    }

    @Test
    void aLimitOfTheWrongForm_saysTheFormItTakes() throws Exception {
        mvc.perform(post("/api/v1/read").contentType(MediaType.IMAGE_PNG).content(image("png", 8, 8))
                        .param("min", "0").param("max", "1,6"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("max"))
                .andExpect(jsonPath("$.detail").value("max must be a finite decimal number, such as 1.6, got '1,6'"));
    }

    @Test
    void minWithoutMax_isProblem400() throws Exception {
        mvc.perform(post("/api/v1/read").contentType(MediaType.IMAGE_PNG).content(image("png", 8, 8)).param("min", "0"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("max"));
    }

    @Test
    void minNotBelowMax_isProblem400() throws Exception {
        mvc.perform(post("/api/v1/read").contentType(MediaType.IMAGE_PNG).content(image("png", 8, 8))
                        .param("min", "2").param("max", "1"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("min"));
    }

    @Test
    void anInfiniteRangeOrSpan_isProblem400_notAFailedRead() throws Exception {
        String[][] ranges = {{"0", "Infinity"}, {"-Infinity", "0"}, {"0", "1e400"}, {"-1e308", "1e308"},
            {"0", "NaN"}, {"0", "10f"}, {"0x10", "20"}};
        for (String[] range : ranges) {
            mvc.perform(post("/api/v1/read").contentType(MediaType.IMAGE_PNG).content(image("png", 8, 8))
                            .param("min", range[0]).param("max", range[1]))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("finite")));
        }
    }

    @Test
    void nonNumericMin_isProblem400() throws Exception {
        mvc.perform(post("/api/v1/read").contentType(MediaType.IMAGE_PNG).content(image("png", 8, 8))
                        .param("min", "zero").param("max", "1"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }
}
