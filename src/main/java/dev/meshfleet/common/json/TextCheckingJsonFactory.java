package dev.meshfleet.common.json;

import java.io.DataInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.IOContext;

/** A JSON factory whose parsers apply {@link TextRules} to every string they read. */
public class TextCheckingJsonFactory extends JsonFactory {
    private final int maxLength;

    public TextCheckingJsonFactory(JsonFactory settings, int maxLength) {
        super(settings, null);
        this.maxLength = maxLength;
    }

    @Override
    protected JsonParser _createParser(InputStream in, IOContext ctxt) throws IOException {
        return TextRules.enforce(super._createParser(in, ctxt), maxLength);
    }

    @Override
    protected JsonParser _createParser(Reader r, IOContext ctxt) throws IOException {
        return TextRules.enforce(super._createParser(r, ctxt), maxLength);
    }

    @Override
    protected JsonParser _createParser(char[] data, int offset, int len, IOContext ctxt, boolean recyclable)
            throws IOException {
        return TextRules.enforce(super._createParser(data, offset, len, ctxt, recyclable), maxLength);
    }

    @Override
    protected JsonParser _createParser(byte[] data, int offset, int len, IOContext ctxt) throws IOException {
        return TextRules.enforce(super._createParser(data, offset, len, ctxt), maxLength);
    }

    @Override
    protected JsonParser _createParser(DataInput input, IOContext ctxt) throws IOException {
        return TextRules.enforce(super._createParser(input, ctxt), maxLength);
    }

    @Override
    public JsonFactory copy() {
        return new TextCheckingJsonFactory(this, maxLength);
    }
}
