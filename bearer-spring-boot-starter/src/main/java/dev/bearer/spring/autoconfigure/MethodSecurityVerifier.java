package dev.bearer.spring.autoconfigure;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.List;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.security.access.annotation.Secured;
import org.springframework.security.access.prepost.PostAuthorize;
import org.springframework.security.access.prepost.PostFilter;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.access.prepost.PreFilter;
import org.springframework.security.authorization.method.AuthorizationAdvisor;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Stops an application whose beans use method-security annotations ({@code @PreAuthorize}
 * and the like) while method security is not enabled: Spring would silently ignore them,
 * and every authenticated key would reach the guarded methods.
 */
final class MethodSecurityVerifier implements SmartInitializingSingleton {

	private static final List<Class<? extends Annotation>> GUARDS = List.of(PreAuthorize.class, PostAuthorize.class,
			PreFilter.class, PostFilter.class, Secured.class);

	private final ConfigurableListableBeanFactory beanFactory;

	MethodSecurityVerifier(ConfigurableListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (String advisor : this.beanFactory.getBeanNamesForType(AuthorizationAdvisor.class, true, false)) {
			if (!BearerSecurityAutoConfiguration.RequiresAbilityConfiguration.ADVISOR.equals(advisor)) {
				return;
			}
		}
		for (String name : this.beanFactory.getBeanDefinitionNames()) {
			Class<?> type = this.beanFactory.getType(name, false);
			if (type != null) {
				verify(name, ClassUtils.getUserClass(type));
			}
		}
	}

	private static void verify(String beanName, Class<?> type) {
		if (isGuarded(MergedAnnotations.from(type, SearchStrategy.TYPE_HIERARCHY))) {
			throw new MethodSecurityNotEnabledException(beanName, type.getName());
		}
		for (Method method : ReflectionUtils.getUniqueDeclaredMethods(type, ReflectionUtils.USER_DECLARED_METHODS)) {
			if (isGuarded(MergedAnnotations.from(method, SearchStrategy.TYPE_HIERARCHY))) {
				throw new MethodSecurityNotEnabledException(beanName, type.getName() + "." + method.getName());
			}
		}
	}

	private static boolean isGuarded(MergedAnnotations annotations) {
		return GUARDS.stream().anyMatch(annotations::isPresent);
	}

}
