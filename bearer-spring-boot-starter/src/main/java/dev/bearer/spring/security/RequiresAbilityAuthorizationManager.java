package dev.bearer.spring.security;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInvocation;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;

/**
 * Decides {@link RequiresAbility}: the abilities a method requires are looked up once per
 * method and class, and checked against the key without locks or expression parsing.
 */
public final class RequiresAbilityAuthorizationManager implements AuthorizationManager<MethodInvocation> {

	private static final String[] NONE = {};

	private final Map<MethodKey, String[]> required = new ConcurrentHashMap<>();

	@Override
	public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
			MethodInvocation invocation) {
		String[] abilities = required(invocation);
		if (abilities.length == 0) {
			return null;
		}
		Authentication current = authentication.get();
		for (String ability : abilities) {
			if (!BearerAbilities.grants(current, ability)) {
				return new AuthorizationDecision(false);
			}
		}
		return new AuthorizationDecision(true);
	}

	private String[] required(MethodInvocation invocation) {
		Class<?> targetClass = (invocation.getThis() != null) ? AopUtils.getTargetClass(invocation.getThis())
				: invocation.getMethod().getDeclaringClass();
		return this.required.computeIfAbsent(new MethodKey(invocation.getMethod(), targetClass),
				key -> abilitiesOf(key.method(), key.targetClass()));
	}

	private static String[] abilitiesOf(Method method, Class<?> targetClass) {
		Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
		RequiresAbility annotation = AnnotatedElementUtils.findMergedAnnotation(specific, RequiresAbility.class);
		if (annotation == null) {
			annotation = AnnotatedElementUtils.findMergedAnnotation(targetClass, RequiresAbility.class);
		}
		return (annotation != null) ? annotation.value() : NONE;
	}

	private record MethodKey(Method method, Class<?> targetClass) {
	}

}
