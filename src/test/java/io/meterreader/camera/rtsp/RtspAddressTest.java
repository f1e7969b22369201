package io.meterreader.camera.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class RtspAddressTest {

    @Test
    void plainCameraUrl_defaultsToPort554AndKeepsThePathAndQuery() throws IOException {
        RtspAddress a = RtspAddress.parse("rtsp://10.0.0.5/Streaming/Channels/101?transportmode=unicast");
        assertThat(a).isEqualTo(new RtspAddress("10.0.0.5", 554, "", "",
                "rtsp://10.0.0.5/Streaming/Channels/101?transportmode=unicast"));
    }

    @Test
    void passwordWithRawAtSign_endsAtTheLastAtBeforeThePath() throws IOException {
        RtspAddress a = RtspAddress.parse("rtsp://admin:p@ss@cam.local:8554/live");
        assertThat(a).isEqualTo(new RtspAddress("cam.local", 8554, "admin", "p@ss", "rtsp://cam.local:8554/live"));
    }

    @Test
    void percentEscapes_areDecoded_plusIsKept() throws IOException {
        RtspAddress a = RtspAddress.parse("rtsp://op%3Aone:a+b%40c%C3%A9@[fe80::1]:10554/s");
        assertThat(a).isEqualTo(new RtspAddress("fe80::1", 10554, "op:one", "a+b@cé", "rtsp://[fe80::1]:10554/s"));
    }

    @Test
    void noPath_isTheRoot() throws IOException {
        assertThat(RtspAddress.parse("rtsp://u@cam").url()).isEqualTo("rtsp://cam/");
        assertThat(RtspAddress.parse("rtsp://u@cam").user()).isEqualTo("u");
    }

    @Test
    void badAddresses_areRefused() {
        assertThatThrownBy(() -> RtspAddress.parse("http://cam/x")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> RtspAddress.parse("rtsp:///x")).hasMessageContaining("no host");
        assertThatThrownBy(() -> RtspAddress.parse("rtsp://cam:99999/x")).hasMessageContaining("bad port");
        assertThatThrownBy(() -> RtspAddress.parse("rtsp://[::1/x")).hasMessageContaining("unclosed");
    }
}
