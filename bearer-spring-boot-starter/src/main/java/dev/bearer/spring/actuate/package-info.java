/**
 * Bearer in Spring Boot Actuator: the {@code bearer} endpoint (tokens, audit writer,
 * cache and rate-limit backend) and the {@code bearer} health indicator (can the audit
 * writer keep up).
 */
package dev.bearer.spring.actuate;
