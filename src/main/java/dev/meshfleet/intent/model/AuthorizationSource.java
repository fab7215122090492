package dev.meshfleet.intent.model;

import java.util.List;

/** Callers, by principal (trust-domain/ns/NAMESPACE/sa/ACCOUNT), namespace, JWT request principal (issuer/subject) or IP block (of the peer, or of the original client from X-Forwarded-For). */
public record AuthorizationSource(List<String> principals, List<String> notPrincipals, List<String> requestPrincipals, List<String> notRequestPrincipals, List<String> namespaces, List<String> notNamespaces, List<String> ipBlocks, List<String> notIpBlocks,
        List<String> remoteIpBlocks, List<String> notRemoteIpBlocks) {
}
