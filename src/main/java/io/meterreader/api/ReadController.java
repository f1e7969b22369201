package io.meterreader.api;

import io.meterreader.pipeline.ImageDecoder;
import io.meterreader.pipeline.OfflineReader;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.util.WebUtils;

/** Reads every gauge in an uploaded image, without any camera: for checking a calibration. */
@RestController
@RequestMapping("/api/v1/read")
@Tag(name = "read")
class ReadController {

    /** Uploads larger than this are refused with 413. */
    static final int MAX_BYTES = 20 * 1024 * 1024;

    /**
     * Images read at once. Uploads are read with the first inference worker's models, beside the
     * live cameras: a burst of them must not take every core from the meters. More wait their turn.
     */
    static final int READING_AT_ONCE = 2;
    /** How long an upload waits for its turn before it is answered 503 with Retry-After. */
    static final Duration WAIT = Duration.ofSeconds(20);

    private final OfflineReader reader;
    private final Semaphore turns;
    private final int atOnce;
    private final Duration wait;

    @Autowired
    ReadController(OfflineReader reader) {
        this(reader, READING_AT_ONCE, WAIT);
    }

    ReadController(OfflineReader reader, int atOnce, Duration wait) {
        this.reader = reader;
        this.turns = new Semaphore(atOnce, /* fair= */ true);
        this.atOnce = atOnce;
        this.wait = wait;
    }

    // image/jpg and image/pjpeg are not registered, but some clients send them for a JPEG
    @PostMapping(consumes = {MediaType.IMAGE_JPEG_VALUE, MediaType.IMAGE_PNG_VALUE, "image/jpg", "image/pjpeg",
            MediaType.APPLICATION_OCTET_STREAM_VALUE, MediaType.MULTIPART_FORM_DATA_VALUE})
    @Operation(summary = "Reads every gauge in a JPEG or PNG, sent as the body or as a form's one file (curl -F "
            + "file=@frame.jpg); with min and max, fractions become values (direction=counterclockwise for a dial "
            + "whose values grow that way; scale-marks=px,py,minX,minY,maxX,maxY reads the dial under that pivot from "
            + "its pointer against its min and max ticks, image pixels; level-marks=empty,full[,x] measures the sight glass "
            + "at column x, or the one spanning those rows, between its surface's rows when empty and when full)")
    OfflineReader.ImageResult read(HttpServletRequest request,
                                   @Parameter(schema = @Schema(type = "number"))
                                   @RequestParam(name = "min", required = false) String minText,
                                   @Parameter(schema = @Schema(type = "number"))
                                   @RequestParam(name = "max", required = false) String maxText,
                                   @RequestParam(required = false) String unit,
                                   @RequestParam(required = false) String direction,
                                   @RequestParam(name = "scale-marks", required = false) String scaleMarks,
                                   @RequestParam(name = "level-marks", required = false) String levelMarks)
            throws IOException, ImageDecoder.UnreadableImageException, ImageDecoder.ImageTooLargeException {
        OfflineReader.Scale scale = scale(QueryConversions.number("min", minText),
                QueryConversions.number("max", maxText), unit, direction);
        OfflineReader.Marks marks = new OfflineReader.Marks(marks("scale-marks", scaleMarks, OfflineReader::parseMarks),
                marks("level-marks", levelMarks, OfflineReader::parseLevelMarks));
        MultipartHttpServletRequest form = WebUtils.getNativeRequest(request, MultipartHttpServletRequest.class);
        if (form != null) {
            List<MultipartFile> files = form.getMultiFileMap().values().stream().flatMap(List::stream).toList();
            if (files.size() != 1) {
                throw new BadRequestException("file", "a form with one image file is read, got " + files.size()
                        + " files");
            }
            try (InputStream in = files.get(0).getInputStream()) {
                return read(readLimited(in), scale, marks);
            }
        }
        if (request.getContentLengthLong() > MAX_BYTES) {
            throw new ImageDecoder.ImageTooLargeException("the body has " + request.getContentLengthLong()
                    + " bytes; at most " + MAX_BYTES + " are accepted");
        }
        return read(readLimited(request.getInputStream()), scale, marks);
    }

    /** A query parameter's marks as {@code parse} reads them; null where it is absent, a 400 naming it where malformed. */
    private static <T> T marks(String parameter, String text, Function<String, T> parse) {
        if (text == null) {
            return null;
        }
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(parameter, e.getMessage());
        }
    }

    /** Reads an image's bytes, waiting for a turn beside the other uploads. */
    private OfflineReader.ImageResult read(byte[] body, OfflineReader.Scale scale, OfflineReader.Marks marks)
            throws ImageDecoder.UnreadableImageException, ImageDecoder.ImageTooLargeException {
        try {
            if (!turns.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ReadersBusyException(String.format("%d images are being read and others wait; this one "
                        + "waited %d s: send it again shortly", atOnce, wait.toSeconds()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReadersBusyException("interrupted while waiting for a reader");
        }
        try {
            return reader.read(ImageDecoder.decode(body), scale, marks);
        } finally {
            turns.release();
        }
    }

    private static OfflineReader.Scale scale(Double min, Double max, String unit, String direction) {
        if (unit != null && unit.isBlank()) {
            unit = null;   // unit= as no unit: a form's empty field
        }
        if (unit != null && (unit.length() > 32 || unit.chars().anyMatch(Character::isISOControl))) {
            throw new BadRequestException("unit", "unit must be a short printable text such as bar or °C "
                    + "(32 characters at most, no control characters)");
        }
        if (direction != null && !direction.equals("clockwise") && !direction.equals("counterclockwise")) {
            throw new BadRequestException("direction", "direction must be clockwise or counterclockwise, got '"
                    + direction + "'");
        }
        if (min == null && max == null) {
            if (unit != null) {
                throw new BadRequestException("unit", "unit needs min and max");
            }
            if (direction != null) {
                throw new BadRequestException("direction", "direction needs min and max");
            }
            return null;
        }
        if (min == null || max == null) {
            throw new BadRequestException(min == null ? "min" : "max", "min and max go together");
        }
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            throw new BadRequestException(Double.isFinite(min) ? "max" : "min", "min and max must be finite numbers, "
                    + "got min " + min + ", max " + max);
        }
        if (!(min < max)) {
            throw new BadRequestException("min", "min must be less than max, got min " + min + ", max " + max);
        }
        if (!Double.isFinite(max - min)) {
            throw new BadRequestException("max", "max less min must be a finite number, got min " + min + ", max "
                    + max);
        }
        return new OfflineReader.Scale(min, max, unit, "counterclockwise".equals(direction));
    }

    private static byte[] readLimited(InputStream in) throws IOException, ImageDecoder.ImageTooLargeException {
        byte[] data = in.readNBytes(MAX_BYTES + 1);
        if (data.length > MAX_BYTES) {
            throw new ImageDecoder.ImageTooLargeException("the body is larger than " + MAX_BYTES + " bytes");
        }
        return data;
    }

    @ExceptionHandler(ImageDecoder.UnreadableImageException.class)
    ProblemDetail unreadable(ImageDecoder.UnreadableImageException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        p.setTitle("Unreadable image");
        p.setType(URI.create(ProblemHandler.TYPE_BASE + "unreadable-image"));
        return p;
    }

    @ExceptionHandler(ImageDecoder.ImageTooLargeException.class)
    ProblemDetail tooLarge(ImageDecoder.ImageTooLargeException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
        p.setTitle("Image too large");
        p.setType(URI.create(ProblemHandler.TYPE_BASE + "image-too-large"));
        return p;
    }
}
