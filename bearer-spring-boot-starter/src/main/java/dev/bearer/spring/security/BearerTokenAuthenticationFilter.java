package dev.bearer.spring.security;

import java.io.IOException;

import dev.bearer.core.event.AuthenticationFailureReason;
import dev.bearer.spring.web.ClientIpResolver;
import dev.bearer.spring.web.RequestDomain;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates requests that present a bearer token. A request without one passes on untouched
 * (the chain's authorization rules decide); a refused token is answered here (401, 400 or 429)
 * and audited; an internal failure is answered 503 and never let through. On success the
 * {@link BearerAuthentication} is set for the rest of the chain (and kept for the request's error
 * and asynchronous dispatches), and the usage row is completed when the response is complete.
 */
public final class BearerTokenAuthenticationFilter extends OncePerRequestFilter {

	private static final Logger logger = LoggerFactory.getLogger(BearerTokenAuthenticationFilter.class);

	private final BearerTokenResolver tokenResolver;

	private final BearerTokenAuthenticator authenticator;

	private final AuthenticationRecorder recorder;

	private final BearerErrorResponder responder;

	private final ClientIpResolver clientIps;

	private SecurityContextHolderStrategy securityContextHolderStrategy = SecurityContextHolder
		.getContextHolderStrategy();

	private SecurityContextRepository securityContextRepository = new RequestAttributeSecurityContextRepository();

	/** A filter made of the given parts. */
	public BearerTokenAuthenticationFilter(BearerTokenResolver tokenResolver, BearerTokenAuthenticator authenticator,
			AuthenticationRecorder recorder, BearerErrorResponder responder, ClientIpResolver clientIps) {
		this.tokenResolver = tokenResolver;
		this.authenticator = authenticator;
		this.recorder = recorder;
		this.responder = responder;
		this.clientIps = clientIps;
	}

	/**
	 * Saves the authenticated context with {@code repository}; by default as a request attribute,
	 * so error and asynchronous dispatches of the same request stay authenticated.
	 */
	public void setSecurityContextRepository(SecurityContextRepository repository) {
		this.securityContextRepository = repository;
	}

	/** Uses {@code strategy} to hold the security context. */
	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy strategy) {
		this.securityContextHolderStrategy = strategy;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String clientIp = this.clientIps.resolve(request);
		String userAgent = request.getHeader(HttpHeaders.USER_AGENT);
		String token;
		try {
			token = this.tokenResolver.resolve(request);
		}
		catch (InvalidBearerRequestException ex) {
			this.recorder.failed(AuthenticationFailureReason.INVALID_REQUEST, null, clientIp, userAgent,
					request.getRequestURI(), request.getMethod());
			this.responder.invalidRequest(request, response, ex.getMessage());
			return;
		}
		if (token == null) {
			chain.doFilter(request, response);
			return;
		}
		AuthenticationResult result;
		try {
			result = this.authenticator.authenticate(new BearerRequest(token, clientIp, RequestDomain.of(request)));
		}
		catch (RuntimeException ex) {
			logger.error("Could not authenticate a bearer token; answering 503", ex);
			this.recorder.errored();
			this.responder.unavailable(request, response);
			return;
		}
		if (result instanceof AuthenticationResult.Failure failure) {
			refuse(failure, clientIp, userAgent, request, response);
			return;
		}
		proceed(((AuthenticationResult.Success) result), clientIp, userAgent, request, response, chain);
	}

	private void refuse(AuthenticationResult.Failure failure, String clientIp, String userAgent,
			HttpServletRequest request, HttpServletResponse response) throws IOException {
		this.recorder.failed(failure.reason(), failure.token(), clientIp, userAgent, request.getRequestURI(),
				request.getMethod());
		if (failure.reason() == AuthenticationFailureReason.RATE_LIMITED) {
			this.responder.rateLimited(request, response, failure.retryAfter());
		}
		else {
			this.responder.invalidToken(request, response);
		}
	}

	private void proceed(AuthenticationResult.Success success, String clientIp, String userAgent,
			HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		SecurityContext context = this.securityContextHolderStrategy.createEmptyContext();
		context.setAuthentication(new BearerAuthentication(success.token()));
		this.securityContextHolderStrategy.setContext(context);
		this.securityContextRepository.saveContext(context, request, response);
		AuthenticationRecorder.PendingUsage usage = this.recorder.succeeded(success.token(), clientIp, userAgent);
		boolean failed = true;
		try {
			chain.doFilter(request, response);
			failed = false;
		}
		finally {
			if (!failed && request.isAsyncStarted()) {
				request.getAsyncContext().addListener(new CompletionListener(usage, request, response));
			}
			else {
				int status = failed ? HttpServletResponse.SC_INTERNAL_SERVER_ERROR : response.getStatus();
				this.recorder.completed(usage, request.getRequestURI(), request.getMethod(), status);
			}
		}
	}

	/** Completes the usage row of an asynchronous request when its response is complete. */
	private final class CompletionListener implements AsyncListener {

		private final AuthenticationRecorder.PendingUsage usage;

		private final String endpoint;

		private final String method;

		private final HttpServletResponse response;

		private CompletionListener(AuthenticationRecorder.PendingUsage usage, HttpServletRequest request,
				HttpServletResponse response) {
			this.usage = usage;
			this.endpoint = request.getRequestURI();
			this.method = request.getMethod();
			this.response = response;
		}

		@Override
		public void onComplete(AsyncEvent event) {
			BearerTokenAuthenticationFilter.this.recorder.completed(this.usage, this.endpoint, this.method,
					this.response.getStatus());
		}

		@Override
		public void onTimeout(AsyncEvent event) {
			// onComplete follows and records the final status
		}

		@Override
		public void onError(AsyncEvent event) {
			// onComplete follows and records the final status
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			event.getAsyncContext().addListener(this);
		}

	}

}
