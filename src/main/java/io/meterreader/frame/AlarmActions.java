package io.meterreader.frame;

import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an operator does to a meter's alarm, from whichever edge it came in by (the REST API and
 * the dashboard, OPC UA, MQTT): acknowledge it, comment on it, shelve it, unshelve it. The
 * service's alarm list does it.
 */
public interface AlarmActions {

    /** The longest user name an operator's action keeps, on every edge (API, MQTT, OPC UA). */
    int MAX_USER = 100;
    /** The longest comment or reason an operator's action keeps, on every edge. */
    int MAX_TEXT = 1000;

    /** An operator's comment or reason as every edge keeps it: "" for none, at most {@link #MAX_TEXT} characters. */
    static String text(String text) {
        return text == null ? "" : text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
    }

    /**
     * Why a record may not be made under {@code user}, given the names of the personal accounts
     * ({@code access.users}); null where it may. What is recorded under a personal account's name,
     * in any case ("Ann" reads as ann's), is what its holder did signed in: the journal could not
     * tell their own entries from those made in their name, on the API by a shared account or over
     * a broker by whoever may publish.
     */
    static String personalNameRefused(Collection<String> personalNames, String user) {
        String as = folded(user);
        return personalNames.stream().filter(n -> folded(n).equals(as)).findFirst()
                .map(n -> "user: " + (n.equals(user) ? n : user + " is " + n + ", who") + " has a personal account, "
                        + "and what is recorded under that name is what " + n + " does signed in as " + n
                        + ": name yourself, or sign in with it")
                .orElse(null);
    }

    /**
     * Why a command over a broker may not be recorded under {@code user}, given the names of the
     * API's shared accounts ({@code access.username}, {@code viewer-username}); null where it may.
     * Their actions on the dashboard are recorded under those names: one published to the broker
     * by whoever may publish would read as the dashboard's.
     */
    static String sharedNameRefused(Collection<String> sharedNames, String user) {
        String as = folded(user);
        return sharedNames.stream().filter(n -> folded(n).equals(as)).findFirst()
                .map(n -> "user: " + (n.equals(user) ? n : user + " is " + n + ", which") + " is the dashboard's "
                        + "account, and what is recorded under that name was done on the dashboard: name yourself")
                .orElse(null);
    }

