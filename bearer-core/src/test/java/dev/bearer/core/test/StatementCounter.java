package dev.bearer.core.test;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Wraps the application's {@link DataSource} and counts every SQL statement prepared or
 * executed through it.
 */
public final class StatementCounter implements BeanPostProcessor {

	private static final Set<String> STATEMENT_METHODS = Set.of("prepareStatement", "createStatement", "prepareCall");

	private final AtomicLong statements = new AtomicLong();

	private final Map<Thread, AtomicLong> byThread = new ConcurrentHashMap<>();

	/** Statements created so far, on any thread. */
	public long count() {
		return this.statements.get();
	}

	/** Statements created so far on the calling thread. */
	public long countOnThisThread() {
		AtomicLong count = this.byThread.get(Thread.currentThread());
		return (count != null) ? count.get() : 0;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DataSource dataSource && !Proxy.isProxyClass(bean.getClass())) {
			return proxy(DataSource.class, dataSource, (target, method, args) -> {
				Object result = invoke(method, target, args);
				return (result instanceof Connection connection) ? countingConnection(connection) : result;
			});
		}
		return bean;
	}

	private Connection countingConnection(Connection connection) {
		return proxy(Connection.class, connection, (target, method, args) -> {
			if (STATEMENT_METHODS.contains(method.getName())) {
				this.statements.incrementAndGet();
				this.byThread.computeIfAbsent(Thread.currentThread(), thread -> new AtomicLong()).incrementAndGet();
			}
			return invoke(method, target, args);
		});
	}

	@SuppressWarnings("unchecked")
	private static <T> T proxy(Class<T> type, T target, TargetHandler<T> handler) {
		InvocationHandler invocationHandler = (proxy, method, args) -> {
			if (method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")) {
				return invoke(method, target, args);
			}
			return handler.handle(target, method, args);
		};
		return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, invocationHandler);
	}

	private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

	@FunctionalInterface
	private interface TargetHandler<T> {

		Object handle(T target, java.lang.reflect.Method method, Object[] args) throws Throwable;

	}

}
