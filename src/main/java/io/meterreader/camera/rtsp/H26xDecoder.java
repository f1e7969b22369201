package io.meterreader.camera.rtsp;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_LOW_DELAY;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import java.io.IOException;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * FFmpeg's H.264 / H.265 decoder fed whole access units, one thread (cameras run in parallel; a
 * frame-threaded decoder holds frames back), pictures converted to packed BGR only when asked.
 * In low-delay mode (key frames only) every picture comes out of the packet that holds it.
 */
final class H26xDecoder implements AutoCloseable {

    private final AVCodecContext context;
    private final AVPacket packet;
    private final AVFrame picture;
    private SwsContext scaler;
    private BytePointer bgr;
    private long bgrCapacity;
    private boolean hasPicture;

    H26xDecoder(VideoCodec codec, boolean lowDelay) throws IOException {
        AVCodec decoder = avcodec_find_decoder(codec == VideoCodec.H265 ? AV_CODEC_ID_HEVC : AV_CODEC_ID_H264);
        if (decoder == null) {
            throw new IOException("this FFmpeg has no " + codec + " decoder");
        }
        context = avcodec_alloc_context3(decoder);
        context.thread_count(1);
        if (lowDelay) {
            context.flags(context.flags() | AV_CODEC_FLAG_LOW_DELAY);
        }
        if (avcodec_open2(context, decoder, (AVDictionary) null) < 0) {
            avcodec_free_context(context);
            throw new IOException("cannot open the " + codec + " decoder");
        }
        packet = av_packet_alloc();
        picture = av_frame_alloc();
    }

    /**
     * Decodes one access unit (Annex-B).
     *
     * @param pts its time, which the picture keeps
     * @return whether a picture came out; false for data the decoder refused (it is skipped)
     */
    boolean decode(byte[] annexB, long pts) {
        if (av_new_packet(packet, annexB.length) < 0) {
            throw new OutOfMemoryError("av_new_packet of " + annexB.length + " bytes");
        }
        packet.data().put(annexB, 0, annexB.length);
        packet.pts(pts);
        int sent = avcodec_send_packet(context, packet);
        av_packet_unref(packet);
        if (sent < 0) {
            return false;
        }
        av_frame_unref(picture);
        hasPicture = avcodec_receive_frame(context, picture) == 0;
        return hasPicture;
    }

    /** The time of the picture that came out last. */
    long pictureTime() {
        return picture.pts();
    }

    int width() {
        return picture.width();
    }

    int height() {
        return picture.height();
    }

    /**
     * Where the conversion to BGR writes: rows of the picture's width rounded up to
     * {@value #ROW_ALIGN} bytes, and {@value #END_PADDING} bytes after the last. FFmpeg's SIMD
     * conversion writes whole blocks of pixels, past a row's end where the width is no multiple of
     * 16 (1080, the width of a camera turned upright, or 360): into a buffer of exactly width x
     * height x 3 it wrote past the end, which corrupted the heap and aborted the whole service
     * (glibc's "malloc(): corrupted top size"), every camera with it.
     */
    static final int ROW_ALIGN = 64;
    static final int END_PADDING = 256;

    /** The bytes between the starts of two rows of a picture {@code width} wide in the BGR buffer. */
    static int bgrStride(int width) {
        return (width * 3 + ROW_ALIGN - 1) / ROW_ALIGN * ROW_ALIGN;
    }

    /** The size of the BGR buffer of a picture: its rows and the padding after them. */
    static long bgrBufferSize(int width, int height) {
        return (long) bgrStride(width) * height + END_PADDING;
    }

    /** The last picture as packed BGR, 3 bytes a pixel, no row padding: a new array. */
    byte[] bgr() {
        if (!hasPicture) {
            throw new IllegalStateException("no picture decoded");
        }
        int w = picture.width();
        int h = picture.height();
        long size = bgrBufferSize(w, h);
        if (bgr == null || bgrCapacity < size) {
            if (bgr != null) {
                bgr.deallocate();
            }
            bgr = new BytePointer(size);
            bgrCapacity = size;
        }
        int stride = bgrStride(w);
        convert(bgr, stride);
        byte[] out = new byte[w * h * 3];
        if (stride == w * 3) {
            bgr.position(0).get(out);
        } else {
            for (int y = 0; y < h; y++) {
                bgr.position((long) y * stride).get(out, y * w * 3, w * 3);
            }
        }
        bgr.position(0);
        return out;
    }

    /**
     * Converts the last picture into {@code dst}, rows {@code stride} bytes apart (which must hold
     * {@link #bgrBufferSize} bytes where the stride is {@link #bgrStride}).
     */
    void convert(BytePointer dst, int stride) {
        int w = picture.width();
        int h = picture.height();
        scaler = sws_getCachedContext(scaler, w, h, picture.format(), w, h, AV_PIX_FMT_BGR24, SWS_BILINEAR,
                null, null, (DoublePointer) null);
        if (scaler == null) {
            throw new IllegalStateException("no conversion from pixel format " + picture.format() + " to BGR");
        }
        // src: the frame's own data[8] array (a cast of the frame); dst: a one-element array.
        try (PointerPointer<BytePointer> to = new PointerPointer<BytePointer>(1).put(0, dst.position(0));
             IntPointer dstStride = new IntPointer(new int[] {stride});
             PointerPointer<AVFrame> src = new PointerPointer<>((org.bytedeco.javacpp.Pointer) picture)) {
            sws_scale(scaler, src, picture.linesize(), 0, h, to, dstStride);
        }
    }

    @Override
    public void close() {
        av_frame_free(picture);
        av_packet_free(packet);
        avcodec_free_context(context);
        if (scaler != null) {
            sws_freeContext(scaler);
            scaler = null;
        }
        if (bgr != null) {
            bgr.deallocate();
            bgr = null;
        }
    }
}
