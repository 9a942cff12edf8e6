package dev.bearer.sample;

import dev.bearer.core.event.TokenAuthenticated;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The seed's "custom usage tracking": adds the caller's {@code X-Request-Id} and
 * {@code X-Client} headers to the request's audit row. Bearer already records endpoint,
 * method, status and response time; this shows how to add your own.
 */
@Component
class RequestIdListener {

	@EventListener
	void onAuthenticated(TokenAuthenticated event) {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			String requestId = attributes.getRequest().getHeader("X-Request-Id");
			String client = attributes.getRequest().getHeader("X-Client");
			if (requestId != null) {
				event.metadata().put("request_id", requestId);
			}
			if (client != null) {
				event.metadata().put("client", client);
			}
		}
	}

}
