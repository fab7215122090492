package dev.meshfleet.tenancy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;

/**
 * Marks a tenant-scoped endpoint (one with a {@code tenant} path parameter) and the least role it needs.
 * {@link TenantRoleInterceptor} enforces it: non-members get 404, members without the role 403.
 */
@InterceptorBinding
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
public @interface TenantRole {
    @Nonbinding
    Role value() default Role.VIEWER;
}
