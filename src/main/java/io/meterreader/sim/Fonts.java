package io.meterreader.sim;

import java.awt.Font;
import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * The typefaces gauge faces and labels are printed in: the DejaVu and Liberation TrueType files
 * when the system has them (so the output looks the same on every machine that does), and Java's
 * logical fonts otherwise.
 */
final class Fonts {

    private static final String[] FILES = {
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSansNarrow-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSansNarrow-Bold.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Italic.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf",
    };

    private static final List<Font> FACES = load();

    private Fonts() {
    }

    private static List<Font> load() {
        List<Font> faces = new ArrayList<>();
        for (String path : FILES) {
            File file = new File(path);
            if (!file.isFile()) {
                continue;
            }
            try {
                faces.add(Font.createFont(Font.TRUETYPE_FONT, file));
            } catch (Exception e) {
                // An unreadable font file only narrows the choice.
            }
        }
        if (faces.isEmpty()) {
            for (String name : new String[] {Font.SANS_SERIF, Font.SERIF, Font.DIALOG, Font.MONOSPACED}) {
                faces.add(new Font(name, Font.PLAIN, 12));
                faces.add(new Font(name, Font.BOLD, 12));
            }
        }
        return List.copyOf(faces);
    }

    static int count() {
        return FACES.size();
    }

    /** Face {@code index} (taken modulo the number available) at {@code size} pixels. */
    static Font face(int index, double size) {
        return FACES.get(Math.floorMod(index, FACES.size())).deriveFont((float) Math.max(1, size));
    }

    static Font random(Rng rng, double size) {
        return face(rng.integer(0, FACES.size() - 1), size);
    }
}
