package io.meterreader.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.meterreader.pipeline.OfflineReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

/** Uploads take turns with the models: beyond the readers at work they wait, and then are told to come back. */
class ReadersBusyTest {

    private static MockHttpServletRequest upload() throws Exception {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR), "png", png);
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/read");
        request.setContentType("image/png");
        request.setContent(png.toByteArray());
        return request;
    }

    @Test
    void anUploadBeyondTheReadersAtWork_waits_thenIsTurnedAwayWith503AndRetryAfter() throws Exception {
        OfflineReader reader = mock(OfflineReader.class);
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        OfflineReader.ImageResult result = new OfflineReader.ImageResult(64, 48, List.of());
        when(reader.read(any(), any(), any(OfflineReader.Marks.class))).thenAnswer(i -> {
            reading.countDown();
            letGo.await(10, TimeUnit.SECONDS);
            return result;
        });
        ReadController controller = new ReadController(reader, 1, Duration.ofMillis(200));
        MockHttpServletRequest first = upload();
        CompletableFuture<OfflineReader.ImageResult> busy = CompletableFuture.supplyAsync(() -> {
            try {
                return controller.read(first, null, null, null, null, null, null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(reading.await(5, TimeUnit.SECONDS)).isTrue();

        MockHttpServletRequest second = upload();
        assertThatThrownBy(() -> controller.read(second, null, null, null, null, null, null))
                .isInstanceOf(ReadersBusyException.class).hasMessageContaining("waited 0 s");
        ResponseEntity<ProblemDetail> answer = new ProblemHandler().readersBusy(
                new ReadersBusyException("busy"));
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("5");

        letGo.countDown();
        assertThat(busy.get(5, TimeUnit.SECONDS)).isSameAs(result);
        assertThat(controller.read(upload(), null, null, null, null, null, null)).as("its turn once free")
                .isSameAs(result);
    }
}
