package dev.meshfleet.intent.model;

import java.util.List;

/** Callers, by principal (trust-domain/ns/NAMESPACE/sa/ACCOUNT), namespace or IP block. */
public record AuthorizationSource(List<String> principals, List<String> notPrincipals, List<String> requestPrincipals, List<String> notRequestPrincipals, List<String> namespaces, List<String> notNamespaces, List<String> ipBlocks, List<String> notIpBlocks) {
}
