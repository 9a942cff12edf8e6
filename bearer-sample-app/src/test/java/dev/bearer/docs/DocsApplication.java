package dev.bearer.docs;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

/** A plain application made of the guide's snippets, with the starter's defaults. */
@SpringBootApplication
@EnableMethodSecurity
class DocsApplication {

}
