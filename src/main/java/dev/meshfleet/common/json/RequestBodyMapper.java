package dev.meshfleet.common.json;

import jakarta.inject.Singleton;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The ObjectMapper the REST layer reads and writes bodies with: the application's configured mapper, whose parsers
 * apply {@link TextRules} (no NUL, bounded length) to every string of every request body, and which refuse a key given
 * twice in one object.
 */
@Provider
@Singleton
public class RequestBodyMapper implements ContextResolver<ObjectMapper> {
    private final ObjectMapper mapper;

    public RequestBodyMapper(ObjectMapper configured) {
        this.mapper = configured.copyWith(new TextCheckingJsonFactory(configured.getFactory(), TextRules.MAX_STRING_LENGTH))
                // a key given twice is ambiguous (which one wins differs between parsers) and breaks record creators
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return mapper;
    }
}
