/**
 * Synthetic gauges with exact ground truth, for training and checking the models without any
 * real footage.
 *
 * <p>Pointer gauges ({@code PointerGauge}, styled by {@code PointerStyle}) and sight glasses
 * ({@code LevelGauge}, {@code LevelStyle}) are drawn flat with Java2D on their own canvas,
 * together with the polygons of what they drew. A scene ({@code SceneLayout}, built by
 * {@code Scenes} or {@code DemoScenes}) paints a plant backdrop, places each canvas with a
 * homography (tilt, rotation, perspective; OpenCV warps the pixels, {@code Homography} moves the
 * polygons), puts occluders in front and passes the frame through a {@code CameraLook}. Labels
 * come from the polygons, never from pixels, so they stay exact after every step.
 *
 * <p>Entry points for other packages:
 * <ul>
 *   <li>{@link io.meterreader.sim.SimCamera}: the {@code sim://NAME} live cameras;</li>
 *   <li>{@link io.meterreader.sim.DatasetExport}: Ultralytics YOLO detection and segmentation sets;</li>
 *   <li>{@link io.meterreader.sim.SceneVideo}: H.264 scene videos with a ground-truth CSV and calibration files;</li>
 *   <li>{@link io.meterreader.sim.ContactSheet}: a PNG grid of samples to look at.</li>
 * </ul>
 * Everything is deterministic for a seed: each image, scene and gauge draws from its own
 * {@code Rng} derived from (seed, index), never from shared or time-based randomness.
 */
package io.meterreader.sim;
