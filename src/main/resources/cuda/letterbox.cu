// Letterbox pre-processing for YOLO models on the GPU: one thread per model-input pixel reads a
// compact BGR image (8-bit, 3 bytes per pixel, no row padding), resizes it bilinearly into the
// letterboxed area, fills the rest with 114/255, converts BGR to RGB, scales to 0..1 and writes
// planar CHW floats. Compiled at start-up by NVRTC with --fmad=false, so that every operation
// rounds exactly as the Java pre-processor's (LetterboxPreprocessor) float arithmetic does.
//
// The sampling arithmetic is in the macros between the FORMULA markers. The test
// LetterboxKernelArithmeticTest evaluates these very lines on the CPU and checks them against the
// Java pre-processor pixel for pixel: change both together.

// FORMULA-BEGIN
#define SOURCE_COORD(d, step) fmaxf(((float) (d) + 0.5f) * (step) - 0.5f, 0.0f)
#define LOWER_INDEX(s, n) min((int) (s), (n) - 1)
#define UPPER_INDEX(s, n) min((int) (s) + 1, (n) - 1)
#define FRACTION(s) ((s) - (float) (int) (s))
#define LERP(a, b, t) ((a) + ((b) - (a)) * (t))
#define TO_UNIT(v) ((v) / 255.0f)
#define PAD_VALUE (114.0f / 255.0f)
// FORMULA-END

extern "C" __global__ void letterbox_bgr_to_rgb_chw(
        const unsigned char* __restrict__ src, int srcWidth, int srcHeight,
        float* __restrict__ dst, int dstWidth, int dstHeight,
        int resizedWidth, int resizedHeight, int padLeft, int padTop,
        float stepX, float stepY)
{
    int ox = blockIdx.x * blockDim.x + threadIdx.x;
    int oy = blockIdx.y * blockDim.y + threadIdx.y;
    if (ox >= dstWidth || oy >= dstHeight) {
        return;
    }
    int plane = dstWidth * dstHeight;
    int o = oy * dstWidth + ox;
    int dx = ox - padLeft;
    int dy = oy - padTop;
    if (dx < 0 || dy < 0 || dx >= resizedWidth || dy >= resizedHeight) {
        dst[o] = PAD_VALUE;
        dst[plane + o] = PAD_VALUE;
        dst[2 * plane + o] = PAD_VALUE;
        return;
    }
    float sx = SOURCE_COORD(dx, stepX);
    float sy = SOURCE_COORD(dy, stepY);
    int x0 = LOWER_INDEX(sx, srcWidth);
    int x1 = UPPER_INDEX(sx, srcWidth);
    int y0 = LOWER_INDEX(sy, srcHeight);
    int y1 = UPPER_INDEX(sy, srcHeight);
    float fx = FRACTION(sx);
    float fy = FRACTION(sy);
    const unsigned char* row0 = src + (size_t) y0 * srcWidth * 3;
    const unsigned char* row1 = src + (size_t) y1 * srcWidth * 3;
    // BGR in; channel c of the output is RGB, so it reads byte 2 - c
    for (int c = 0; c < 3; c++) {
        int b = 2 - c;
        float p00 = (float) row0[x0 * 3 + b];
        float p01 = (float) row0[x1 * 3 + b];
        float p10 = (float) row1[x0 * 3 + b];
        float p11 = (float) row1[x1 * 3 + b];
        float top = LERP(p00, p01, fx);
        float bottom = LERP(p10, p11, fx);
        dst[c * plane + o] = TO_UNIT(LERP(top, bottom, fy));
    }
}
