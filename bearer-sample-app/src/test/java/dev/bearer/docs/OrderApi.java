package dev.bearer.docs;

// @formatter:off (the guide quotes this file line for line: it keeps the guide's layout)

import java.util.List;

import dev.bearer.core.token.Token;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Protected endpoints that the testing, audit and authentication guides send their requests to. */
@RestController
class OrderApi {

	@GetMapping("/orders")
	@PreAuthorize("hasAuthority('orders:read')")
	List<String> orders(@AuthenticationPrincipal Token token) {
		return List.of("order-1", "order-2");
	}

	@PostMapping("/orders")
	@PreAuthorize("@bearer.can('orders:write')")
	String create() {
		return "created";
	}

}
