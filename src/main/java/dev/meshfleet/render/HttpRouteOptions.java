package dev.meshfleet.render;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.meshfleet.intent.model.CorsPolicy;
import dev.meshfleet.intent.model.HeaderOperations;
import dev.meshfleet.intent.model.HttpRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.CorsPolicyUnmatchedPreflights;
import io.fabric8.istio.api.api.networking.v1alpha3.Delegate;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPBody;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPBodyBytes;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPBodyString;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPDirectResponse;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.Headers;
import io.fabric8.istio.api.api.networking.v1alpha3.HeadersHeaderOperations;

/**
 * The parts of an HTTP route besides matching and forwarding: header changes (per route and per destination), the
 * CORS policy, a direct response and a delegate. Each is written exactly as Istio's VirtualService spells it.
 */
final class HttpRouteOptions {
    private HttpRouteOptions() {
    }

    static void apply(HttpRoute r, HTTPRoute route) {
        route.setHeaders(headers(r.headers()));
        route.setCorsPolicy(cors(r.corsPolicy()));
        if (r.directResponse() != null) {
            HTTPDirectResponse response = new HTTPDirectResponse();
            response.setStatus(r.directResponse().status().longValue());
            var b = r.directResponse().body();
            if (b != null) {
                HTTPBody body = new HTTPBody();
                body.setSpecifier(b.string() != null ? new HTTPBodyString(b.string()) : new HTTPBodyBytes(b.bytes()));
                response.setBody(body);
            }
            route.setDirectResponse(response);
        }
        if (r.delegate() != null) {
            Delegate delegate = new Delegate();
            delegate.setName(r.delegate().name());
            delegate.setNamespace(r.delegate().namespace());
            route.setDelegate(delegate);
        }
    }

    static Headers headers(dev.meshfleet.intent.model.Headers h) {
        if (h == null) {
            return null;
        }
        Headers out = new Headers();
        out.setRequest(operations(h.request()));
        out.setResponse(operations(h.response()));
        return out;
    }

    private static HeadersHeaderOperations operations(HeaderOperations o) {
        if (o == null) {
            return null;
        }
        HeadersHeaderOperations out = new HeadersHeaderOperations();
        out.setSet(sorted(o.set()));
        out.setAdd(sorted(o.add()));
        if (o.remove() != null) {
            out.setRemove(List.copyOf(o.remove()));
        }
        return out;
    }

    private static Map<String, String> sorted(Map<String, String> map) {
        return map == null ? null : new TreeMap<>(map);
    }

    private static io.fabric8.istio.api.api.networking.v1alpha3.CorsPolicy cors(CorsPolicy c) {
        if (c == null) {
            return null;
        }
        var out = new io.fabric8.istio.api.api.networking.v1alpha3.CorsPolicy();
        if (c.allowOrigins() != null) {
            out.setAllowOrigins(c.allowOrigins().stream().map(HttpRoutes::stringMatch).toList());
        }
        if (c.allowMethods() != null) {
            out.setAllowMethods(c.allowMethods());
        }
        if (c.allowHeaders() != null) {
            out.setAllowHeaders(c.allowHeaders());
        }
        if (c.exposeHeaders() != null) {
            out.setExposeHeaders(c.exposeHeaders());
        }
        out.setMaxAge(c.maxAge());
        out.setAllowCredentials(c.allowCredentials());
        if (c.unmatchedPreflights() != null) {
            out.setUnmatchedPreflights(CorsPolicyUnmatchedPreflights.valueOf(c.unmatchedPreflights().name()));
        }
        return out;
    }
}
