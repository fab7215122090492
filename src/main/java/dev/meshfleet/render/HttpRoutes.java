package dev.meshfleet.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.meshfleet.intent.model.Destination;
import dev.meshfleet.intent.model.Fault;
import dev.meshfleet.intent.model.HttpMatch;
import dev.meshfleet.intent.model.HttpRoute;
import dev.meshfleet.intent.model.Mirror;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPFaultInjection;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPFaultInjectionAbort;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPFaultInjectionAbortHttpStatus;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPFaultInjectionDelay;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPFaultInjectionDelayFixedDelay;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPMatchRequest;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPMirrorPolicy;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRedirect;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRetry;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRewrite;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteDestination;
import io.fabric8.istio.api.api.networking.v1alpha3.Percent;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatch;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchExact;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchPrefix;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchRegex;

/**
 * The HTTP routes of a VirtualService: matches, weighted destinations, retries, faults, mirrors, rewrites, redirects;
 * header changes, CORS, direct responses and delegates come from {@link HttpRouteOptions}.
 */
final class HttpRoutes {
    private final Destinations destinations;

    HttpRoutes(Destinations destinations) {
        this.destinations = destinations;
    }

    List<HTTPRoute> of(List<HttpRoute> routes, String ownService) {
        if (routes == null) {
            return null;
        }
        List<HTTPRoute> out = new ArrayList<>();
        for (HttpRoute r : routes) {
            HTTPRoute route = new HTTPRoute();
            route.setName(r.name());
            if (r.match() != null) {
                route.setMatch(r.match().stream().map(HttpRoutes::httpMatch).toList());
            }
            if (r.route() != null) {
                List<HTTPRouteDestination> weighted = new ArrayList<>();
                for (Destination d : r.route()) {
                    HTTPRouteDestination destination = new HTTPRouteDestination();
                    destination.setDestination(destinations.of(d.service(), d.version(), d.port(), ownService));
                    destination.setWeight(d.weight());
                    destination.setHeaders(HttpRouteOptions.headers(d.headers()));
                    weighted.add(destination);
                }
                route.setRoute(weighted);
            }
            route.setTimeout(r.timeout());
            if (r.retries() != null) {
                HTTPRetry retry = new HTTPRetry();
                retry.setAttempts(r.retries().attempts());
                retry.setPerTryTimeout(r.retries().perTryTimeout());
                retry.setRetryOn(r.retries().retryOn());
                route.setRetries(retry);
            }
            route.setFault(fault(r.fault()));
            if (r.mirror() != null) {
                Mirror m = r.mirror();
                HTTPMirrorPolicy mirror = new HTTPMirrorPolicy();
                mirror.setDestination(destinations.of(m.service(), m.version(), m.port(), ownService));
                if (m.percentage() != null) {
                    mirror.setPercentage(new Percent(m.percentage()));
                }
                route.setMirrors(List.of(mirror));
            }
            if (r.rewrite() != null) {
                HTTPRewrite rewrite = new HTTPRewrite();
                rewrite.setUri(r.rewrite().uri());
                rewrite.setAuthority(r.rewrite().authority());
                route.setRewrite(rewrite);
            }
            if (r.redirect() != null) {
                HTTPRedirect redirect = new HTTPRedirect();
                redirect.setUri(r.redirect().uri());
                redirect.setAuthority(r.redirect().authority());
                redirect.setScheme(r.redirect().scheme());
                if (r.redirect().redirectCode() != null) {
                    redirect.setRedirectCode(r.redirect().redirectCode().longValue());
                }
                route.setRedirect(redirect);
            }
            HttpRouteOptions.apply(r, route);
            out.add(route);
        }
        return out;
    }

    private static HTTPFaultInjection fault(Fault f) {
        if (f == null) {
            return null;
        }
        HTTPFaultInjection fault = new HTTPFaultInjection();
        if (f.delay() != null) {
            HTTPFaultInjectionDelay delay = new HTTPFaultInjectionDelay();
            delay.setHttpDelayType(new HTTPFaultInjectionDelayFixedDelay(f.delay().fixedDelay()));
            delay.setPercentage(new Percent(f.delay().percentage() == null ? 100.0 : f.delay().percentage()));
            fault.setDelay(delay);
        }
        if (f.abort() != null) {
            HTTPFaultInjectionAbort abort = new HTTPFaultInjectionAbort();
            abort.setErrorType(new HTTPFaultInjectionAbortHttpStatus(f.abort().httpStatus()));
            abort.setPercentage(new Percent(f.abort().percentage() == null ? 100.0 : f.abort().percentage()));
            fault.setAbort(abort);
        }
        return fault;
    }

    private static HTTPMatchRequest httpMatch(HttpMatch m) {
        HTTPMatchRequest match = new HTTPMatchRequest();
        match.setName(m.name());
        match.setUri(stringMatch(m.uri()));
        match.setMethod(stringMatch(m.method()));
        match.setAuthority(stringMatch(m.authority()));
        match.setScheme(stringMatch(m.scheme()));
        Map<String, StringMatch> headers = stringMatches(m.headers());
        if (m.cookies() != null && !m.cookies().isEmpty()) {
            // Istio has no cookie match: match the Cookie header with a regex that finds the one cookie.
            var cookie = m.cookies().entrySet().iterator().next();
            headers = headers == null ? new TreeMap<>() : headers;
            headers.put("cookie", new StringMatch(new StringMatchRegex(Cookies.regex(cookie.getKey(), cookie.getValue()))));
        }
        match.setHeaders(headers);
        match.setQueryParams(stringMatches(m.queryParams()));
        match.setWithoutHeaders(stringMatches(m.withoutHeaders()));
        if (m.port() != null) {
            match.setPort(m.port().longValue());
        }
        if (m.sourceLabels() != null) {
            match.setSourceLabels(new TreeMap<>(m.sourceLabels()));
        }
        match.setSourceNamespace(m.sourceNamespace());
        match.setIgnoreUriCase(m.ignoreUriCase());
        if (m.gateways() != null) {
            match.setGateways(m.gateways());
        }
        return match;
    }

    private static Map<String, StringMatch> stringMatches(Map<String, dev.meshfleet.intent.model.StringMatch> matches) {
        if (matches == null) {
            return null;
        }
        Map<String, StringMatch> out = new TreeMap<>();
        matches.forEach((k, v) -> out.put(k, stringMatch(v)));
        return out;
    }

    static StringMatch stringMatch(dev.meshfleet.intent.model.StringMatch m) {
        if (m == null) {
            return null;
        }
        if (m.exact() != null) {
            return new StringMatch(new StringMatchExact(m.exact()));
        }
        if (m.prefix() != null) {
            return new StringMatch(new StringMatchPrefix(m.prefix()));
        }
        return new StringMatch(new StringMatchRegex(m.regex()));
    }
}
