package dev.bearer.spring.security;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

import dev.bearer.core.token.AuthenticationFailureReason;
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
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates requests that present a Bearer key, through an
 * {@link AuthenticationManager} (by default one holding
 * {@link BearerKeyAuthenticationProvider}). A request without a key passes on untouched
 * (another mechanism or the chain's authorization rules decide); a refused key is
 * answered here with its {@link BearerKeyError} and audited; an internal failure is
 * answered 503 and never let through. On success the response gets the token's
 * {@code RateLimit-Policy} and {@code RateLimit} header fields, and the authentication is
 * set for the rest of the chain (and kept for the request's error and asynchronous
 * dispatches), and the usage row is completed when the response is complete.
 */
public final class BearerKeyAuthenticationFilter extends OncePerRequestFilter {

	private static final Logger logger = LoggerFactory.getLogger(BearerKeyAuthenticationFilter.class);

	private static final Duration FAILURE_LOG_INTERVAL = Duration.ofMinutes(1);

	private final LogThrottle failureLog = new LogThrottle(Clock.systemUTC(), FAILURE_LOG_INTERVAL);

	private final BearerKeyResolver keyResolver;

	private final AuthenticationManager authenticationManager;

	private final AuthenticationRecorder recorder;

	private final BearerKeyErrorWriter errorWriter;

	private final ClientIpResolver clientIps;

	private SecurityContextHolderStrategy securityContextHolderStrategy = SecurityContextHolder
		.getContextHolderStrategy();

	private SecurityContextRepository securityContextRepository = new RequestAttributeSecurityContextRepository();

	/** A filter made of the given parts. */
	public BearerKeyAuthenticationFilter(BearerKeyResolver keyResolver, AuthenticationManager authenticationManager,
			AuthenticationRecorder recorder, BearerKeyErrorWriter errorWriter, ClientIpResolver clientIps) {
		this.keyResolver = keyResolver;
		this.authenticationManager = authenticationManager;
		this.recorder = recorder;
		this.errorWriter = errorWriter;
		this.clientIps = clientIps;
	}

	/**
	 * Saves the authenticated context with {@code repository}; by default as a request
	 * attribute, so error and asynchronous dispatches of the same request stay
	 * authenticated.
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
		String clientIp = read("forwarding headers", () -> this.clientIps.resolve(request));
		String userAgent = read("User-Agent header", () -> request.getHeader(HttpHeaders.USER_AGENT));
		String key;
		try {
			key = this.keyResolver.resolve(request);
		}
		catch (InvalidBearerRequestException ex) {
			this.recorder.failed(AuthenticationFailureReason.INVALID_REQUEST, null, clientIp, userAgent,
					request.getRequestURI(), request.getMethod());
			this.errorWriter.write(request, response, BearerKeyError.invalidRequest(ex.getMessage()));
			return;
		}
		if (key == null) {
			chain.doFilter(request, response);
			return;
		}
		RequestDomain domain = read("Origin or Referer header", () -> RequestDomain.of(request));
		Authentication authentication;
		try {
			authentication = this.authenticationManager
				.authenticate(new BearerKeyAuthenticationToken(key, clientIp, domain));
		}
		catch (BearerKeyAuthenticationException ex) {
			logger.debug("Refused a Bearer key on {} {}: {} (token {})", request.getMethod(), request.getRequestURI(),
					ex.getReason().code(), (ex.getToken() != null) ? ex.getToken().id() : "unknown");
			this.recorder.failed(ex.getReason(), ex.getToken(), clientIp, userAgent, request.getRequestURI(),
					request.getMethod());
			this.errorWriter.write(request, response, ex.getError());
			return;
		}
		catch (RuntimeException ex) {
			String unlogged = this.failureLog.admit(rootCauseType(ex));
			if (unlogged != null) {
				logger.error(
						"Could not authenticate a Bearer key; answering 503 (counted in {} with outcome error; "
								+ "one such line per minute per cause{})",
						BearerAuthenticationMetrics.AUTHENTICATIONS, unlogged, ex);
			}
			this.recorder.errored();
			this.errorWriter.write(request, response, BearerKeyError.unavailable());
			return;
		}
		if (!(authentication instanceof BearerAuthentication bearer)) {
			logger.error("The authentication manager answered a Bearer key with {}; answering 503",
					(authentication != null) ? authentication.getClass().getName() : "nothing");
			this.recorder.errored();
			this.errorWriter.write(request, response, BearerKeyError.unavailable());
			return;
		}
		if (!this.recorder.canRecordUsage()) {
			logger.debug("Answering 503: the audit log has no room for this request's row "
					+ "(bearer.audit.overflow-policy=reject)");
			this.recorder.errored();
			this.errorWriter.write(request, response, BearerKeyError.unavailable());
			return;
		}
		proceed(bearer, clientIp, userAgent, request, response, chain);
	}

	/**
	 * Reads {@code what} with {@code reader}; when Spring Security's firewall rejects the
	 * request for a value read, the rejection (answered 400 by the firewall's handler) no
	 * longer carries the value, which may hold a key, into log lines.
	 */
	private static <T> T read(String what, Supplier<T> reader) {
		try {
			return reader.get();
		}
		catch (RequestRejectedException ex) {
			throw new RequestRejectedException(
					"The request was rejected because its " + what + " holds a value that is not allowed");
		}
	}

	private static Class<?> rootCauseType(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause.getClass();
	}

	private void proceed(BearerAuthentication authentication, String clientIp, String userAgent,
			HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		RateLimitHeaders.write(response, authentication.getRateLimit(), authentication.getQuota().announced());
		SecurityContext context = this.securityContextHolderStrategy.createEmptyContext();
		context.setAuthentication(authentication);
		this.securityContextHolderStrategy.setContext(context);
		this.securityContextRepository.saveContext(context, request, response);
		AuthenticationRecorder.PendingUsage usage = this.recorder.succeeded(authentication.getToken(), clientIp,
				userAgent);
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

	/**
	 * Completes the usage row of an asynchronous request when its response is complete.
	 */
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
			BearerKeyAuthenticationFilter.this.recorder.completed(this.usage, this.endpoint, this.method,
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
