package dev.bearer.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The project a guide page builds: every code block that a line naming its file
 * ({@code `src/main/java/…/OrderApi.java`:}) introduces, by path. The sample module's
 * build writes the getting-started guide's project with {@link #main} and builds it with
 * the Maven Invoker, so the guide's text is what is compiled and tested.
 */
public final class GuideProject {

	private static final Pattern FILE_BLOCK = Pattern.compile("(?m)^`([\\w./-]+)`:\\n\\n```[a-z]*\\n(.*?)^```",
			Pattern.DOTALL);

	private final Map<String, String> files;

	private GuideProject(Map<String, String> files) {
		this.files = files;
	}

	/** The project of the guide page at {@code markdown}. */
	static GuideProject of(Path markdown) {
		try {
			Matcher matcher = FILE_BLOCK.matcher(Files.readString(markdown));
			Map<String, String> files = new LinkedHashMap<>();
			while (matcher.find()) {
				if (files.put(matcher.group(1), matcher.group(2)) != null) {
					throw new IllegalStateException(markdown + " shows " + matcher.group(1) + " twice");
				}
			}
			return new GuideProject(files);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The files, by path relative to the project's root, in the order the page shows
	 * them.
	 */
	Map<String, String> files() {
		return this.files;
	}

	/**
	 * Writes the project below {@code root}, replacing what a previous run wrote there.
	 */
	void writeTo(Path root) throws IOException {
		if (Files.exists(root)) {
			try (Stream<Path> paths = Files.walk(root)) {
				for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
					Files.delete(path);
				}
			}
		}
		for (Map.Entry<String, String> file : this.files.entrySet()) {
			Path target = root.resolve(file.getKey()).normalize();
			if (!target.startsWith(root.normalize())) {
				throw new IllegalStateException("A guide file lies outside its project: " + file.getKey());
			}
			Files.createDirectories(target.getParent());
			Files.writeString(target, file.getValue());
		}
	}

	/**
	 * Writes the project of the guide page named by the first argument into the folder
	 * named by the second.
	 */
	public static void main(String[] args) throws IOException {
		GuideProject project = of(Path.of(args[0]));
		if (!project.files().containsKey("pom.xml")) {
			throw new IllegalStateException(args[0] + " shows no pom.xml: found " + project.files().keySet());
		}
		project.writeTo(Path.of(args[1]));
	}

}
