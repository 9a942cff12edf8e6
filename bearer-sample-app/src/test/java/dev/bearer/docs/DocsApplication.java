package dev.bearer.docs;

// @formatter:off (the guide quotes this file line for line: it keeps the guide's layout)

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

/** A plain application made of the guide's snippets, with the starter's defaults. */
@SpringBootApplication
@EnableMethodSecurity
class DocsApplication {

}
