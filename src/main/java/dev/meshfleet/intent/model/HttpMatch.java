package dev.meshfleet.intent.model;

import java.util.Map;

/** One HTTP match; all its conditions must hold. Cookies are matched on the Cookie header. */
public record HttpMatch(String name, StringMatch uri, StringMatch method, StringMatch authority, StringMatch scheme, Map<String, StringMatch> headers, Map<String, StringMatch> cookies, Map<String, StringMatch> queryParams, Map<String, StringMatch> withoutHeaders, Integer port, Map<String, String> sourceLabels, String sourceNamespace, Boolean ignoreUriCase) {
}
