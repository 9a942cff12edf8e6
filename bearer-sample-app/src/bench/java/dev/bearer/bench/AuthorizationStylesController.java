package dev.bearer.bench;

import java.util.Map;

import dev.bearer.spring.security.RequiresAbility;

import org.springframework.context.annotation.Profile;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The same answer as {@code /bench/hello} behind each authorization style, to compare
 * them: {@link RequiresAbility} (Bearer's own authorization manager) and
 * {@link PreAuthorize} (a SpEL expression). Only in the {@code bearer} profile, where
 * method security is on.
 */
@RestController
@Profile("bearer")
class AuthorizationStylesController {

	@GetMapping("/bench/ability")
	@RequiresAbility("bench:read")
	Map<String, Object> ability() {
		return BenchController.ANSWER;
	}

	@GetMapping("/bench/preauthorize")
	@PreAuthorize("hasAuthority('bench:read')")
	Map<String, Object> preAuthorize() {
		return BenchController.ANSWER;
	}

}
