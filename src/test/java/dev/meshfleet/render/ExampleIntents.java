package dev.meshfleet.render;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.meshfleet.intent.model.MeshIntent;

/**
 * The example intents of the feature render tests, reused elsewhere (e.g. {@link OldestIstioTest}) without copying
 * them: each test's helper passes the intent it parsed through {@link #seen}, which records it only while
 * {@link #of(Class)} runs that test class's methods (otherwise it does nothing, so the tests assert what they did).
 */
final class ExampleIntents {
    /** One intent of one test method; {@code name} is {@code Class.method} (with {@code #n} for a method's n-th). */
    record Example(String name, MeshIntent intent) {
    }

    private static final ThreadLocal<List<MeshIntent>> CAPTURE = new ThreadLocal<>();

    private ExampleIntents() {
    }

    /** Records the intent when a capture runs on this thread; returns it unchanged. */
    static MeshIntent seen(MeshIntent intent) {
        List<MeshIntent> capture = CAPTURE.get();
        if (capture != null) {
            capture.add(intent);
        }
        return intent;
    }

    /** Runs every {@code @Test} method of the class (by name) and returns the intents they rendered. */
    static List<Example> of(Class<?> testClass) {
        List<Example> out = new ArrayList<>();
        List<Method> tests = new ArrayList<>();
        for (Method m : testClass.getDeclaredMethods()) {
            if (m.isAnnotationPresent(Test.class) && m.getParameterCount() == 0) {
                tests.add(m);
            }
        }
        tests.sort(Comparator.comparing(Method::getName));
        for (Method m : tests) {
            List<MeshIntent> seen = new ArrayList<>();
            CAPTURE.set(seen);
            try {
                var constructor = testClass.getDeclaredConstructor();
                constructor.setAccessible(true);
                m.setAccessible(true);
                m.invoke(constructor.newInstance());
            } catch (InvocationTargetException e) {
                throw new AssertionError(testClass.getSimpleName() + "." + m.getName() + " fails on its own", e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            } finally {
                CAPTURE.remove();
            }
            String name = testClass.getSimpleName() + "." + m.getName();
            for (int i = 0; i < seen.size(); i++) {
                out.add(new Example(seen.size() == 1 ? name : name + "#" + (i + 1), seen.get(i)));
            }
        }
        return out;
    }
}
