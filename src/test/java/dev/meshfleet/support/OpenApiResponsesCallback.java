package dev.meshfleet.support;

import io.quarkus.test.junit.callback.QuarkusTestBeforeClassCallback;

/**
 * Switches the OpenAPI response check on for each {@code @QuarkusTest} class (off for {@link NoResponseValidation}
 * ones). Runs in the test's class loader, where REST Assured's global filters are the ones the test uses.
 */
public class OpenApiResponsesCallback implements QuarkusTestBeforeClassCallback {
    @Override
    public void beforeClass(Class<?> testClass) {
        OpenApiResponses.install(!testClass.isAnnotationPresent(NoResponseValidation.class));
    }
}
