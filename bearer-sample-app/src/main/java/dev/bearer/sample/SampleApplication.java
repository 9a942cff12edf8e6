package dev.bearer.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Starts the sample application. */
@SpringBootApplication
public class SampleApplication {

	/** Runs the application. */
	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
