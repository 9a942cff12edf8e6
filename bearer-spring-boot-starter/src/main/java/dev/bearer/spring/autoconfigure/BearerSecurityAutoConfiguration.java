package dev.bearer.spring.autoconfigure;

import java.time.Clock;
import java.util.List;

import dev.bearer.core.audit.AuditSink;
import dev.bearer.core.token.LastUsedRecorder;
import dev.bearer.core.token.TokenService;
import dev.bearer.core.token.TokenTypeRegistry;
import dev.bearer.spring.ratelimit.FailureBudget;
import dev.bearer.spring.ratelimit.LocalFailureBudget;
import dev.bearer.spring.ratelimit.QuotaLimiter;
import dev.bearer.spring.ratelimit.SharedBackend;
import dev.bearer.spring.ratelimit.SharedFailureBudget;
import dev.bearer.spring.ratelimit.RateLimiter;
import dev.bearer.spring.security.AuthenticationRecorder;
import dev.bearer.spring.security.BearerAbilities;
import dev.bearer.spring.security.BearerConfigurer;
import dev.bearer.spring.security.AuthenticationOutcomes;
import dev.bearer.spring.security.BearerAuthenticationMetrics;
import dev.bearer.spring.security.BearerKeyErrorWriter;
import dev.bearer.spring.security.BearerKeyResolver;
import dev.bearer.spring.security.BearerKeyVerifier;
import dev.bearer.spring.security.DefaultBearerKeyResolver;
import dev.bearer.spring.security.FailureBudgetAuditor;
import dev.bearer.spring.security.FailureBudgetMetrics;
import dev.bearer.spring.security.RequiresAbility;
import dev.bearer.spring.security.RequiresAbilityAuthorizationManager;
import dev.bearer.spring.security.UnacceptedEnvironmentWarning;
import dev.bearer.spring.web.ClientIpResolver;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.aop.Advisor;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.web.servlet.ConditionalOnDefaultWebSecurity;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.security.authorization.method.AuthorizationInterceptorsOrder;
import org.springframework.security.authorization.method.AuthorizationManagerBeforeMethodInterceptor;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Bearer inside Spring Security: the parts of the authentication filter (the rate limiter
 * comes from {@link BearerRateLimitAutoConfiguration}), and a default stateless
 * {@link SecurityFilterChain} that requires a bearer token on every request. The default
 * chain backs off when the application defines its own; add Bearer to yours with
 * {@code http.with(BearerConfigurer.bearer(), Customizer.withDefaults())}.
 */
