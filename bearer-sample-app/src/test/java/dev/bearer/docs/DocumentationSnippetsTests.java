package dev.bearer.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code java} block of the README and of {@code docs/} must appear, line for line
 * (indentation aside), in the snippet classes of this package, which the build compiles,
 * or in the getting-started guide's project, which the build writes and tests.
 */
class DocumentationSnippetsTests {

	private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

	private static final Path REPOSITORY = Path.of("..");

	private static final Path SNIPPETS = Path.of("src", "test", "java", "dev", "bearer", "docs");

	private static final Path GETTING_STARTED = REPOSITORY.resolve("docs").resolve("getting-started.md");

	@Test
	void everyJavaSnippetInTheDocsIsCompiledCode() throws IOException {
		String compiled = normalise(read(SNIPPETS, ".java") + String.join("\n", guideJavaFiles()));
		List<String> missing = new ArrayList<>();
		int blocks = 0;
		for (Path document : documents()) {
			Matcher matcher = JAVA_BLOCK.matcher(Files.readString(document));
			while (matcher.find()) {
				blocks++;
				Snippet snippet = Snippet.of(matcher.group(1));
				boolean importsCompiled = snippet.imports()
					.stream()
					.allMatch(line -> compiled.contains(normalise(line)));
				if (!importsCompiled || !compiled.contains(normalise(snippet.body()))) {
					missing.add(document.getFileName() + ":\n" + matcher.group(1));
				}
			}
		}
		assertThat(blocks).as("java blocks found in the docs").isGreaterThan(20);
		assertThat(missing).as("snippets that are not in dev.bearer.docs").isEmpty();
	}

	@Test
	void everyJavaSnippetOfTheReadmeAndTheGettingStartedGuideIsAWholeFile() throws IOException {
		List<String> bare = new ArrayList<>();
		for (Path document : List.of(REPOSITORY.resolve("README.md"), GETTING_STARTED)) {
			Matcher matcher = JAVA_BLOCK.matcher(Files.readString(document));
			while (matcher.find()) {
				if (!matcher.group(1).startsWith("package ")) {
					bare.add(document.getFileName() + ":\n" + matcher.group(1));
				}
			}
		}
		assertThat(bare).as("snippets without their package and imports").isEmpty();
	}

	@Test
	void everyTypeAGuideSnippetNamesIsImportedInTheSnippet() throws IOException {
		List<String> unimported = new ArrayList<>();
		for (Path document : documents()) {
			if (document.equals(GETTING_STARTED) || document.getFileName().toString().equals("README.md")) {
				continue;
			}
			Matcher matcher = JAVA_BLOCK.matcher(Files.readString(document));
			while (matcher.find()) {
				Snippet snippet = Snippet.of(matcher.group(1));
				List<String> missing = snippet.unimportedTypes();
				if (!missing.isEmpty()) {
					unimported.add(document.getFileName() + ": " + missing + " in\n" + matcher.group(1));
				}
			}
		}
		assertThat(unimported).as("types named without their import").isEmpty();
	}

	@Test
	void gettingStartedGuideShowsAWholeProjectWithItsTest() {
		assertThat(GuideProject.of(GETTING_STARTED).files()).containsKeys("pom.xml",
				"src/main/resources/application.yml", "src/main/java/com/example/shop/ShopApplication.java",
				"src/test/java/com/example/shop/OrderApiTests.java");
	}

	private static List<Path> documents() throws IOException {
		List<Path> documents = new ArrayList<>(List.of(REPOSITORY.resolve("README.md")));
		try (Stream<Path> docs = Files.list(REPOSITORY.resolve("docs"))) {
			docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
		}
		return documents;
	}

	private static List<String> guideJavaFiles() {
		return GuideProject.of(GETTING_STARTED)
			.files()
			.entrySet()
			.stream()
			.filter(file -> file.getKey().endsWith(".java"))
			.map(Map.Entry::getValue)
			.toList();
	}

	private static String read(Path folder, String suffix) throws IOException {
		try (Stream<Path> files = Files.list(folder)) {
			List<Path> sources = files.filter(path -> path.toString().endsWith(suffix)).sorted().toList();
			StringBuilder text = new StringBuilder();
			for (Path source : sources) {
				text.append(Files.readString(source)).append('\n');
			}
			return text.toString();
		}
	}

	private static String normalise(String code) {
		return code.lines().map(String::strip).filter(line -> !line.isEmpty()).collect(Collectors.joining("\n"));
	}

	/**
	 * A java block split into the import lines it starts with and the code after them.
	 */
	private record Snippet(List<String> imports, String body) {

		private static final Pattern TYPE = Pattern.compile("(?<![.\\w])([A-Z]\\w*)\\b");

		private static final Pattern DECLARED = Pattern.compile("\\b(?:class|record|interface|enum) (\\w+)");

		private static final Set<String> JAVA_LANG = Set.of("String", "Object", "Exception", "Long", "Integer",
				"System", "Override", "Boolean", "RuntimeException", "Thread");

		static Snippet of(String block) {
			List<String> lines = block.lines().toList();
			int code = 0;
			while (code < lines.size() && (lines.get(code).startsWith("import ") || lines.get(code).isBlank())) {
				code++;
			}
			List<String> imports = lines.subList(0, code).stream().filter(line -> !line.isBlank()).toList();
			return new Snippet(imports, String.join("\n", lines.subList(code, lines.size())));
		}

		/**
		 * Types the code names (outside strings and comments, not after a dot) that
		 * neither an import of the snippet, {@code java.lang} nor the snippet itself
		 * declares.
		 */
		List<String> unimportedTypes() {
			String code = this.body.replaceAll("\"[^\"]*\"", "\"\"").replaceAll("//.*", "");
			Set<String> declared = new TreeSet<>(JAVA_LANG);
			DECLARED.matcher(code).results().forEach(result -> declared.add(result.group(1)));
			Set<String> missing = new TreeSet<>();
			Matcher types = TYPE.matcher(code);
			while (types.find()) {
				String type = types.group(1);
				boolean constant = type.equals(type.toUpperCase(Locale.ROOT));
				if (!constant && !declared.contains(type)
						&& this.imports.stream().noneMatch(line -> line.endsWith("." + type + ";"))) {
					missing.add(type);
				}
			}
			return List.copyOf(missing);
		}

	}

}
