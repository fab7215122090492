package dev.meshfleet.intent.model;

import java.util.List;

/** A service in the mesh: where it lives, its versions (subsets), its traffic policy and its routes (HTTP, TCP, TLS). The host defaults to the name;
 * names, when given, are the names of its rendered VirtualService and DestinationRule. {@code hosts} are further hosts its
 * VirtualService routes too (after the service's own host, in the order written), as Istio users write
 * {@code hosts: [reviews, reviews.example.com]}; they add no DestinationRule and no VirtualService of their own. */
public record Service(String name, String namespace, String host, List<ServicePort> ports, List<Version> versions, TrafficPolicy trafficPolicy, List<HttpRoute> http, List<TcpRoute> tcp, List<TlsRoute> tls, List<String> exportTo,
        ResourceNames names, List<String> hosts) {

    /** A host as Istio reads it in a VirtualService of {@code namespace}: a short name is qualified with it. */
    public static String qualifiedHost(String host, String namespace) {
        return host.contains(".") || host.startsWith("*") ? host : host + "." + namespace + ".svc.cluster.local";
    }
}
