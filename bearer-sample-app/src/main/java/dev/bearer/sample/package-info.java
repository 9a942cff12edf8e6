/**
 * A runnable application that shows Bearer at work: demo tokens, protected endpoints and
 * usage analytics over embedded H2 (or PostgreSQL with the {@code postgres} profile).
 */
package dev.bearer.sample;
