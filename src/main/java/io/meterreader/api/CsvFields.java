package io.meterreader.api;

/** Text as a CSV field (RFC 4180). */
final class CsvFields {

    private CsvFields() {
    }

    /** Quoted where it holds a comma, a quote or a line break (ids and units are free text); empty for null. */
    static String field(String text) {
        if (text == null) {
            return "";
        }
        return text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")
                ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
