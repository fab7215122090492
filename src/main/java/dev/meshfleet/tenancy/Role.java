package dev.meshfleet.tenancy;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A member's role in a tenant; each role includes the rights of those before it. */
public enum Role {
    /** Reads everything in the tenant. */
    VIEWER,
    /** Also acts on rollouts. */
    OPERATOR,
    /** Also changes intent, clusters, trust and memberships. */
    ADMIN;

    public boolean includes(Role other) {
        return ordinal() >= other.ordinal();
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Role fromWire(String value) {
        for (Role role : values()) {
            if (role.wireName().equals(value)) {
                return role;
            }
        }
        throw new IllegalArgumentException("role must be one of viewer, operator, admin");
    }
}
