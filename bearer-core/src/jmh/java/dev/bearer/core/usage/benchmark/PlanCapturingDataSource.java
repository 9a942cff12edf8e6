package dev.bearer.core.usage.benchmark;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A single-connection data source that can collect the warnings statements raise before they are
 * closed; with PostgreSQL's {@code auto_explain} logging at NOTICE level, those are the plans of
 * the statements the usage queries really ran, with their real parameters, whichever
 * {@code JdbcTemplate} ran them.
 */
final class PlanCapturingDataSource extends SingleConnectionDataSource {

	private List<String> captured;

	PlanCapturingDataSource(String url, String user, String password) {
		super(url, user, password, true);
	}

	/** Runs {@code action} and returns the warnings (plans) its statements raised. */
	List<String> capture(Runnable action) {
		this.captured = new ArrayList<>();
		try {
			action.run();
			return this.captured;
		}
		finally {
			this.captured = null;
		}
	}

	@Override
	protected Connection getCloseSuppressingConnectionProxy(Connection target) {
		Connection connection = super.getCloseSuppressingConnectionProxy(target);
		return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
				(proxy, method, args) -> {
					Object result = invoke(method, connection, args);
					return (result instanceof Statement statement && method.getReturnType().isInterface())
							? capturing(statement, method.getReturnType()) : result;
				});
	}

	private Object capturing(Statement statement, Class<?> type) {
		return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { type }, (proxy, method, args) -> {
			if (method.getName().equals("close") && this.captured != null) {
				for (SQLWarning warning = statement.getWarnings(); warning != null; warning = warning.getNextWarning()) {
					this.captured.add(warning.getMessage());
				}
			}
			return invoke(method, statement, args);
		});
	}

	private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

}
