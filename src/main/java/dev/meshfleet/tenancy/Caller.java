package dev.meshfleet.tenancy;

import java.util.Set;

/** Who is calling: the token's subject, its groups, and whether it is a platform admin. */
public record Caller(String subject, Set<String> groups, boolean platformAdmin) {
}
