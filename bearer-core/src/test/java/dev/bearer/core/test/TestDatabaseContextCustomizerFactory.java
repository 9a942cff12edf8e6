package dev.bearer.core.test;

import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/** Points the data source of an {@link OnDatabase} test class at its database. */
public final class TestDatabaseContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		OnDatabase onDatabase = TestContextAnnotationUtils.findMergedAnnotation(testClass, OnDatabase.class);
		return (onDatabase != null) ? new DatabaseCustomizer(onDatabase.value()) : null;
	}

	private record DatabaseCustomizer(TestDatabase database) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
			Map<String, Object> properties = this.database.dataSourceProperties();
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("bearerTestDatabase", properties));
		}

	}

}
