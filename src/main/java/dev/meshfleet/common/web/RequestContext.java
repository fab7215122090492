package dev.meshfleet.common.web;

import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.RequestScoped;

/** Per-request facts that audit entries and problem documents carry: the request id and where the change came from. */
@RequestScoped
public class RequestContext {
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private String requestId;
    private String source = "api";

    /** Takes the caller's X-Request-Id when it is safe to log and echo; otherwise makes one. */
    public void begin(String offeredRequestId) {
        requestId = offeredRequestId != null && SAFE_ID.matcher(offeredRequestId).matches()
                ? offeredRequestId
                : UUID.randomUUID().toString();
    }

    public String requestId() {
        if (requestId == null) {
            requestId = UUID.randomUUID().toString();
        }
        return requestId;
    }

    public String source() {
        return source;
    }

    public void source(String source) {
        this.source = source;
    }
}
