package dev.meshfleet.intent.model;

import java.util.List;

/** What is called: hosts, ports, methods, paths. */
public record AuthorizationOperation(List<String> hosts, List<String> notHosts, List<String> ports, List<String> notPorts, List<String> methods, List<String> notMethods, List<String> paths, List<String> notPaths) {
}
