package io.meterreader.inference.yolo;

/** What a YOLOv8 model was trained for, which fixes its output layout. */
public enum YoloTask {
    /** One output {@code [B, 4 + nc, N]}. */
    DETECT("detection"),
    /** Outputs {@code [B, 4 + nc + 32, N]} and prototypes {@code [B, 32, H/4, W/4]}. */
    SEGMENT("segmentation");

    private final String description;

    YoloTask(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
