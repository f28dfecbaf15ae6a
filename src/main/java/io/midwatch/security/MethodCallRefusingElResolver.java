package io.midwatch.security;

import java.beans.FeatureDescriptor;
import java.util.Date;
import java.util.Iterator;
import java.util.Set;

import org.camunda.bpm.impl.juel.jakarta.el.ELContext;
import org.camunda.bpm.impl.juel.jakarta.el.ELException;
import org.camunda.bpm.impl.juel.jakarta.el.ELResolver;
import org.joda.time.ReadableDuration;
import org.joda.time.ReadableInstant;
import org.joda.time.ReadablePartial;
import org.joda.time.ReadablePeriod;

/**
 * Lets expressions read variables and bean properties, and call methods only on dates ({@code java.util.Date}
 * from {@code now()}, Joda-Time values from {@code dateTime()}: {@code ${dateTime().plusDays(1).toDate()}}).
 * Every other method call, and every way to a {@code Class} ({@code x.class}, {@code x.getClass()}), fails,
 * so that no expression reaches reflection, the database or the file system. The query functions
 * ({@code now()}, {@code dateTime()}, {@code currentUser()}, {@code currentUserGroups()}) are EL functions,
 * not method calls, and keep working.
 */
class MethodCallRefusingElResolver extends ELResolver {

    /** Properties that lead to the class of an object, and from there to reflection. */
    private static final Set<String> REFLECTIVE_PROPERTIES = Set.of("class", "classLoader", "module",
            "declaringClass", "protectionDomain");

    private final ELResolver resolver;

    MethodCallRefusingElResolver(ELResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (!isDateValue(base) || "getClass".equals(String.valueOf(method))) {
            throw new ELException("Expressions may not call methods other than on dates: " + method
                    + (base == null ? "" : " on " + base.getClass().getSimpleName()) + " refused");
        }
        return resolver.invoke(context, base, method, paramTypes, params);
    }

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        refuseReflection(base, property);
        return resolver.getValue(context, base, property);
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        refuseReflection(base, property);
        return resolver.getType(context, base, property);
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        refuseReflection(base, property);
        resolver.setValue(context, base, property, value);
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        refuseReflection(base, property);
        return resolver.isReadOnly(context, base, property);
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return resolver.getFeatureDescriptors(context, base);
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return resolver.getCommonPropertyType(context, base);
    }

    @Override
    public Object convertToType(ELContext context, Object obj, Class<?> targetType) {
        return resolver.convertToType(context, obj, targetType);
    }

    private static boolean isDateValue(Object base) {
        return base instanceof Date || base instanceof ReadableInstant || base instanceof ReadablePartial
                || base instanceof ReadableDuration || base instanceof ReadablePeriod;
    }

    private static void refuseReflection(Object base, Object property) {
        if (base == null) {
            return;
        }
        if (base instanceof Class<?> || base instanceof ClassLoader || base instanceof Module
                || base.getClass().getName().startsWith("java.lang.reflect.")
                || property instanceof String name && REFLECTIVE_PROPERTIES.contains(name)) {
            throw new ELException("Expressions may not reach classes: " + property + " refused");
        }
    }
}
