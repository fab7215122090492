package dev.meshfleet.tenancy;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;

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

    @AroundInvoke
    Object check(InvocationContext context) throws Exception {
        Method method = context.getMethod();
        TenantRole required = method.getAnnotation(TenantRole.class);
        if (required == null) {
            required = method.getDeclaringClass().getAnnotation(TenantRole.class);
        }
        access.enter(tenantParameter(context), required.value());
        return context.proceed();
    }

    private static String tenantParameter(InvocationContext context) {
        Parameter[] parameters = context.getMethod().getParameters();
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i].getName().equals("tenant")) {
                return (String) context.getParameters()[i];
            }
        }
        throw new IllegalStateException(context.getMethod() + " is @TenantRole but has no 'tenant' parameter");
    }
}
