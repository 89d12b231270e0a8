package io.imlogic.config;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every {@code @BindToRegistry} parameter is there when Camel calls the method ({@link Bootstrap} says why): made
 * by an earlier configuration, or by a method of the same class that Camel calls first. Camel calls a class's
 * methods without parameters first, then those whose parameters no method with parameters of the class makes,
 * then the rest in no defined order; and methods that return JDK types before all others.
 */
class ConfigurationOrderTest {

    @Test
    void everyParameterIsMadeBeforeItIsNeeded() {
        List<String> problems = new ArrayList<>();
        List<Method> earlier = new ArrayList<>();
        for (CamelConfiguration configuration : Bootstrap.configurations(new Lifecycle())) {
            List<Method> own = binders(configuration.getClass());
            for (Method method : own) {
                for (Parameter parameter : method.getParameters()) {
                    String problem = problem(method, parameter, earlier, own);
                    if (problem != null) {
                        problems.add(configuration.getClass().getSimpleName() + "." + method.getName() + "("
                                + parameter.getType().getSimpleName() + "): " + problem);
                    }
                }
            }
            earlier.addAll(own);
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void beanNamesAreUnique() {
        Set<String> names = new HashSet<>();
        List<String> twice = new ArrayList<>();
        for (CamelConfiguration configuration : Bootstrap.configurations(new Lifecycle())) {
            for (Method method : binders(configuration.getClass())) {
                if (!names.add(name(method))) {
                    twice.add(name(method));
                }
            }
        }
        assertEquals(List.of(), twice);
    }

    private static String problem(Method method, Parameter parameter, List<Method> earlier, List<Method> own) {
        Class<?> type = parameter.getType();
        if (type.isAssignableFrom(CamelContext.class) || type.isAssignableFrom(Registry.class)) {
            return null;
        }
        BeanInject named = parameter.getAnnotation(BeanInject.class);
        List<Method> makers = new ArrayList<>();
        for (Method maker : concat(earlier, own)) {
            if (named != null ? name(maker).equals(named.value()) : type.isAssignableFrom(maker.getReturnType())) {
                makers.add(maker);
            }
        }
        if (makers.isEmpty()) {
            return "made by no earlier configuration";
        }
        if (named == null && makers.size() > 1) {
            return "made by " + makers.size() + " methods: name it with @BeanInject";
        }
        Method maker = makers.get(0);
        if (!own.contains(maker)) {
            return null;
        }
        if (jdkType(method.getReturnType()) && !jdkType(maker.getReturnType())) {
            return "a JDK-typed bean is made before " + maker.getName();
        }
        if (maker.getParameterCount() > 0 && dependent(maker, own)) {
            return "made by " + maker.getName() + ", which Camel may call later";
        }
        return null;
    }

    /** What Camel sorts last: a method taking a bean that a method of its class with parameters makes. */
    private static boolean dependent(Method method, List<Method> own) {
        return Arrays.stream(method.getParameterTypes()).anyMatch(type -> own.stream()
                .anyMatch(other -> other.getParameterCount() > 0 && type.isAssignableFrom(other.getReturnType())));
    }

    private static boolean jdkType(Class<?> type) {
        return type.isPrimitive() || type.getName().startsWith("java.");
    }

    private static List<Method> binders(Class<?> type) {
        return Arrays.stream(type.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(BindToRegistry.class))
                .toList();
    }

    private static String name(Method method) {
        String value = method.getAnnotation(BindToRegistry.class).value();
        return value.isEmpty() ? method.getName() : value;
    }

    private static List<Method> concat(List<Method> a, List<Method> b) {
        List<Method> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
