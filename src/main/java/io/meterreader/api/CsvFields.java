package io.meterreader.api;

/** Text as a CSV field (RFC 4180). */
final class CsvFields {

    private CsvFields() {
    }

    /**
     * The UTF-8 byte order mark a CSV file starts with where asked ({@code bom=true}, as the pages'
     * links ask): Excel takes a UTF-8 file without it for the machine's code page, and showed a
     * unit of °C as Â°C and µS/cm as Âµ.
     */
    static final String BOM = "\uFEFF";

    /** Quoted where it holds a comma, a quote or a line break (ids and units are free text); empty for null. */
    static String field(String text) {
        if (text == null) {
            return "";
        }
        return text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")
                ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    /**
     * Free text someone typed (an operator's comment) as a CSV field: as {@link #field}, and one
     * that a spreadsheet would take for a formula (it begins with =, +, -, @, a tab or a carriage
     * return) begins with a quote mark instead, so that opening the file runs nothing.
     */
    static String text(String text) {
        if (text != null && !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return field("'" + text);
        }
        return field(text);
    }
}
