package dev.bearer.bench;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The endpoint every variant is measured on: {@code GET /bench/hello}, a small JSON
 * answer, with no method-level check (so no variant proxies this controller).
 */
@RestController
class BenchController {

	/** The answer of every measured endpoint. */
	static final Map<String, Object> ANSWER = Map.of("status", "ok", "items", 2);

	@GetMapping("/bench/hello")
	Map<String, Object> hello() {
		return ANSWER;
	}

}
