package io.meterreader.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.meterreader.camera.CameraStatus;
import io.meterreader.config.CameraProperties;
import io.meterreader.config.CameraUrl;
import io.meterreader.config.Cameras;
import io.meterreader.config.RtspClient;
import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.Frame;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.pipeline.Annotation;
import io.meterreader.pipeline.CameraSnapshot;
import io.meterreader.pipeline.LiveState;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(CameraController.class)
class CameraControllerTest {

    private static final int W = 160;
    private static final int H = 120;

    @Autowired
    MockMvc mvc;

    @MockitoBean
    LiveState live;

    @MockitoBean
    Cameras cameras;

    @BeforeEach
    void oneCameraWithAFrame() {
        when(cameras.camera("cam1")).thenReturn(Optional.of(mock(CameraProperties.class)));
        byte[] grey = new byte[W * H * 3];
        Arrays.fill(grey, (byte) 128);
        Frame frame = new Frame("cam1", 7, Instant.parse("2026-03-01T10:00:00Z"), W, H, grey);
        Annotation dial = new Annotation(GaugeType.POINTER, new BoundingBox(20, 20, 100, 80), "boiler",
                ReadingStatus.OK, "0.42 MPa", null);
        when(live.snapshot("cam1")).thenReturn(Optional.of(new CameraSnapshot(frame, List.of(dial))));
    }

    /** The largest difference of any pixel's channel from the frame's grey 128. */
    private static int offGrey(byte[] jpeg) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertThat(image.getWidth()).isEqualTo(W);
        assertThat(image.getHeight()).isEqualTo(H);
        int worst = 0;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int rgb = image.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    worst = Math.max(worst, Math.abs(((rgb >> shift) & 0xff) - 128));
                }
            }
        }
        return worst;
    }

    @Test
    void snapshot_isAnnotatedByDefault_andTheCamerasOwnFrameOnRequest() throws Exception {
        byte[] annotated = mvc.perform(get("/api/v1/cameras/cam1/snapshot"))
                .andExpect(status().isOk()).andExpect(content().contentType("image/jpeg"))
                .andExpect(header().string("X-Capture-Time", "2026-03-01T10:00:00Z"))
                .andExpect(header().string("Last-Modified", "Sun, 01 Mar 2026 10:00:00 GMT"))
                .andReturn().getResponse().getContentAsByteArray();
        byte[] raw = mvc.perform(get("/api/v1/cameras/cam1/snapshot").param("annotated", "false"))
                .andExpect(status().isOk()).andExpect(content().contentType("image/jpeg"))
                .andReturn().getResponse().getContentAsByteArray();

        assertThat(offGrey(annotated)).isGreaterThan(60);
        assertThat(offGrey(raw)).isLessThanOrEqualTo(3);

        // the next frame, in which nothing was found: drawn anew, not the last frame's picture again
        CameraSnapshot last = live.snapshot("cam1").orElseThrow();
        when(live.snapshot("cam1")).thenReturn(Optional.of(new CameraSnapshot(last.frame(), List.of())));
        byte[] next = mvc.perform(get("/api/v1/cameras/cam1/snapshot")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray();
        assertThat(offGrey(next)).isLessThanOrEqualTo(3);
    }

    @Test
    void camera_carriesTheWarningItsReadingsRaise() throws Exception {
        CameraProperties cam2 = new CameraProperties("cam2", CameraUrl.of("rtsp://10.0.0.9/live"),
                Duration.ofSeconds(1), true, Duration.ofSeconds(10), null,
                RtspClient.NATIVE, CameraProperties.DEFAULT_FREEZE_TIMEOUT);
        when(cameras.camera("cam2")).thenReturn(Optional.of(cam2));
        when(live.camera("cam2")).thenReturn(CameraStatus.unknown("cam2", "rtsp://10.0.0.9/live"));
        when(live.cameraWarning("cam2")).thenReturn(Optional.of("Camera cam2 may have moved: ..."));

        mvc.perform(get("/api/v1/cameras/cam2")).andExpect(status().isOk())
                .andExpect(jsonPath("$.warning")
                        .value("Camera cam2 may have moved: ..."));
        when(live.cameraWarning("cam2")).thenReturn(Optional.empty());
        mvc.perform(get("/api/v1/cameras/cam2")).andExpect(status().isOk())
                .andExpect(jsonPath("$.warning")
                        .doesNotExist());
    }

    @Test
    void snapshot_atAWidth_isTheAnnotatedFrameScaledDown_forATile() throws Exception {
        byte[] small = mvc.perform(get("/api/v1/cameras/cam1/snapshot").param("width", "80"))
                .andExpect(status().isOk()).andExpect(content().contentType("image/jpeg"))
                .andReturn().getResponse().getContentAsByteArray();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(small));
        assertThat(image.getWidth()).isEqualTo(80);
        assertThat(image.getHeight()).isEqualTo(Math.round(80f * H / W));
        byte[] whole = mvc.perform(get("/api/v1/cameras/cam1/snapshot").param("width", String.valueOf(W * 2)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        assertThat(ImageIO.read(new ByteArrayInputStream(whole)).getWidth()).as("never larger than the frame")
                .isEqualTo(W);
        mvc.perform(get("/api/v1/cameras/cam1/snapshot").param("width", "8")).andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/cameras/cam1/snapshot").param("width", "160").param("annotated", "false"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void snapshot_annotatedNotABoolean_isProblem400() throws Exception {
        mvc.perform(get("/api/v1/cameras/cam1/snapshot").param("annotated", "maybe"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void snapshot_unknownCamera_isProblem404() throws Exception {
        mvc.perform(get("/api/v1/cameras/nope/snapshot").param("annotated", "false"))
                .andExpect(status().isNotFound());
    }
}