@AutoConfiguration(after = BearerAutoConfiguration.class,
		beforeName = "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
		afterName = {
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(SecurityFilterChain.class)
public final class BearerSecurityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	BearerKeyResolver bearerKeyResolver(BearerProperties properties) {
		BearerProperties.Authentication authentication = properties.getAuthentication();
		return new DefaultBearerKeyResolver(authentication.getHeader(), authentication.isAllowQueryParameter(),
				authentication.getMaxHeaderLength());
	}

	@Bean
	@ConditionalOnMissingBean
	ClientIpResolver bearerClientIpResolver(BearerProperties properties, Environment environment) {
		List<String> trustedProxies = properties.getAuthentication().getTrustedProxies();
		ServerForwardHeaders.of(environment).verify(trustedProxies);
		return new ClientIpResolver(trustedProxies);
	}

	@Bean
	@ConditionalOnMissingBean
	FailureBudget bearerFailureBudget(BearerProperties properties, Clock clock,
			ObjectProvider<SharedBackend> sharedBackend) {
		BearerProperties.FailureBudget budget = properties.getAuthentication().getFailureBudget();
		if (!budget.isEnabled()) {
			return FailureBudget.UNLIMITED;
		}
		LocalFailureBudget local = new LocalFailureBudget(budget.getMaxFailures(), budget.getWindow(),
				budget.getMaximumSize(), clock);
		SharedBackend shared = sharedBackend.getIfAvailable();
		return (shared != null)
				? new SharedFailureBudget(shared, local, budget.getMaxFailures(), budget.getWindow(), clock) : local;
	}

	@Bean
	@ConditionalOnMissingBean
	FailureBudgetAuditor bearerFailureBudgetAuditor(AuditSink sink, BearerProperties properties, Clock clock) {
		BearerProperties.FailureBudget budget = properties.getAuthentication().getFailureBudget();
		return new FailureBudgetAuditor(sink, budget.getWindow(), budget.getMaximumSize(), clock);
	}

	@Bean
	@ConditionalOnMissingBean
	BearerKeyVerifier bearerKeyVerifier(TokenService tokens, TokenTypeRegistry types, BearerProperties properties,
			RateLimiter rateLimiter, QuotaLimiter quotaLimiter, FailureBudget failureBudget) {
		BearerProperties.Authentication authentication = properties.getAuthentication();
		return new BearerKeyVerifier(tokens, types, authentication.getEnvironments(), rateLimiter, quotaLimiter,
				failureBudget, authentication.getOutageProbeInterval());
	}

	@Bean
	@ConditionalOnMissingBean
	AuthenticationRecorder bearerAuthenticationRecorder(AuditSink sink, FailureBudgetAuditor budgetAuditor,
			LastUsedRecorder lastUsed, ApplicationEventPublisher events,
			ObjectProvider<AuthenticationOutcomes> outcomes, Clock clock, BearerProperties properties) {
		return new AuthenticationRecorder(sink, budgetAuditor, lastUsed, events,
				outcomes.getIfAvailable(() -> AuthenticationOutcomes.NONE), clock, properties.getAudit().isLogUsage(),
				properties.getAudit().isLogFailures());
	}

	@Bean
	@ConditionalOnMissingBean
	BearerKeyErrorWriter bearerKeyErrorWriter(BearerProperties properties, ObjectProvider<JsonMapper> jsonMapper) {
		return new BearerKeyErrorWriter(properties.getAuthentication().getRealm(),
				jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()));
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "bearer.authentication.require-method-security", matchIfMissing = true)
	static MethodSecurityVerifier bearerMethodSecurityVerifier(ConfigurableListableBeanFactory beanFactory) {
		return new MethodSecurityVerifier(beanFactory);
	}

	@Bean
	@ConditionalOnMissingBean
	UnacceptedEnvironmentWarning bearerUnacceptedEnvironmentWarning(BearerProperties properties) {
		return new UnacceptedEnvironmentWarning(properties.getAuthentication().getEnvironments());
	}

	@Bean(name = "bearer")
	@ConditionalOnMissingBean(name = "bearer")
	BearerAbilities bearerAbilities() {
		return new BearerAbilities();
	}

	@Bean
	@ConditionalOnDefaultWebSecurity
	SecurityFilterChain bearerSecurityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(csrf -> csrf.disable())
			.with(BearerConfigurer.bearer(), Customizer.withDefaults());
		return http.build();
	}

	/**
	 * {@link RequiresAbility} on methods and classes, active without
	 * {@code @EnableMethodSecurity}.
	 */
	@Configuration(proxyBeanMethods = false)
	@Import(BearerAutoProxyRegistrar.class)
	static class RequiresAbilityConfiguration {

		/** The bean name of the {@link RequiresAbility} advisor. */
		static final String ADVISOR = "bearerRequiresAbilityAdvisor";

		@Bean(ADVISOR)
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static Advisor bearerRequiresAbilityAdvisor() {
			Pointcut annotated = new ComposablePointcut(
					new AnnotationMatchingPointcut(null, RequiresAbility.class, true))
				.union(new AnnotationMatchingPointcut(RequiresAbility.class, true));
			AuthorizationManagerBeforeMethodInterceptor interceptor = new AuthorizationManagerBeforeMethodInterceptor(
					annotated, new RequiresAbilityAuthorizationManager());
			interceptor.setOrder(AuthorizationInterceptorsOrder.PRE_AUTHORIZE.getOrder());
			return interceptor;
		}

	}

	/** Counts authentication outcomes in Micrometer, when it is there. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(AuthenticationOutcomes.class)
		BearerAuthenticationMetrics bearerAuthenticationMetrics() {
			return new BearerAuthenticationMetrics();
		}

		@Bean
		@ConditionalOnMissingBean
		FailureBudgetMetrics bearerFailureBudgetMetrics(FailureBudgetAuditor auditor, FailureBudget budget) {
			return new FailureBudgetMetrics(auditor, budget);
		}

	}

}
