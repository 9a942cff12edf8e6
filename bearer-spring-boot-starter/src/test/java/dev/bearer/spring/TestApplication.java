package dev.bearer.spring;

import java.util.Map;
import java.util.concurrent.Callable;

import javax.sql.DataSource;

import dev.bearer.core.event.TokenAuthenticated;
import dev.bearer.core.test.MutableClock;
import dev.bearer.core.test.StatementCounter;
import dev.bearer.core.test.SwitchableDataSource;
import dev.bearer.core.token.Token;
import dev.bearer.spring.security.BearerAuthentication;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** An application protected by the starter's default chain, for the starter's tests. */
@SpringBootApplication
@EnableMethodSecurity
public class TestApplication {

	@Bean
	static StatementCounter statementCounter() {
		return new StatementCounter();
	}

	@Bean
	static BeanPostProcessor switchableDataSource() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return (bean instanceof DataSource dataSource && !(bean instanceof SwitchableDataSource))
						? new SwitchableDataSource(dataSource) : bean;
			}
		};
	}

	@Bean
	MutableClock clock() {
		return MutableClock.startingNow();
	}

	@Bean
	UsageListener usageListener() {
		return new UsageListener();
	}

	/** Endpoints that need abilities. */
	@RestController
	static class OrdersController {

		@GetMapping("/orders")
		@PreAuthorize("hasAuthority('orders:read')")
		Map<String, Object> list() {
			return Map.of("orders", 3);
		}

		@PostMapping("/orders")
		@PreAuthorize("@bearer.can('orders:write')")
		ResponseEntity<Map<String, Object>> create() {
			return ResponseEntity.status(201).body(Map.of("created", true));
		}

		@GetMapping("/whoami")
		Map<String, Object> whoami(@AuthenticationPrincipal Token token, BearerAuthentication authentication) {
			return Map.of("id", token.id(), "owner", authentication.getName(), "type", token.type(), "environment",
					token.environment().code(), "name", token.name(), "quotaRemaining",
					authentication.getQuota().remaining());
		}

		@GetMapping("/async")
		Callable<Map<String, Object>> async() {
			return () -> Map.of("async", true);
		}

		@GetMapping("/boom")
		Map<String, Object> boom() {
			throw new IllegalStateException("boom");
		}

	}

	/**
	 * The seed's "custom usage tracking": a listener adds its own metadata to the pending
	 * row.
	 */
	static class UsageListener {

		@EventListener
		void onAuthenticated(TokenAuthenticated event) {
			event.metadata().put("tenant", "acme").put("token_name", event.token().name());
		}

	}

}
