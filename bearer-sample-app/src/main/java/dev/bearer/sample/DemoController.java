package dev.bearer.sample;

import java.io.IOException;
import java.util.Map;

import dev.bearer.spring.security.RequiresAbility;

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
	@RequiresAbility("demo:write")
	Map<String, Integer> generate() throws IOException, InterruptedException {
		return this.generator.generate();
	}

}
