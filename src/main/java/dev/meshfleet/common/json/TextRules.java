package dev.meshfleet.common.json;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.util.JsonParserDelegate;

/**
 * Rules every string of a request document must follow, whatever field or type it lands in (typed records, maps,
 * JSON trees, object keys): no NUL character, which PostgreSQL cannot store in text and would turn into a 500, and at
 * most {@code maxLength} characters. Enforced by a parser wrapper, so one place covers every body and every field; the
 * refusal names the JSON path of the offending string.
 */
public final class TextRules {
    /** The longest single string accepted in an API request body; longer free text is a mistake or an attack. */
    public static final int MAX_STRING_LENGTH = 65_536;

    private TextRules() {
    }

    /** Wraps a parser so that it refuses NUL characters and strings longer than {@code maxLength}. */
    public static JsonParser enforce(JsonParser parser, int maxLength) {
        return parser instanceof Checked ? parser : new Checked(parser, maxLength);
    }

    /** The JSON path ({@code $.a.b[2]}) of the parser's current token. */
    public static String path(JsonStreamContext context) {
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                path.insert(0, "[" + Math.max(c.getCurrentIndex(), 0) + "]");
            } else if (c.getCurrentName() != null) {
                path.insert(0, "." + printable(c.getCurrentName()));
            }
        }
        return path.insert(0, "$").toString();
    }

    /** A string as it can be shown back in a message: NULs and other control characters escaped. */
    public static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20) {
                out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The one error of a refused string: which one (its path) and why. */
    public static final class RejectedTextException extends com.fasterxml.jackson.core.JsonParseException {
        private final String path;
        private final String reason;

        RejectedTextException(JsonParser parser, String path, String reason) {
            super(parser, path + ": " + reason);
            this.path = path;
            this.reason = reason;
        }

        public String path() {
            return path;
        }

        public String reason() {
            return reason;
        }
    }

    /**
     * Checks each string token as the parser reaches it. The shortcut methods ({@code nextFieldName}, {@code
     * nextTextValue}, ...) are routed through {@link #nextToken()} so that no string can bypass the check.
     */
    private static final class Checked extends JsonParserDelegate {
        private final int maxLength;

        Checked(JsonParser delegate, int maxLength) {
            super(delegate);
            this.maxLength = maxLength;
        }

        @Override
        public JsonToken nextToken() throws IOException {
            JsonToken token = delegate.nextToken();
            if (token == JsonToken.VALUE_STRING || token == JsonToken.FIELD_NAME) {
                check(token == JsonToken.FIELD_NAME ? delegate.currentName() : delegate.getText(),
                        token == JsonToken.FIELD_NAME);
            }
            return token;
        }

        private void check(String text, boolean key) throws RejectedTextException {
            if (text == null) {
                return;
            }
            String what = key ? "the key" : "the value";
            if (text.indexOf('\u0000') >= 0) {
                throw new RejectedTextException(this, path(delegate.getParsingContext()),
                        what + " contains a NUL character (\\u0000), which is not allowed");
            }
            if (text.length() > maxLength) {
                throw new RejectedTextException(this, path(delegate.getParsingContext()),
                        what + " is longer than " + maxLength + " characters");
            }
        }

        @Override
        public JsonToken nextValue() throws IOException {
            JsonToken token = nextToken();
            return token == JsonToken.FIELD_NAME ? nextToken() : token;
        }

        @Override
        public String nextFieldName() throws IOException {
            return nextToken() == JsonToken.FIELD_NAME ? currentName() : null;
        }

        @Override
        public boolean nextFieldName(SerializableString name) throws IOException {
            return nextToken() == JsonToken.FIELD_NAME && name.getValue().equals(currentName());
        }

        @Override
        public String nextTextValue() throws IOException {
            return nextToken() == JsonToken.VALUE_STRING ? getText() : null;
        }

        @Override
        public int nextIntValue(int defaultValue) throws IOException {
            return nextToken() == JsonToken.VALUE_NUMBER_INT ? getIntValue() : defaultValue;
        }

        @Override
        public long nextLongValue(long defaultValue) throws IOException {
            return nextToken() == JsonToken.VALUE_NUMBER_INT ? getLongValue() : defaultValue;
        }

        @Override
        public Boolean nextBooleanValue() throws IOException {
            JsonToken token = nextToken();
            return token == JsonToken.VALUE_TRUE ? Boolean.TRUE : token == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
        }
    }
}
