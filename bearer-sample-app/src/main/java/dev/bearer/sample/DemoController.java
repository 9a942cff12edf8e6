package dev.bearer.sample;

import java.io.IOException;
import java.util.Map;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The dashboard's "generate demo traffic" button. */
@RestController
class DemoController {

	private final DemoTrafficGenerator generator;

	DemoController(DemoTrafficGenerator generator) {
		this.generator = generator;
	}

	@PostMapping("/api/demo/traffic")
	@PreAuthorize("@bearer.can('demo:write')")
	Map<String, Integer> generate() throws IOException, InterruptedException {
		return this.generator.generate();
	}

}