    /**
     * A name as it reads: its compatibility form (full-width "ａnn" is "ann"), in lower case. Two
     * names that fold alike are one person's to whoever reads the journal.
     */
    static String folded(String name) {
        return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFKC).toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Why an operator's text may not be kept, or null where it may. A name (a user) is one line of
     * visible characters: no control character, no invisible one (a zero-width space, a direction
     * mark), no space but the plain one, so that "ann" with an invisible character in it cannot
     * pass for ann in the journal. A comment or a reason may hold line breaks and tabs, and no other
     * control character: a NUL, which PostgreSQL keeps in no text, held every meter's alarm writes
     * behind it. Neither may hold half a UTF-16 pair, which would be stored as '?'.
     */
    static String textRefused(String field, String text, boolean name) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            String what = Character.isSurrogate((char) c) && Character.charCount(c) == 1 ? "half a UTF-16 pair"
                    : Character.isISOControl(c) && (name || c != '\n' && c != '\r' && c != '\t') ? "a control character"
                    : name && invisible(c) ? "an invisible character"
                    : name && Character.isSpaceChar(c) && c != ' ' ? "a space other than the plain one"
                    : null;
            if (what != null) {
                return field + " holds " + what + String.format(" (U+%04X)", c) + (name ? ": a name is one line of "
                        + "visible characters" : ": only line breaks and tabs are kept");
            }
        }
        return name ? mixedScripts(field, text) : null;
    }

    /**
     * Why a name's letters may not be kept, or null where they may: letters of two scripts that
     * are not written together (Unicode's "highly restrictive" rule, UTS #39), such as a Cyrillic
     * "а" among Latin letters, which reads as the Latin "a": "аnn" would pass for ann.
     */
    private static String mixedScripts(String field, String text) {
        Set<Character.UnicodeScript> scripts = EnumSet.noneOf(Character.UnicodeScript.class);
        int[] first = new int[Character.UnicodeScript.values().length];
        text.codePoints().forEach(c -> {
            Character.UnicodeScript script = Character.UnicodeScript.of(c);
            if (script != Character.UnicodeScript.COMMON && script != Character.UnicodeScript.INHERITED
                    && scripts.add(script)) {
                first[script.ordinal()] = c;
            }
        });
        if (scripts.size() < 2 || writtenTogether(scripts)) {
            return null;
        }
        return field + " mixes " + scripts.stream().map(s -> script(s) + String.format(" (U+%04X)", first[s.ordinal()]))
                .collect(Collectors.joining(" and ")) + " letters, which can pass for one another: a name is "
                + "written in one script";
    }

    /** Whether a name may mix these: Japanese writing, Chinese with Bopomofo, Korean, each with Latin. */
    private static boolean writtenTogether(Set<Character.UnicodeScript> scripts) {
        Character.UnicodeScript latin = Character.UnicodeScript.LATIN;
        Character.UnicodeScript han = Character.UnicodeScript.HAN;
        return List.of(EnumSet.of(latin, han, Character.UnicodeScript.HIRAGANA, Character.UnicodeScript.KATAKANA),
                        EnumSet.of(latin, han, Character.UnicodeScript.BOPOMOFO),
                        EnumSet.of(latin, han, Character.UnicodeScript.HANGUL))
                .stream().anyMatch(m -> m.containsAll(scripts));
    }

    private static String script(Character.UnicodeScript s) {
        String name = s.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /**
     * Whether a character shows as nothing: a format character (a zero-width space, a direction
     * mark), or one of Unicode's other default-ignorable code points (a combining grapheme joiner,
     * a variation selector, the Hangul fillers, which show as a blank), or the blank braille cell.
     */
    private static boolean invisible(int c) {
        return Character.getType(c) == Character.FORMAT || c == 0x034F || c == 0x115F || c == 0x1160
                || c == 0x17B4 || c == 0x17B5 || (c >= 0x180B && c <= 0x180F) || (c >= 0x2060 && c <= 0x206F)
                || c == 0x2800 || c == 0x3164 || (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFFA0
                || (c >= 0xFFF0 && c <= 0xFFF8) || (c >= 0xE0000 && c <= 0xE0FFF);
    }

    /**
     * Text an operator gave (a user, a comment, a reason), as a log line may hold it: control
     * characters written as escapes ({@code \n}, {@code \u001b}), so that a comment sent with a
     * line break cannot add a forged line to the service's log, the audit trail's other half.
     */
    static String oneLine(String text) {
        if (text == null || text.chars().noneMatch(AlarmActions::control)) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length() + 8);
        text.chars().forEach(c -> {
            if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (control(c)) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.append((char) c);
            }
        });
        return b.toString();
    }

    private static boolean control(int c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }

    /**
     * Acknowledges the meter's alarm.
     *
     * @param user    who acknowledges ("" for nobody named)
     * @param comment why, or what was done ("" for none)
     * @return the alarm, acknowledged
     * @throws java.util.NoSuchElementException the meter has no alarm on the list
     * @throws IllegalStateException            the alarm is already acknowledged
     */
    MeterAlarm acknowledge(String meterId, String user, String comment);

    /**
     * Puts an operator's comment on the meter's alarm in the alarm journal (OPC UA's AddComment:
     * what was seen, what was done), changing nothing of the alarm.
     *
     * @param user who comments ("" for nobody named)
     * @throws java.util.NoSuchElementException the meter has no alarm (none since the start or its return to service)
     */
    void comment(String meterId, String user, String comment);

    /**
     * Shelves the meter's alarm for {@code duration}, or, where that is null, once until the
     * alarm (active now) clears; a shelf in place is replaced.
     *
     * @param user   who shelves it ("" for nobody named)
     * @param reason why ("" for none)
     * @return the alarm, shelved
     * @throws java.util.NoSuchElementException the meter has no alarm (none since the start or its return to service)
     * @throws IllegalStateException            one-shot, and the alarm is not active
     * @throws IllegalArgumentException         a duration not above zero, or longer than allowed
     */
    MeterAlarm shelve(String meterId, Duration duration, String user, String reason);

    /**
     * Ends the shelving of the meter's alarm now.
     *
     * @return the alarm, unshelved
     * @throws java.util.NoSuchElementException the meter has no alarm (none since the start or its return to service)
     * @throws IllegalStateException            its alarm is not shelved
     */
    MeterAlarm unshelve(String meterId, String user);

    /**
     * Puts in the alarm journal that a client enabled or disabled the meter's alarm condition (OPC
     * UA's Enable and Disable, which are the server's alone): who did what, for an audit.
     */
    default void conditionEnabled(String meterId, boolean enabled, String user) {
    }

    /** Whether a client disabled the meter's alarm condition, and has not enabled it since (over restarts). */
    default boolean conditionDisabled(String meterId) {
        return false;
    }

    /** The longest a shelf may last (the plant's alarm philosophy; {@link AlarmShelf#MAX_TIME} unless configured). */
    default Duration maxShelfTime() {
        return AlarmShelf.MAX_TIME;
    }
}
