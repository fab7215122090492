package dev.meshfleet.intent.model;

import java.util.List;
import java.util.Map;

/** One HTTP match; all its conditions must hold. Cookies are matched on the Cookie header; gateways ('mesh' or
 * namespace/name) limit the match to some of the gateways the route is bound to. */
public record HttpMatch(String name, StringMatch uri, StringMatch method, StringMatch authority, StringMatch scheme, Map<String, StringMatch> headers, Map<String, StringMatch> cookies, Map<String, StringMatch> queryParams, Map<String, StringMatch> withoutHeaders, Integer port, Map<String, String> sourceLabels, String sourceNamespace, Boolean ignoreUriCase,
        List<String> gateways) {
}
