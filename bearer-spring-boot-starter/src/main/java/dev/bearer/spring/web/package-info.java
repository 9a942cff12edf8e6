/**
 * What Bearer reads from an HTTP request besides the token: the client IP (through
 * trusted proxies only) and the requesting domain (Origin, else Referer).
 */
package dev.bearer.spring.web;
