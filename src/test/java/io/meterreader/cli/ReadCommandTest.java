package io.meterreader.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.GaugeType;
import io.meterreader.gauge.GaugeMeasurement;
import io.meterreader.gauge.ImagePoint;
import io.meterreader.gauge.MarkedPointerReader;
import io.meterreader.gauge.PointerDiagnostics;
import io.meterreader.gauge.PointerEvidence;
import io.meterreader.pipeline.FoundGauge;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The read command end to end with the small test models: the JSON shape and the failures. */
class ReadCommandTest {

    private static final String[] MODELS = {"--detector", "src/test/resources/inference/det-tiny.onnx",
        "--segmenter", "src/test/resources/inference/seg-tiny.onnx", "--threads", "1"};

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private OptionalInt run(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "read";
        System.arraycopy(args, 0, all, 1, args.length);
        return Cli.runTool(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String[] with(String... args) {
        String[] all = new String[MODELS.length + args.length];
        System.arraycopy(MODELS, 0, all, 0, MODELS.length);
        System.arraycopy(args, 0, all, MODELS.length, args.length);
        return all;
    }

    /** A 10-frame-a-second video of {@code seconds}, with no frames from 2.0 s to 4.2 s (a damaged middle). */
    private Path videoWithAGap(String name, double seconds) throws Exception {
        Path file = dir.resolve(name);
        try (org.bytedeco.javacv.FFmpegFrameRecorder rec = new org.bytedeco.javacv.FFmpegFrameRecorder(
                file.toString(), 160, 120, 0)) {
            rec.setFormat("mp4");
            rec.setVideoCodec(org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264);
            rec.setFrameRate(10);
            rec.setGopSize(10);
            rec.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P);
            rec.setVideoOption("preset", "ultrafast");
            rec.start();
            org.bytedeco.javacv.Frame f = new org.bytedeco.javacv.Frame(160, 120, org.bytedeco.javacv.Frame.DEPTH_UBYTE, 3);
            for (int i = 0; i < seconds * 10; i++) {
                if (i > 20 && i < 42) {
                    continue;
                }
                rec.setTimestamp(i * 100_000L);
                rec.record(f, org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24);
            }
        }
        return file;
    }

    private Path png(String name, int w, int h) throws Exception {
        Path p = dir.resolve(name);
        ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR), "png", p.toFile());
        return p;
    }

    @Test
    void image_printsOneJsonObjectWithItsSize() throws Exception {
        Path image = png("panel.png", 200, 120);

        OptionalInt code = run(with("--min", "0", "--max", "1.6", "--unit", "MPa", image.toString()));

        assertThat(code).hasValue(Cli.EXIT_OK);
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).hasSize(1);
        JsonNode line = JsonMapper.builder().build().readTree(lines[0]);
        assertThat(line.get("file").asString()).isEqualTo(image.toString());
        assertThat(line.get("width").asInt()).isEqualTo(200);
        assertThat(line.get("height").asInt()).isEqualTo(120);
        assertThat(line.get("gauges").isArray()).isTrue();
        for (JsonNode g : line.get("gauges")) {
            assertThat(g.get("type").asString()).isIn("pointer", "level");
            assertThat(g.has("box") && g.has("status") && g.has("fraction")).isTrue();
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).as("gauges found: no word of none")
                .doesNotContain("no gauge found");
    }

    @Test
    void anImageWithNoGauge_saysSoOnStderr_andWhereToLook() throws Exception {
        Path image = png("tiny.png", 8, 8);

        OptionalInt code = run(with(image.toString()));

        assertThat(code).hasValue(Cli.EXIT_OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"gauges\":[]");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(image + ": no gauge found: the models find dials "
                + "and sight glasses in the styles models/MODEL_CARD.md lists");
    }

    @Test
    void annotate_writesEachImageAsAJpegOfItsSize() throws Exception {
        Path image = png("panel.png", 200, 120);
        Path annotated = dir.resolve("annotated");

        OptionalInt code = run(with("--annotate", annotated.toString(), image.toString()));

        assertThat(code).hasValue(Cli.EXIT_OK);
        BufferedImage written = ImageIO.read(annotated.resolve("panel.jpg").toFile());
        assertThat(written).isNotNull();
        assertThat(written.getWidth()).isEqualTo(200);
        assertThat(written.getHeight()).isEqualTo(120);
    }

    @Test
    void annotate_keepsTwoImagesOfTheSameNameFromDifferentFolders() throws Exception {
        Path first = png("panel.png", 64, 48);
        Files.createDirectories(dir.resolve("other"));
        Path second = dir.resolve("other/panel.png");
        ImageIO.write(new BufferedImage(80, 60, BufferedImage.TYPE_3BYTE_BGR), "png", second.toFile());
        Path annotated = dir.resolve("annotated");

        OptionalInt code = run(with("--annotate", annotated.toString(), first.toString(), second.toString()));

        assertThat(code).hasValue(Cli.EXIT_OK);
        assertThat(ImageIO.read(annotated.resolve("panel.jpg").toFile()).getWidth()).isEqualTo(64);
        assertThat(ImageIO.read(annotated.resolve("panel-2.jpg").toFile()).getWidth()).isEqualTo(80);
    }

    @Test
    void unreadableImage_isReportedAndExitCodeIsFailure() throws Exception {
        Path good = png("good.png", 64, 64);
        Path bad = Files.writeString(dir.resolve("bad.jpg"), "not an image");

        OptionalInt code = run(with(bad.toString(), good.toString()));

        assertThat(code).hasValue(Cli.EXIT_FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("bad.jpg").contains("not a JPEG or PNG image");
        assertThat(out.toString(StandardCharsets.UTF_8).strip().split("\n")).hasSize(1);
    }

    @Test
    void missingFile_isUsageError() {
        assertThat(run(with(dir.resolve("absent.png").toString()))).hasValue(Cli.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot read").contains("absent.png: no such file");
    }

    @Test
    void aMissingFileOrAFolderAmongOthers_isReported_andTheOthersRead() throws Exception {
        Path good = png("good.png", 64, 64);
        Path sub = Files.createDirectory(dir.resolve("sub"));
        OptionalInt code = run(with(good.toString(), dir.resolve("absent.png").toString(), sub.toString()));
        assertThat(code).hasValue(Cli.EXIT_FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("absent.png: no such file")
                .contains("sub is a folder");
        assertThat(out.toString(StandardCharsets.UTF_8).strip().split("\n")).hasSize(1);
    }

    @Test
    void aVideosSamples_stayOnTheirGridAfterAGap_andTheGapIsSaid() throws Exception {
        Path video = videoWithAGap("gap.mp4", 6);

        OptionalInt code = run(with(video.toString()));

        assertThat(code).hasValue(0);
        assertThat(out.toString(StandardCharsets.UTF_8).lines().map(l -> l.replaceAll(".*\"time\":([0-9.]+).*", "$1")))
                .containsExactly("0.0", "1.0", "2.0", "4.2", "5.0");
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("gap.mp4: no frame could be read from 2.0 s to 4.2 s (the video is damaged there, or has a gap)");
    }

    @Test
    void filesAreToldApartByTheirBytes_aJpegNamedJfifGetsTheImageChecks_aBmpIsRefused() throws Exception {
        Path jpeg = dir.resolve("whole.jpg");
        ImageIO.write(new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR), "jpeg", jpeg.toFile());
        byte[] bytes = Files.readAllBytes(jpeg);
        Path cut = Files.write(dir.resolve("cut.jfif"), java.util.Arrays.copyOf(bytes, bytes.length - 40));
        Path whole = Files.write(dir.resolve("whole.jfif"), bytes);
        Path bmp = dir.resolve("panel.bmp");
        ImageIO.write(new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR), "bmp", bmp.toFile());

        OptionalInt code = run(with(cut.toString(), whole.toString(), bmp.toString()));

        assertThat(code).hasValue(Cli.EXIT_FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cut.jfif: the JPEG is cut short")
                .contains("panel.bmp: a bmp image; read takes JPEG or PNG images, and videos");
        assertThat(out.toString(StandardCharsets.UTF_8).strip().split("\n")).hasSize(1).allSatisfy(
                line -> assertThat(line).contains("whole.jfif").contains("\"width\":64"));
    }

    @Test
    void anOptionGivenTwice_orANumberThatIsNotFinite_isUsageError() throws Exception {
        String image = png("b.png", 8, 8).toString();
        assertThat(run(with("--min", "0", "--max", "10", "--min", "1", image))).hasValue(Cli.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("option --min is given twice");
        err.reset();
        assertThat(run(with("--min", "0", "--max", "Infinity", image))).hasValue(Cli.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--max must be a number such as 10 or -2.5, got "
                + "'Infinity'");
        err.reset();
        assertThat(run(with("--unit", "bar", image))).hasValue(Cli.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--unit needs --min and --max");
        err.reset();
        assertThat(run(with("--every", "0", image))).hasValue(Cli.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--every must be more than 0");
        err.reset();
        assertThat(run("--threads", "-3", image)).hasValue(Cli.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--threads must be 0 (all cores) or more, got -3");
    }

    @Test
    void aFolder_isUsageError_andAFileThatIsNoVideo_isSaidSoWithoutJavaCvsHints() throws Exception {
        assertThat(run(with(dir.toString()))).hasValue(Cli.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is a folder: name the images or videos in it");

        err.reset();
        Path fake = Files.writeString(dir.resolve("fake.mp4"), "not a video at all");
        Path good = png("good.png", 64, 64);
        assertThat(run(with(fake.toString(), good.toString()))).hasValue(Cli.EXIT_FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("fake.mp4: not a video FFmpeg can open")
                .doesNotContain("setFormat").doesNotContain("FFmpegLogCallback");
        assertThat(out.toString(StandardCharsets.UTF_8).strip().split("\n")).as("the image after it read").hasSize(1);
    }

    @Test
    void noFile_isUsageError() {
        assertThat(run(MODELS)).hasValue(Cli.EXIT_USAGE);
    }

    @Test
    void unknownOption_isUsageErrorNamingIt() {
        assertThat(run("--colour", "red", "x.png")).hasValue(Cli.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option --colour");
    }

    @Test
    void aYesNoOptionThatIsNeither_isUsageErrorSayingSo() throws Exception {
        assertThat(run(with("--int8", "maybe", png("b.png", 8, 8).toString()))).hasValue(Cli.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--int8 must be true or false, got 'maybe'");
    }

    @Test
    void minWithoutMax_isUsageError() throws Exception {
        assertThat(run(with("--min", "0", png("a.png", 8, 8).toString()))).hasValue(Cli.EXIT_USAGE);
    }

    @Test
    void missingModel_failsNamingTheProperty() throws Exception {
        OptionalInt code = run("--detector", dir.resolve("none.onnx").toString(), png("b.png", 8, 8).toString());

        assertThat(code).hasValue(Cli.EXIT_FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("meter-reader.inference.detector");
    }

    @Test
    void explain_isAFlag_beforeOrAfterTheFiles() throws Exception {
        Path image = png("panel.png", 200, 120);

        OptionalInt code = run(with(image.toString(), "--explain", "--min", "0", "--max", "1"));

        assertThat(code).hasValue(Cli.EXIT_OK);
        JsonNode line = JsonMapper.builder().build().readTree(out.toString(StandardCharsets.UTF_8).strip());
        assertThat(line.get("file").asString()).isEqualTo(image.toString());
        assertThat(line.get("gauges").isArray()).isTrue();
    }

    @Test
    void explainOfAHeldBackDial_namesItsTicksAndEveryFactor() {
        PointerEvidence evidence = new PointerEvidence(0.7, 0.9, 0.12, 0.8, 1, 1, 1, 1, 0.9, 1, 120);
        PointerDiagnostics d = new PointerDiagnostics("rectified", new ImagePoint(50, 50), null,
                List.of(new ImagePoint(10, 80), new ImagePoint(50, 10), new ImagePoint(90, 80)), null, null, null,
                null, null, null, 40, 0.357, 0.01, evidence);
        FoundGauge g = new FoundGauge(GaugeType.POINTER, new BoundingBox(0, 0, 100, 100), 0.9,
                GaugeMeasurement.ok(GaugeType.POINTER, 0.357, evidence.confidence(), d), null);

        Map<String, Object> e = ReadCommand.explain(g);

        assertThat(e).containsEntry("readingConfidence", 0.054).containsEntry("geometryStatus", "OK")
                .containsEntry("rawFraction", 0.357).containsEntry("ticks", 3).containsEntry("intervals", 40);
        @SuppressWarnings("unchecked")
        Map<String, Object> factors = (Map<String, Object>) e.get("factors");
        assertThat(factors).containsOnlyKeys(PointerEvidence.FACTOR_NAMES).containsEntry("regularity", 0.12);
    }

    @Test
    void explainOfADialReadAgainstScaleMarks_saysSo_withItsPointersAngle() {
        PointerDiagnostics d = new PointerDiagnostics(MarkedPointerReader.METHOD, new ImagePoint(50, 50), null,
                List.of(new ImagePoint(10, 80), new ImagePoint(90, 80)), new ImagePoint(10, 80), new ImagePoint(90, 80),
                new ImagePoint(50, 10), 270.0, 143.1, 36.9, 1, 0.42, 0, null);
        FoundGauge g = new FoundGauge(GaugeType.POINTER, new BoundingBox(0, 0, 100, 100), 0.9,
                GaugeMeasurement.ok(GaugeType.POINTER, 0.42, 0.8, d), null);

        Map<String, Object> e = ReadCommand.explain(g);

        assertThat(e).containsEntry("reader", "scale-marks").containsEntry("rawFraction", 0.42)
                .containsEntry("pointerAngle", 270.0).doesNotContainKeys("ticks", "intervals", "factors");
    }

    @Test
    void scaleMarksMalformed_isUsageError() {
        assertThat(run(with("--scale-marks", "1,2,3", "x.png"))).hasValue(Cli.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--scale-marks: scale marks are six numbers");
    }

    @Test
    void levelMarksUpsideDown_isUsageError() {
        assertThat(run(with("--level-marks", "130,470", "x.png"))).hasValue(Cli.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(
                "--level-marks: the empty mark must lie below the full one, a larger image row (empty 130.0, full 470.0)");
    }

    @Test
    void counterclockwiseWithoutAScale_isUsageError() {
        assertThat(run(with("--counterclockwise", "x.png"))).hasValue(Cli.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--counterclockwise needs --min and --max");
    }

    @Test
    void explainWithAValue_isUsageError() {
        assertThat(run(with("--explain=yes", "x.png"))).hasValue(Cli.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("option --explain takes no value");
    }
}
