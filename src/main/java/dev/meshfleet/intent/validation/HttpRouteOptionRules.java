package dev.meshfleet.intent.validation;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.meshfleet.intent.model.CorsPolicy;
import dev.meshfleet.intent.model.Destination;
import dev.meshfleet.intent.model.DirectResponse;
import dev.meshfleet.intent.model.HeaderOperations;
import dev.meshfleet.intent.model.Headers;
import dev.meshfleet.intent.model.HttpRoute;

/**
 * The parts of an HTTP route besides matching and forwarding, checked as Istio's own validation does (so nothing that
 * passes here is refused by istiod's webhook): header changes, CORS, direct responses, delegates, and gateway
 * references ({@code mesh} or namespace/name).
 */
final class HttpRouteOptionRules {
    /** Istio's header-name rule for header operations and CORS header lists. */
    /** The methods Istio accepts in a CORS policy. */
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS",
            "TRACE", "PATCH");
    private static final int MAX_BODY_BYTES = 100 * 1024;

    private final PathChecks checks;
    private final RouteRules routes;

    HttpRouteOptionRules(PathChecks checks, RouteRules routes) {
        this.checks = checks;
        this.routes = routes;
    }

    void check(HttpRoute r, String p) {
        headers(r.headers(), p + ".headers");
        if (r.route() != null) {
            for (int i = 0; i < r.route().size(); i++) {
                Destination d = r.route().get(i);
                if (d != null) {
                    headers(d.headers(), p + ".route[" + i + "].headers");
                }
            }
        }
        cors(r.corsPolicy(), p + ".corsPolicy");
        directResponse(r.directResponse(), p + ".directResponse");
        if (r.delegate() != null) {
            checks.dnsLabel(r.delegate().name(), p + ".delegate.name");
            if (r.delegate().namespace() != null) {
                checks.dnsLabel(r.delegate().namespace(), p + ".delegate.namespace");
            }
        }
    }

    /** What a route does when it matches: forward, redirect, answer directly or delegate; only one of them. */
    void action(HttpRoute r, String p) {
        if (r.directResponse() != null && (r.route() != null || r.redirect() != null || r.delegate() != null)) {
            checks.error(p + ".directResponse", "a route either forwards ('route'), redirects, answers directly or"
                    + " delegates: give only one");
        }
        if (r.delegate() != null && (r.route() != null || r.redirect() != null)) {
            checks.error(p + ".delegate", "can be set only when route and redirect are empty");
        }
    }

    /** Gateway references: the reserved word {@code mesh}, or namespace/name of a Gateway. */
    void gatewayRefs(List<String> refs, String p) {
        if (refs == null) {
            return;
        }
        if (refs.isEmpty()) {
            checks.error(p, "name at least one gateway, or leave the field out");
        }
        for (int i = 0; i < refs.size(); i++) {
            String ref = refs.get(i);
            String rp = p + "[" + i + "]";
            if (ref == null) {
                continue;
            }
            if (refs.indexOf(ref) != i) {
                checks.error(rp, "duplicate gateway '" + ref + "'");
            }
            if ("mesh".equals(ref)) {
                continue;
            }
            int slash = ref.indexOf('/');
            if (slash < 0) {
                checks.error(rp, "must be 'mesh' or namespace/name of a gateway");
            } else {
                checks.dnsLabel(ref.substring(0, slash), rp);
                checks.dnsLabel(ref.substring(slash + 1), rp);
            }
        }
    }

    void headers(Headers h, String p) {
        if (h == null) {
            return;
        }
        if (h.request() == null && h.response() == null) {
            checks.error(p, "give request or response header changes");
        }
        operations(h.request(), p + ".request", true);
        operations(h.response(), p + ".response", false);
    }

    private void operations(HeaderOperations o, String p, boolean request) {
        if (o == null) {
            return;
        }
        if (o.set() == null && o.add() == null && o.remove() == null) {
            checks.error(p, "give set, add or remove");
        }
        // as in Istio: the Host header may be set on requests but neither removed nor set on responses
        headerMap(o.set(), p + ".set", !request);
        headerMap(o.add(), p + ".add", !request);
        if (o.remove() != null) {
            for (int i = 0; i < o.remove().size(); i++) {
                headerName(o.remove().get(i), p + ".remove[" + i + "]", true);
            }
        }
    }

    private void headerMap(Map<String, String> headers, String p, boolean refuseHost) {
        if (headers == null) {
            return;
        }
        headers.forEach((name, value) -> {
            headerName(name, p + "." + name, refuseHost);
            if (value == null) {
                checks.error(p + "." + name, "must be a string");
            }
        });
    }

    private void headerName(String name, String p, boolean refuseHost) {
        if (name == null) {
            return;
        }
        if (name.startsWith(":")) {
            checks.error(p, "pseudo-headers (':' prefix) cannot be changed");
        } else if (!PathChecks.HEADER_TOKEN.matcher(name).matches()) {
            checks.error(p, "is not a valid header name (letters, digits, '-' and '_')");
        } else if (refuseHost && name.equalsIgnoreCase("host")) {
            checks.error(p, "the Host header cannot be changed here");
        }
    }

    private void cors(CorsPolicy c, String p) {
        if (c == null) {
            return;
        }
        if (c.allowOrigins() != null) {
            for (int i = 0; i < c.allowOrigins().size(); i++) {
                var origin = c.allowOrigins().get(i);
                String op = p + ".allowOrigins[" + i + "]";
                routes.stringMatch(origin, op);
                if (origin != null && ("".equals(origin.exact()) || "".equals(origin.prefix())
                        || "".equals(origin.regex()))) {
                    checks.error(op, "must not be empty");
                }
            }
        }
        if (c.allowMethods() != null) {
            for (int i = 0; i < c.allowMethods().size(); i++) {
                String m = c.allowMethods().get(i);
                if (m != null && !METHODS.contains(m)) {
                    checks.error(p + ".allowMethods[" + i + "]", "must be one of " + String.join(", ",
                            List.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH")));
                }
            }
        }
        corsHeaders(c.allowHeaders(), p + ".allowHeaders");
        corsHeaders(c.exposeHeaders(), p + ".exposeHeaders");
        if (c.maxAge() != null) {
            checks.duration(c.maxAge(), p + ".maxAge");
            double nanos = PathChecks.nanos(c.maxAge());
            if (nanos < 1_000_000_000d || nanos % 1_000_000_000d != 0) {
                checks.error(p + ".maxAge", "must be whole seconds, at least 1s (Istio keeps only seconds)");
            }
        }
    }

    private void corsHeaders(List<String> headers, String p) {
        if (headers == null) {
            return;
        }
        for (int i = 0; i < headers.size(); i++) {
            String h = headers.get(i);
            if (h != null && !PathChecks.HEADER_TOKEN.matcher(h).matches()) {
                checks.error(p + "[" + i + "]", "is not a valid header name (letters, digits, '-' and '_')");
            }
        }
    }

    private void directResponse(DirectResponse d, String p) {
        if (d == null) {
            return;
        }
        if (checks.required(d.status(), p + ".status")) {
            checks.range(d.status(), 200, 599, p + ".status");
        }
        if (d.body() == null) {
            return;
        }
        String bp = p + ".body";
        if (d.body().string() != null && d.body().bytes() != null) {
            checks.error(bp, "give either string or bytes, not both");
        } else if (d.body().string() == null && d.body().bytes() == null) {
            checks.error(bp, "give string or bytes");
        }
        int size = 0;
        if (d.body().bytes() != null) {
            try {
                size = Base64.getDecoder().decode(d.body().bytes()).length;
            } catch (IllegalArgumentException e) {
                checks.error(bp + ".bytes", "must be base64");
            }
        } else if (d.body().string() != null) {
            size = d.body().string().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        if (size > MAX_BODY_BYTES) {
            checks.error(bp, "is larger than Istio's limit of 100 KiB");
        }
    }
}
