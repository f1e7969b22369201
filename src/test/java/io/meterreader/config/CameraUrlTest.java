package io.meterreader.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CameraUrlTest {

    @Test
    void rtspWithCredentials_isMaskedInToStringAndMasked() {
        CameraUrl url = CameraUrl.of("rtsp://admin:Hunter2!@10.0.0.5:554/stream1");

        assertThat(url.masked()).isEqualTo("rtsp://***@10.0.0.5:554/stream1");
        assertThat(url.toString()).isEqualTo("rtsp://***@10.0.0.5:554/stream1");
        assertThat(url.raw()).isEqualTo("rtsp://admin:Hunter2!@10.0.0.5:554/stream1");
        assertThat(url.hasCredentials()).isTrue();
        assertThat(url.problem()).isEmpty();
    }

    @Test
    void passwordContainingAt_isMaskedWhole() {
        CameraUrl url = CameraUrl.of("rtsp://admin:p@ss@cam.local/live");

        assertThat(url.masked()).isEqualTo("rtsp://***@cam.local/live");
        assertThat(url.problem()).as("the camera clients read it so: a usable URL").isEmpty();
        assertThat(CameraUrl.of("rtsp://op:p@ss W0rd^@127.0.0.1:8557/cam").problem()).isEmpty();
        assertThat(CameraUrl.of("rtsp://op:p@ss@/cam").problem()).hasValue("names no host");
    }

    @Test
    void urlWithoutCredentials_isUnchanged() {
        CameraUrl url = CameraUrl.of("rtsp://cam.local:8554/live?x=a@b");

        assertThat(url.masked()).isEqualTo("rtsp://cam.local:8554/live?x=a@b");
        assertThat(url.hasCredentials()).isFalse();
    }

    @Test
    void redact_removesUrlUserAndPasswordFromMessages() {
        CameraUrl url = CameraUrl.of("rtsp://admin:Hunter2@10.0.0.5/s");

        String redacted = url.redact("avformat_open_input() error -111: Could not open input \"rtsp://admin:Hunter2@10.0.0.5/s\"; "
                + "auth admin:Hunter2 rejected; password Hunter2");

        assertThat(redacted).doesNotContain("Hunter2").contains("rtsp://***@10.0.0.5/s");
    }

    @Test
    void unknownScheme_isAProblemThatHidesCredentials() {
        CameraUrl url = CameraUrl.of("ftp://u:secretpw@host/x");

        assertThat(url.problem()).hasValueSatisfying(p -> assertThat(p).contains("ftp").doesNotContain("secretpw"));
    }

    @Test
    void rtspWithoutHost_isAProblem() {
        assertThat(CameraUrl.of("rtsp:///stream").problem()).hasValue("names no host");
        assertThat(CameraUrl.of("rtsp://admin:Secret8@10.9.9.9:99999/s").problem())
                .hasValue("has port 99999; a port is 1 to 65535");
        assertThat(CameraUrl.of("rtsp://10.9.9.9:0/s").problem()).hasValue("has port 0; a port is 1 to 65535");
        assertThat(CameraUrl.of("rtsp://10.9.9.9:65535/s").problem()).isEmpty();
    }

    @Test
    void fileAndSimUrls_areAccepted() {
        assertThat(CameraUrl.of("file:demo/plant.mp4").problem()).isEmpty();
        assertThat(CameraUrl.of("file:demo/plant.mp4").filePath()).isEqualTo("demo/plant.mp4");
        assertThat(CameraUrl.of("sim://demo-1").problem()).isEmpty();
        assertThat(CameraUrl.of("sim:").problem()).isPresent();
    }
}
