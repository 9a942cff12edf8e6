package dev.bearer.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Hands the benchmark's token to the load script: written to a file only its owner can
 * read, so no command line or log shows it.
 */
final class BenchTokenFile {

	private BenchTokenFile() {
	}

	static void write(String path, String token) {
		Path file = Path.of(path);
		try {
			Files.deleteIfExists(file);
			Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			Files.writeString(file, token, StandardOpenOption.TRUNCATE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the benchmark token to " + file, ex);
		}
	}

}
