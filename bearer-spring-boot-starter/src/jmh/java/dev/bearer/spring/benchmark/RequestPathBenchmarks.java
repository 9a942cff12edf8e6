package dev.bearer.spring.benchmark;

import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import dev.bearer.core.audit.AuditEvent;
import dev.bearer.core.audit.AuditMetadata;
import dev.bearer.core.audit.AuditRecord;
import dev.bearer.core.token.HashAlgorithm;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.Token;
import dev.bearer.core.token.TokenFormat;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenResolution;
import dev.bearer.core.token.TokenService;
import dev.bearer.core.token.TokenTypeRegistry;
import dev.bearer.spring.ratelimit.RateLimiter;
import dev.bearer.spring.security.BearerKeyAuthenticationFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.web.FilterChainProxy;

/**
 * The pieces of Bearer's request path, one benchmark each, in an application made of the
 * starter and an embedded H2 database: parsing and checksum, hashing, a cache hit, the
 * rate-limit check, a usage row's metadata, Bearer's filter alone and Spring Security's
 * whole chain with it (both with a no-op chain behind), and a baseline that only builds
 * the mock request and response. With and without usage rows ({@code log-usage}).
 * Run with {@code ./mvnw -B -Pjmh -pl bearer-spring-boot-starter -am verify -DskipTests}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RequestPathBenchmarks {

	@Param({ "true", "false" })
	public boolean logUsage;

	private ConfigurableApplicationContext context;

	private String key;

	private Token token;

	private TokenFormat format;

	private TokenService tokens;

	private RateLimiter rateLimiter;

	private Filter bearerFilter;

	private FilterChainProxy securityChain;

	private final FilterChain endpoint = (request, response) -> {
	};

	@Setup(Level.Trial)
	public void startApplication() {
		SpringApplication application = new SpringApplication(BenchmarkApplication.class);
		application.setWebApplicationType(WebApplicationType.SERVLET);
		this.context = application.run("--server.port=0", "--bearer.audit.log-usage=" + this.logUsage,
				"--spring.datasource.generate-unique-name=true", "--logging.level.root=WARN",
				"--bearer.audit.spool.enabled=false");
		this.tokens = this.context.getBean(TokenService.class);
		IssuedToken issued = this.tokens.issue(IssueTokenRequest.builder(TokenOwner.of("user", 1), "benchmark")
			.rateLimitPerMinute(Integer.MAX_VALUE)
			.build());
		this.key = issued.plaintext();
		this.token = issued.token();
		this.format = new TokenFormat(this.context.getBean(TokenTypeRegistry.class));
		this.rateLimiter = this.context.getBean(RateLimiter.class);
		this.securityChain = this.context.getBean(FilterChainProxy.class);
		this.bearerFilter = this.securityChain.getFilterChains()
			.stream()
			.flatMap(chain -> chain.getFilters().stream())
			.filter(BearerKeyAuthenticationFilter.class::isInstance)
			.findFirst()
			.orElseThrow();
		this.tokens.resolve(this.key);
	}

	@TearDown(Level.Trial)
	public void stopApplication() {
		this.context.close();
	}

	@Benchmark
	public Object parseAndChecksum() {
		return this.format.parse(this.key);
	}

	@Benchmark
	public String hash() {
		return HashAlgorithm.SHA256.hash(this.key);
	}

	@Benchmark
	public TokenResolution cacheHit() {
		return this.tokens.resolve(this.key);
	}

	@Benchmark
	public Object rateLimitCheck() {
		return this.rateLimiter.tryConsume(this.token);
	}

	@Benchmark
	public AuditRecord usageRowMetadata() {
		AuditMetadata metadata = new AuditMetadata().put("endpoint", "/orders")
			.put("method", "GET")
			.put("status", 200)
			.put("response_time_ms", 3L);
		return new AuditRecord(this.token.id(), AuditEvent.AUTHENTICATED, "203.0.113.7", "benchmark/1.0",
				metadata.asMap(), Instant.now());
	}

	@Benchmark
	public void mockRequestBaseline(Blackhole blackhole) throws IOException, ServletException {
		MockHttpServletRequest request = request();
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.endpoint.doFilter(request, response);
		blackhole.consume(response);
	}

	@Benchmark
	public int bearerFilter() throws IOException, ServletException {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.bearerFilter.doFilter(request(), response, this.endpoint);
		return response.getStatus();
	}

	@Benchmark
	public int securityFilterChain() throws IOException, ServletException {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.securityChain.doFilter(request(), response, this.endpoint);
		return response.getStatus();
	}

	private MockHttpServletRequest request() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders");
		request.setRemoteAddr("203.0.113.7");
		request.addHeader("Authorization", "Bearer " + this.key);
		request.addHeader("User-Agent", "benchmark/1.0");
		return request;
	}

	/** The starter and nothing else. */
	@SpringBootApplication
	static class BenchmarkApplication {

	}

}
