package io.meterreader.inference.yolo;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The checked shape of a YOLOv8 model: what pre- and post-processing need to know about it.
 * {@link #check} builds it from the shapes a runtime reports and refuses anything else with a
 * message that says what was expected, what was found, and what the found model looks like.
 *
 * @param maxBatch        the batch the model fixes, or 0 when its batch dimension is dynamic
 * @param anchorCount     N, the number of candidate boxes per image
 * @param maskChannels    32 for segmentation, 0 for detection
 * @param protoWidth      prototype mask width (input width / 4), 0 for detection
 * @param protoHeight     prototype mask height, 0 for detection
 */
public record YoloLayout(YoloTask task, String inputName, int inputWidth, int inputHeight, int maxBatch,
                         List<String> classNames, int anchorCount, String predictionOutput, int maskChannels,
                         String protoOutput, int protoWidth, int protoHeight) {

    public static final int MASK_CHANNELS = 32;

    public YoloLayout {
        classNames = List.copyOf(classNames);
    }

    public int classCount() {
        return classNames.size();
    }

    /** Rows of the prediction output: 4 box values, one score per class, then mask coefficients. */
    public int predictionChannels() {
        return 4 + classCount() + maskChannels;
    }

    /** Floats per image in the prediction output. */
    public int predictionSize() {
        return predictionChannels() * anchorCount;
    }

    /** Floats per image in the prototype output (0 for detection). */
    public int protoSize() {
        return maskChannels * protoWidth * protoHeight;
    }

    /** Floats per image in the input. */
    public int inputSize() {
        return 3 * inputWidth * inputHeight;
    }

    /**
     * Checks a model's input and outputs against the YOLOv8 export layout for a task and classes.
     *
     * @param model a name for messages, usually the model file
     * @throws ModelShapeException naming expected and found shapes
     */
    public static YoloLayout check(String model, YoloTask task, List<TensorShape> inputs, List<TensorShape> outputs,
                                   List<String> classNames) {
        int nc = classNames.size();
        if (nc == 0) {
            throw new IllegalArgumentException("no class names configured for " + model);
        }
        String classes = nc + (nc == 1 ? " class " : " classes ") + String.join(", ", classNames);
        String not = model + " is not a YOLOv8 " + task.description() + " model with " + classes + ": ";
        if (inputs.size() != 1) {
            throw new ModelShapeException(not + "expected one input [B, 3, H, W], found " + inputs.size() + ": "
                    + describe(inputs));
        }
        TensorShape in = inputs.get(0);
        if (in.rank() != 4 || in.dim(1) != 3) {
            throw new ModelShapeException(not + "expected input [B, 3, H, W] (a batch of RGB images), found "
                    + in.describe());
        }
        if (!in.isFixed(2) || !in.isFixed(3)) {
            throw new ModelShapeException(not + "expected an input of fixed height and width [B, 3, H, W], found "
                    + in.describe() + " (export it with a fixed image size)");
        }
        int height = (int) in.dim(2);
        int width = (int) in.dim(3);
        int maxBatch = in.isFixed(0) ? (int) in.dim(0) : 0;
        int coefficients = task == YoloTask.SEGMENT ? MASK_CHANNELS : 0;
        int channels = 4 + nc + coefficients;
        String expected = task == YoloTask.SEGMENT
                ? "outputs [B, " + channels + ", N] (4 box values, " + nc + " class scores, " + MASK_CHANNELS
                        + " mask coefficients) and mask prototypes [B, " + MASK_CHANNELS + ", " + height / 4 + ", "
                        + width / 4 + "]"
                : "output [B, " + channels + ", N] (4 box values and " + nc + " class scores)";
        String found = (outputs.size() == 1 ? "found " : "found " + outputs.size() + " outputs ") + describe(outputs);

        List<TensorShape> rank3 = outputs.stream().filter(o -> o.rank() == 3).toList();
        List<TensorShape> rank4 = outputs.stream().filter(o -> o.rank() == 4).toList();
        int expectedOutputs = task == YoloTask.SEGMENT ? 2 : 1;
        if (outputs.size() != expectedOutputs || rank3.size() != 1 || rank4.size() != expectedOutputs - 1) {
            throw new ModelShapeException(not + "expected " + expected + ", " + found + guess(outputs, nc, task));
        }
        TensorShape prediction = rank3.get(0);
        long rows = prediction.dim(1);
        long anchors = prediction.dim(2);
        if (rows != channels || anchors <= 0) {
            throw new ModelShapeException(not + "expected " + expected + ", " + found
                    + guess(outputs, nc, task));
        }
        if (task == YoloTask.DETECT) {
            return new YoloLayout(task, in.name(), width, height, maxBatch, classNames, (int) anchors,
                    prediction.name(), 0, null, 0, 0);
        }
        TensorShape proto = rank4.get(0);
        if (proto.dim(1) != MASK_CHANNELS || !proto.isFixed(2) || !proto.isFixed(3)) {
            throw new ModelShapeException(not + "expected " + expected + ", " + found
                    + " (the prototypes must have " + MASK_CHANNELS + " channels and a fixed size)");
        }
        return new YoloLayout(task, in.name(), width, height, maxBatch, classNames, (int) anchors,
                prediction.name(), MASK_CHANNELS, proto.name(), (int) proto.dim(3), (int) proto.dim(2));
    }

    /** What the found outputs look like, to point at the likely mistake. */
    private static String guess(List<TensorShape> outputs, int nc, YoloTask task) {
        if (outputs.size() == 1 && outputs.get(0).rank() == 2) {
            return "; that looks like a classification model";
        }
        if (outputs.size() == 1 && outputs.get(0).rank() == 3) {
            TensorShape o = outputs.get(0);
            long rows = o.dim(1);
            long last = o.dim(2);
            if (last == 6) {
                return "; that looks like an end-to-end export with NMS inside (one row of box, score and class"
                        + " per detection): export it without NMS";
            }
            if (last == 4 + nc || last == 4 + nc + MASK_CHANNELS) {
                return "; that looks transposed ([B, N, channels]): export the Ultralytics layout [B, channels, N]";
            }
            if (task == YoloTask.SEGMENT && rows > 4) {
                return "; one output only: that looks like a detection model";
            }
            if (task == YoloTask.DETECT && rows > 4) {
                return "; that is a model with " + (rows - 4) + (rows - 4 == 1 ? " class" : " classes")
                        + ", " + nc + " are configured";
            }
        }
        if (outputs.size() == 2 && task == YoloTask.DETECT) {
            return "; two outputs with prototypes: that looks like a segmentation model";
        }
        if (outputs.size() == 2 && task == YoloTask.SEGMENT) {
            TensorShape o = outputs.stream().filter(s -> s.rank() == 3).findFirst().orElse(null);
            if (o != null && o.dim(1) > 4 + MASK_CHANNELS) {
                long classes = o.dim(1) - 4 - MASK_CHANNELS;
                return "; that is a model with " + classes + (classes == 1 ? " class" : " classes") + ", " + nc
                        + " are configured";
            }
        }
        return "";
    }

    private static String describe(List<TensorShape> shapes) {
        return shapes.stream().map(TensorShape::describe).collect(Collectors.joining(" and "));
    }
}
