package dev.bearer.bench;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The load benchmark's application ({@code bench/load.sh}): one small endpoint, run as
 * one variant per process, chosen by the Spring profile ({@code no-security},
 * {@code permit-all}, {@code bearer}, {@code sanctum}); its settings are in
 * {@code loadbench.yml}, not in the sample's {@code application.yml}.
 */
@SpringBootApplication
public class LoadBenchApplication {

	/** Runs the benchmark application. */
	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(LoadBenchApplication.class);
		application.setDefaultProperties(Map.of("spring.config.name", "loadbench"));
		application.run(args);
	}

}
