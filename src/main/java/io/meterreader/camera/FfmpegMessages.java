package io.meterreader.camera;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * FFmpeg's errors as JavaCV words them, for a person: without its hints to programmers ("Has
 * setFormat() been called?"), and with an error number said in FFmpeg's own words
 * ({@code error -1094995529} is "Invalid data found when processing input").
 */
public final class FfmpegMessages {

    private static final Pattern HINTS = Pattern.compile("\\s*\\((Has setFormat\\(\\) been called\\?|For more "
            + "details, make sure FFmpegLogCallback\\.set\\(\\) has been called\\.)\\)");
    private static final Pattern ERROR_NUMBER = Pattern.compile("error (-\\d+)");

    private FfmpegMessages() {
    }

    public static String clean(String message) {
        String m = HINTS.matcher(String.valueOf(message)).replaceAll("").strip();
        Matcher n = ERROR_NUMBER.matcher(m);
        if (n.find()) {
            String words = words(Integer.parseInt(n.group(1)));
            if (!words.isEmpty() && !m.contains(words)) {
                m = m.substring(0, n.end()) + " (" + words + ")" + m.substring(n.end());
            }
        }
        return m;
    }

    /** What FFmpeg calls an error of this number; "" where it has no words for it. */
    static String words(int error) {
        byte[] buffer = new byte[256];
        if (avutil.av_strerror(error, buffer, buffer.length) < 0) {
            return "";
        }
        int end = 0;
        while (end < buffer.length && buffer[end] != 0) {
            end++;
        }
        return new String(buffer, 0, end, java.nio.charset.StandardCharsets.UTF_8);
    }
}
