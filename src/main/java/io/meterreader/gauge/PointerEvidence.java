package io.meterreader.gauge;

/**
 * What the pointer reader's confidence is made of: each way the reading could be wrong, as a
 * factor that is 1 when all is well and falls towards 0 as that doubt grows, and the dial's size.
 *
 * @param model      the models' own scores: (pointer score x mean tick score) to the power
 *                   {@link RectifiedPointerReader#MODEL_WEIGHT}
 * @param ticks      enough ticks on the grid (6 and more), and few candidates left off it
 * @param regularity the tick angles on a smooth curve (an index slipped over a missing or false
 *                   tick breaks it)
 * @param agreement  the two placements of the pointer (tick grid, arc) agreeing
 * @param sector     no other gap between ticks nearly as wide as the open sector
 * @param ends       the pointer's tip reaching clearly farther from the pivot than its tail
 * @param reach      a pointer long against the ring of ticks
 * @param stroke     a pointer shaped like a stroke
 * @param direction  the pointer's line passing through the pivot
 * @param single     no second pointer on the same pivot (a drag or set-point pointer, read
 *                   instead of the needle as often as not)
 * @param ringRadius the radius of the ring of ticks, in crop pixels
 */
public record PointerEvidence(double model, double ticks, double regularity, double agreement, double sector,
                              double ends, double reach, double stroke, double direction, double single,
                              double ringRadius) {

    /** The names of {@link #factors()}, as column names. */
    public static final String[] FACTOR_NAMES = {
        "model", "ticks", "regularity", "agreement", "sector", "ends", "reach", "stroke", "direction", "single"
    };

    /** The factors in the order of the record, for a table of them (the ring's radius not included). */
    public double[] factors() {
        return new double[] {model, ticks, regularity, agreement, sector, ends, reach, stroke, direction, single};
    }

    /** How sure the reading is: the models' own confidence times every factor of the geometry's doubts. */
    public double confidence() {
        double product = 1;
        for (double f : factors()) {
            product *= f;
        }
        return Geometry.clamp(product, 0, 1);
    }
}
