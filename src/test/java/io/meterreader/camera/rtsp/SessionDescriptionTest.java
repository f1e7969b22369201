package io.meterreader.camera.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SessionDescriptionTest {

    /** As a GStreamer rtsp-server (gst-rtsp-server 1.22) describes an H.264 test stream. */
    private static final String GSTREAMER = String.join("\r\n",
            "v=0",
            "o=- 1188340656180883 1 IN IP4 192.168.1.20",
            "s=Session streamed with GStreamer",
            "i=rtsp-server",
            "t=0 0",
            "a=tool:GStreamer",
            "a=type:broadcast",
            "a=control:*",
            "a=range:npt=now-",
            "m=video 0 RTP/AVP 96",
            "c=IN IP4 0.0.0.0",
            "b=AS:2000",
            "a=rtpmap:96 H264/90000",
            "a=framerate:25",
            "a=fmtp:96 packetization-mode=1;profile-level-id=42c028;"
                    + "sprop-parameter-sets=Z0LAKNoB4AiflwFqAgICgAAAAwCAAAAZR4wZUA==,aM48gA==",
            "a=control:stream=0",
            "a=ts-refclk:local",
            "a=mediaclk:sender",
            "");

    /** As a Hikvision camera describes its H.265 main stream, with an audio track after it. */
    private static final String HIKVISION_H265 = String.join("\r\n",
            "v=0",
            "o=- 1109162014219182 1109162014219182 IN IP4 0.0.0.0",
            "s=Media Presentation",
            "e=NONE",
            "b=AS:5100",
            "t=0 0",
            "a=control:rtsp://192.168.1.64:554/Streaming/Channels/101/?transportmode=unicast",
            "m=video 0 RTP/AVP 96",
            "c=IN IP4 0.0.0.0",
            "b=AS:5000",
            "a=recvonly",
            "a=x-dimensions:2560,1440",
            "a=control:rtsp://192.168.1.64:554/Streaming/Channels/101/trackID=1?transportmode=unicast",
            "a=rtpmap:96 H265/90000",
            "a=fmtp:96 profile-id=1; sprop-sps=QgEBAWAAAAMAsAAAAwAAAwB4oAKAgC0WW6uTC8BaCAgIIAAAAwAgAAADAyE=;"
                    + " sprop-pps=RAHBcrRiQA==; sprop-vps=QAEMAf//AWAAAAMAsAAAAwAAAwB4rAk=",
            "a=Media_header:MEDIAINFO=494D4B48010300000400050000000000000000000000000000000000000000000000000000000000;",
            "a=appversion:1.0",
            "m=audio 0 RTP/AVP 8",
            "c=IN IP4 0.0.0.0",
            "b=AS:50",
            "a=recvonly",
            "a=control:rtsp://192.168.1.64:554/Streaming/Channels/101/trackID=2?transportmode=unicast",
            "a=rtpmap:8 PCMA/8000",
            "");

    @Test
    void gstreamerH264_givesCodecSetsAndRelativeControlUnderContentBase() throws IOException {
        SessionDescription sdp = SessionDescription.parse(GSTREAMER, "rtsp://192.168.1.20:8554/cam1/");

        assertThat(sdp.codec()).isEqualTo(VideoCodec.H264);
        assertThat(sdp.encoding()).isEqualTo("H264");
        assertThat(sdp.payloadType()).isEqualTo(96);
        assertThat(sdp.clockRate()).isEqualTo(90000);
        assertThat(sdp.control()).isEqualTo("rtsp://192.168.1.20:8554/cam1/stream=0");
        assertThat(sdp.parameterSets()).containsExactly(
                Base64.getDecoder().decode("Z0LAKNoB4AiflwFqAgICgAAAAwCAAAAZR4wZUA=="),
                new byte[] {0x68, (byte) 0xCE, 0x3C, (byte) 0x80});
    }

    @Test
    void contentBaseWithoutTrailingSlash_isJoinedWithOneSlash() throws IOException {
        String sdp = GSTREAMER.replace("\r\n", "\n").replace("a=control:stream=0", "a=control:trackID=1");

        assertThat(SessionDescription.parse(sdp, "rtsp://h/cam1").control()).isEqualTo("rtsp://h/cam1/trackID=1");
    }

    @Test
    void hikvisionH265_takesAbsoluteControlAndVpsSpsPpsInOrder() throws IOException {
        SessionDescription sdp = SessionDescription.parse(HIKVISION_H265, "rtsp://192.168.1.64:554/Streaming/Channels/101/");

        assertThat(sdp.codec()).isEqualTo(VideoCodec.H265);
        assertThat(sdp.control())
                .isEqualTo("rtsp://192.168.1.64:554/Streaming/Channels/101/trackID=1?transportmode=unicast");
        assertThat(sdp.parameterSets()).extracting(nal -> (nal[0] >> 1) & 0x3F).containsExactly(32, 33, 34);
    }

    @Test
    void h265WithMaxDonDiffAboveZero_carriesDecodingOrderNumbers() throws IOException {
        String base = "rtsp://192.168.1.64:554/Streaming/Channels/101/";
        String withDon = HIKVISION_H265.replace("profile-id=1;", "profile-id=1; sprop-max-don-diff=2;");

        assertThat(SessionDescription.parse(HIKVISION_H265, base).decodingOrderNumbers()).isFalse();
        assertThat(SessionDescription.parse(withDon, base).decodingOrderNumbers()).isTrue();
        assertThat(SessionDescription.parse(withDon.replace("=2;", "=0;"), base).decodingOrderNumbers()).isFalse();
        assertThat(SessionDescription.parse(withDon.replace("=2;", "=x;"), base).decodingOrderNumbers())
                .as("a malformed value counts as none").isFalse();
        assertThat(SessionDescription.parse(GSTREAMER.replace("packetization-mode=1", "packetization-mode=1;"
                + " sprop-max-don-diff=2"), "rtsp://h/").decodingOrderNumbers()).as("H.264 has none").isFalse();
    }

    @Test
    void hevcEncodingName_countsAsH265() throws IOException {
        String sdp = HIKVISION_H265.replace("H265/90000", "HEVC/90000");

        assertThat(SessionDescription.parse(sdp, "rtsp://h/").codec()).isEqualTo(VideoCodec.H265);
    }

    @Test
    void mjpegStream_hasNoCodecButNamesItsEncoding() throws IOException {
        String sdp = "v=0\nm=video 0 RTP/AVP 26\na=rtpmap:26 JPEG/90000\na=control:track1\n";

        SessionDescription description = SessionDescription.parse(sdp, "rtsp://h/mjpeg");

        assertThat(description.codec()).isNull();
        assertThat(description.encoding()).isEqualTo("JPEG");
        assertThat(description.payloadType()).isEqualTo(26);
        assertThat(description.parameterSets()).isEmpty();
    }

    @Test
    void staticPayloadTypeWithoutRtpmap_isNamedByNumber() throws IOException {
        SessionDescription sdp = SessionDescription.parse("v=0\nm=video 0 RTP/AVP 26\n", "rtsp://h/mjpeg");

        assertThat(sdp.codec()).isNull();
        assertThat(sdp.encoding()).isEqualTo("payload type 26");
        assertThat(sdp.clockRate()).isEqualTo(90000);
        assertThat(sdp.control()).isEqualTo("rtsp://h/mjpeg");
    }

    @Test
    void severalFormats_takesTheFirstWithAnRtpmap() throws IOException {
        String sdp = "v=0\nm=video 0 RTP/AVP 26 97\na=rtpmap:97 H264/90000\n";

        SessionDescription description = SessionDescription.parse(sdp, "rtsp://h/");

        assertThat(description.payloadType()).isEqualTo(97);
        assertThat(description.codec()).isEqualTo(VideoCodec.H264);
    }

    @Test
    void starControl_isTheContentBase() throws IOException {
        String sdp = "v=0\nm=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000\na=control:*\n";

        assertThat(SessionDescription.parse(sdp, "rtsp://h/live/").control()).isEqualTo("rtsp://h/live/");
    }

    @Test
    void fmtpKeysInOtherCase_andBadBase64_keepTheGoodSetsOnly() throws IOException {
        String sdp = "v=0\nm=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000\n"
                + "a=fmtp:96 Sprop-Parameter-Sets=Z0L*AKNo!,aM48gA==\n";

        SessionDescription description = SessionDescription.parse(sdp, "rtsp://h/");

        assertThat(description.parameterSets()).containsExactly(new byte[] {0x68, (byte) 0xCE, 0x3C, (byte) 0x80});
    }

    @Test
    void noVideoStream_failsSayingSo() {
        String audioOnly = "v=0\nm=audio 0 RTP/AVP 8\na=rtpmap:8 PCMA/8000\n";

        assertThatThrownBy(() -> SessionDescription.parse(audioOnly, "rtsp://h/"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("m=video");
    }

    @Test
    void videoLineWithoutFormats_failsAsMalformed() {
        assertThatThrownBy(() -> SessionDescription.parse("v=0\nm=video 0 RTP/AVP\n", "rtsp://h/"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Malformed");
    }
}
