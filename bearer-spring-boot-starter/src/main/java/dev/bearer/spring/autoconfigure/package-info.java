/**
 * Spring Boot auto-configuration for Bearer: the {@code bearer.*} properties and the
 * beans they configure. Every bean backs off when the application defines its own.
 */
package dev.bearer.spring.autoconfigure;
