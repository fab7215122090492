package dev.meshfleet.intent.model;

/** Hand the route to a delegate VirtualService (see {@link DelegateRoute}); the namespace defaults to the root's. */
public record Delegate(String name, String namespace) {
}
