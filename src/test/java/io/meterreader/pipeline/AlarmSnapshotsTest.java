package io.meterreader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterreader.frame.AlarmState;
import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.Frame;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingStatus;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlarmSnapshotsTest {

    private static final Instant T0 = Instant.parse("2026-12-06T03:12:00Z");

    @TempDir
    Path dir;

    private static Reading boiler(double value, AlarmState alarm, int second) {
        return Reading.ok("boiler", "cam1", value, "MPa", value / 1.6, 0.9, alarm, T0.plusSeconds(second),
                T0.plusSeconds(second));
    }

    private static CameraSnapshot frame(String camera, int second) {
        return new CameraSnapshot(new Frame(camera, second, T0.plusSeconds(second), 64, 48, new byte[64 * 48 * 3]),
                List.of());
    }

    /** A reading and then its frame's snapshot, as the inference stage hands them over. */
    private static void read(AlarmSnapshots pictures, Reading r) {
        pictures.reading(r);
        pictures.snapshot(frame(r.cameraId(), (int) (r.captureTime().getEpochSecond() - T0.getEpochSecond())));
    }

    @Test
    void aMeterGoingIntoAlarm_leavesItsFrame_onlyAsItGoesIn_andKeepsItsLatest() throws Exception {
        AlarmSnapshots pictures = new AlarmSnapshots(dir, 2);
        read(pictures, boiler(1.0, AlarmState.NONE, 1));
        read(pictures, boiler(1.45, AlarmState.HIGH, 2));
        read(pictures, boiler(1.5, AlarmState.HIGH, 3));
        pictures.reading(Reading.failed("boiler", "cam1", ReadingStatus.CAMERA_DOWN, "MPa", 0, T0.plusSeconds(4),
                T0.plusSeconds(4)));
        read(pictures, boiler(1.52, AlarmState.HIGH, 5));
        // the HIGH at 5 s is the same alarm (a failed reading neither ends nor starts one)
        read(pictures, boiler(0.1, AlarmState.LOW, 6));
        // the frame of another camera, or of another moment, is not this reading's
        pictures.reading(boiler(1.0, AlarmState.NONE, 7));
        pictures.reading(boiler(1.41, AlarmState.HIGH, 8));
        pictures.snapshot(frame("cam2", 8));
        pictures.snapshot(frame("cam1", 9));
        read(pictures, boiler(1.0, AlarmState.NONE, 10));
        read(pictures, boiler(1.42, AlarmState.HIGH, 11));
        pictures.close();

        List<AlarmSnapshots.Entry> kept = pictures.list("boiler");
        assertThat(kept).extracting(AlarmSnapshots.Entry::alarm).containsExactly(AlarmState.HIGH, AlarmState.LOW);
        assertThat(kept).extracting(AlarmSnapshots.Entry::value).containsExactly(1.42, 0.1);
        assertThat(kept.get(0).time()).isEqualTo(T0.plusSeconds(11));
        assertThat(Files.list(dir.resolve("boiler")).count()).as("the oldest deleted, nothing half-written left")
                .isEqualTo(2);
        assertThat(kept.get(0).id()).isEqualTo(String.valueOf(T0.plusSeconds(11).toEpochMilli()));
        byte[] jpeg = pictures.jpeg("boiler", kept.get(0).id()).orElseThrow();
        assertThat(jpeg[0] & 0xff).isEqualTo(0xff);
        assertThat(jpeg[1] & 0xff).as("a JPEG").isEqualTo(0xd8);
        assertThat(pictures.jpeg("boiler", "../../etc/passwd")).isEmpty();
        assertThat(pictures.jpeg("boiler", String.valueOf(T0.plusSeconds(2).toEpochMilli()))).as("deleted").isEmpty();
        assertThat(pictures.list("tank")).isEmpty();
    }

    @Test
    void aFrameCapturedWithinAMicrosecond_isItsReadingsFrame() throws Exception {
        // a camera's clock gives nanoseconds; a reading, as the history, keeps microseconds
        Instant captured = T0.plusNanos(817_286_637);
        AlarmSnapshots pictures = new AlarmSnapshots(dir, 2);
        pictures.reading(Reading.ok("boiler", "cam1", 1.45, "MPa", 0.9, 0.9, AlarmState.HIGH, captured, captured));
        pictures.snapshot(new CameraSnapshot(new Frame("cam1", 1, captured, 64, 48, new byte[64 * 48 * 3]),
                List.of()));
        pictures.close();
        assertThat(pictures.list("boiler")).as("its picture kept").hasSize(1);
    }

    @Test
    void aMeterWhoseAlarmWasKeptOverARestart_isPicturedOnlyGoingIntoAnother() throws Exception {
        AlarmSnapshots pictures = new AlarmSnapshots(dir, 5);
        pictures.assume("boiler", AlarmState.HIGH);
        read(pictures, boiler(1.5, AlarmState.HIGH, 1));
        read(pictures, boiler(0.1, AlarmState.LOW, 2));
        pictures.close();
        assertThat(pictures.list("boiler")).extracting(AlarmSnapshots.Entry::alarm).containsExactly(AlarmState.LOW);
    }

    @Test
    void aMeterAlreadyInAlarmAtStart_leavesItsFrame_andAFolderThatCannotBeWrittenCostsNothingElse() throws Exception {
        Path blocked = Files.writeString(dir.resolve("not-a-folder"), "");
        AlarmSnapshots pictures = new AlarmSnapshots(blocked, 5);
        read(pictures, boiler(1.5, AlarmState.HIGH, 1));
        pictures.close();
        assertThat(pictures.list("boiler")).isEmpty();

        AlarmSnapshots fresh = new AlarmSnapshots(dir.resolve("pictures"), 5);
        read(fresh, boiler(1.5, AlarmState.HIGH, 1));
        fresh.close();
        assertThat(fresh.list("boiler")).hasSize(1);
        assertThatThrownBy(() -> new AlarmSnapshots(dir, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePicture_isTheMetersPartOfTheFrame_withItsNeedle_orTheWholeFrameWhereItWasNotDrawn() throws Exception {
        AlarmSnapshots pictures = new AlarmSnapshots(dir, 5);
        Reading high = boiler(1.45, AlarmState.HIGH, 1);
        pictures.reading(high);
        Annotation dial = new Annotation(GaugeType.POINTER, new BoundingBox(300, 200, 100, 100), "boiler",
                ReadingStatus.OK, "1.45 MPa", new double[] {350, 250, 390, 210});
        Annotation other = new Annotation(GaugeType.POINTER, new BoundingBox(20, 20, 60, 60), "steam",
                ReadingStatus.OK, "0.2 MPa", new double[] {50, 50, 70, 30});
        pictures.snapshot(new CameraSnapshot(new Frame("cam1", 1, high.captureTime(), 640, 480,
                new byte[640 * 480 * 3]), List.of(other, dial)));
        read(pictures, boiler(0.1, AlarmState.LOW, 2));
        pictures.close();

        List<AlarmSnapshots.Entry> kept = pictures.list("boiler");
        BufferedImage low = ImageIO.read(new ByteArrayInputStream(pictures.jpeg("boiler", kept.get(0).id())
                .orElseThrow()));
        assertThat(low.getWidth()).as("no gauge drawn: the whole 64x48 frame").isEqualTo(64);
        BufferedImage highPicture = ImageIO.read(new ByteArrayInputStream(pictures.jpeg("boiler", kept.get(1).id())
                .orElseThrow()));
        // its 100 px box and 24 px about it, not the 640x480 frame with the other gauge in it
        assertThat(highPicture.getWidth()).isEqualTo(148);
        assertThat(highPicture.getHeight()).isEqualTo(148);
    }
}
