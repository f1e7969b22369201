package io.meterreader.camera;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** Real H.264 test videos: one solid colour a second, a key frame at each second, so frames tell apart by their pixels. */
public final class ColourVideo {

    private ColourVideo() {
    }

    /** Which second of such a video a frame shows, by the colour at its centre (each channel within 16); -1 for none. */
    public static int secondOf(io.meterreader.frame.Frame f, int[][] colours) {
        int centre = ((f.height() / 2) * f.width() + f.width() / 2) * 3;
        for (int s = 0; s < colours.length; s++) {
            boolean close = true;
            for (int c = 0; c < 3; c++) {
                close &= Math.abs((f.bgr()[centre + c] & 0xFF) - colours[s][c]) <= 16;
            }
            if (close) {
                return s;
            }
        }
        return -1;
    }

    /**
     * Writes {@code colours.length} seconds at {@code fps}.
     *
     * @param format  FFmpeg's container name: "mp4", or "h264" for a raw Annex-B stream
     * @param colours BGR colour of each second
     */
    public static void write(Path file, String format, int width, int height, int fps, int[][] colours) throws IOException {
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toString(), width, height, 0)) {
            rec.setFormat(format);
            rec.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            rec.setFrameRate(fps);
            rec.setGopSize(fps);
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            rec.setVideoOption("preset", "ultrafast");
            rec.setVideoOption("tune", "zerolatency");
            rec.start();
            Frame f = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
            ByteBuffer buf = (ByteBuffer) f.image[0];
            for (int[] c : colours) {
                for (int p = 0; p < width * height; p++) {
                    buf.put(p * 3, (byte) c[0]).put(p * 3 + 1, (byte) c[1]).put(p * 3 + 2, (byte) c[2]);
                }
                for (int i = 0; i < fps; i++) {
                    rec.record(f, avutil.AV_PIX_FMT_BGR24);
                }
            }
        } catch (FFmpegFrameRecorder.Exception e) {
            throw new IOException(e);
        }
    }

    /**
     * Encodes {@code in} again into {@code out} with the system's ffmpeg (Debian's has the
     * encoders the bundled one lacks: libx265, libx264 with B-frames), with the given output
     * options; false when there is no such ffmpeg or it fails.
     */
    public static boolean reencode(Path in, Path out, String... outputOptions) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner",
                "-loglevel", "error", "-y", "-i", in.toString()));
        command.addAll(List.of(outputOptions));
        command.add(out.toString());
        try {
            Process ffmpeg = new ProcessBuilder(command).redirectErrorStream(true).start();
            return ffmpeg.waitFor(60, TimeUnit.SECONDS) && ffmpeg.exitValue() == 0;
        } catch (IOException noFfmpeg) {
            return false;
        }
    }
}
