package dev.bearer.sample;

import java.util.List;
import java.util.Map;

import dev.bearer.core.token.Token;
import dev.bearer.spring.security.RequiresAbility;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Demo endpoints guarded by abilities: reading needs {@code orders:read}, writing
 * {@code orders:write}.
 */
@RestController
@RequestMapping("/api/orders")
class OrdersController {

	@GetMapping
	@RequiresAbility("orders:read")
	Map<String, Object> list(@AuthenticationPrincipal Token token) {
		return Map.of("orders", List.of(Map.of("id", 1, "total", 42.5), Map.of("id", 2, "total", 17.0)), "token",
				token.displayPrefix());
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@RequiresAbility("orders:write")
	Map<String, Object> create(@RequestBody(required = false) Map<String, Object> order) {
		return Map.of("id", 3, "created", true);
	}

}
