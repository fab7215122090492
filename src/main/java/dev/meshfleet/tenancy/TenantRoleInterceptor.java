package dev.meshfleet.tenancy;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/** The one place where tenant membership and roles are checked, before any tenant-scoped endpoint runs. */
@TenantRole
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class TenantRoleInterceptor {
    private final TenantAccess access;

    public TenantRoleInterceptor(TenantAccess access) {
        this.access = access;
    }

    /** Per endpoint method, read once: the role it needs and where its tenant parameter is. */
    private record Endpoint(Role required, int tenantParameter) {
    }

    private static final Map<Method, Endpoint> ENDPOINTS = new ConcurrentHashMap<>();

    @AroundInvoke
    Object check(InvocationContext context) throws Exception {
        Endpoint endpoint = ENDPOINTS.computeIfAbsent(context.getMethod(), TenantRoleInterceptor::endpoint);
        access.enter((String) context.getParameters()[endpoint.tenantParameter()], endpoint.required());
        return context.proceed();
    }

    private static Endpoint endpoint(Method method) {
        TenantRole required = method.getAnnotation(TenantRole.class);
        if (required == null) {
            required = method.getDeclaringClass().getAnnotation(TenantRole.class);
        }
        Parameter[] parameters = method.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i].getName().equals("tenant")) {
                return new Endpoint(required.value(), i);
            }
        }
        throw new IllegalStateException(method + " is @TenantRole but has no 'tenant' parameter");
    }
}
