package io.midwatch.platform;

/**
 * The rules for the text a caller gives MidWatch as names and descriptions, in one place: the constraint
 * annotations {@link NoControlCharacters} and {@link PathSegmentName} apply them to request bodies, the
 * {@code require...} methods to path variables, and the ServiceNow poller to what it reads from an instance.
 */
public final class TextRules {

    /** No control character: a CR or LF in a name would let a caller forge lines in MidWatch's log. */
    public static final String CONTROL_CHARACTERS_MESSAGE = "must not contain control characters (such as CR or LF)";

    /** Names travel as URL path segments (the API, the diagnosis worker), where servers refuse encoded slashes. */
    public static final String SLASHES_MESSAGE = "must not contain / or \\";

    private TextRules() {
    }

    /** ISO control characters: U+0000 to U+001F and U+007F to U+009F (NEL, U+0085, ends a line for some readers). */
    public static boolean hasControlCharacter(CharSequence text) {
        return text != null && text.chars().anyMatch(Character::isISOControl);
    }

    /** The text with each control character replaced by {@code ?}; null stays null. */
    public static String withoutControlCharacters(String text) {
        if (text == null) {
            return null;
        }
        return text.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    /**
     * Caller-given text as it may go into a log line: control characters replaced, so that nobody forges a
     * line, and cut to {@code maxLength}.
     */
    public static String printable(String text, int maxLength) {
        return withoutControlCharacters(text.length() > maxLength ? text.substring(0, maxLength) + "..." : text);
    }

    static boolean hasSlash(CharSequence text) {
        return text.chars().anyMatch(c -> c == '/' || c == '\\');
    }

    /**
     * Refuses a name that breaks {@link PathSegmentName}'s rules.
     *
     * @throws IllegalArgumentException naming the field (answered 400)
     */
    public static void requirePathSegmentName(String field, String value) {
        if (value == null) {
            return;
        }
        if (hasControlCharacter(value)) {
            throw new IllegalArgumentException(field + " " + CONTROL_CHARACTERS_MESSAGE);
        }
        if (hasSlash(value)) {
            throw new IllegalArgumentException(field + " " + SLASHES_MESSAGE);
        }
    }
}
