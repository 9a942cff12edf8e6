package dev.bearer.core.audit;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Audit rows that cannot reach the database now, kept on local disk: append-only segment
 * files of one JSON line per row, forced to disk after every append, read back oldest
 * segment first, and deleted once written. The spool takes the first free slot
 * ({@code slot-0}, {@code slot-1}, …) under its directory, locked for as long as it is
 * open, so several processes can share one directory and a restarted process finds what
 * an earlier one left. Appends stop at the size cap. Thread-safe.
 */
final class AuditSpool implements AutoCloseable {

	/** Slots tried under the directory before giving up. */
	static final int MAX_SLOTS = 64;

	private static final long SEGMENT_BYTES = 4 * 1024 * 1024;

	private static final String SEGMENT_PREFIX = "segment-";

	private static final String LOCK_FILE = ".lock";

	private static final String SEGMENT_SUFFIX = ".jsonl";

	private static final Logger logger = LoggerFactory.getLogger(AuditSpool.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Path root;

	private final long maxBytes;

	private final TreeMap<Long, Path> segments = new TreeMap<>();

	private Path slot;

	private FileChannel lockChannel;

	private FileLock lock;

	private FileOutputStream active;

	private long activeBytes;

	private long nextSequence = 1;

	private long bytes;

	private long rows;

	/** A spool under {@code root} holding at most {@code maxBytes} bytes of rows. */
	AuditSpool(Path root, long maxBytes) {
		this.root = root;
		this.maxBytes = maxBytes;
	}

	/**
	 * Takes a free slot and finds the segments an earlier process left there.
	 * @return the rows waiting in those segments
	 * @throws IllegalStateException when no slot is free or the directory is not writable
	 */
	synchronized long open() {
		this.segments.clear();
		this.bytes = 0;
		this.rows = 0;
		try {
			Files.createDirectories(this.root);
			for (int i = 0; i < MAX_SLOTS && this.lock == null; i++) {
				tryLock(this.root.resolve("slot-" + i));
			}
			if (this.lock == null) {
				throw new IllegalStateException("Every one of the " + MAX_SLOTS + " audit spool slots under "
						+ this.root
						+ " is in use by a running process; give this one its own bearer.audit.spool.directory");
			}
			try (Stream<Path> files = Files.list(this.slot)) {
				for (Path file : files.toList()) {
					Long sequence = sequenceOf(file);
					if (sequence != null) {
						this.segments.put(sequence, file);
						this.bytes += Files.size(file);
						this.rows += lines(file);
					}
				}
			}
			this.nextSequence = this.segments.isEmpty() ? 1 : this.segments.lastKey() + 1;
			if (this.rows > 0) {
				logger.info("Found {} audit rows spooled in {} by an earlier run; they are written once the database "
						+ "can be reached", this.rows, this.slot);
			}
			return this.rows;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot use the audit spool directory " + this.root, ex);
		}
	}

	/**
	 * Appends as many of {@code records} as fit under the size cap, in order, and forces
	 * them to disk. A record whose metadata cannot be written as JSON is handed to
	 * {@code unserialisable} instead.
	 * @return how many of the first records were taken (appended or handed over); the
	 * rest did not fit
	 */
	synchronized int append(List<AuditRecord> records, BiConsumer<AuditRecord, String> unserialisable) {
		StringBuilder lines = new StringBuilder();
		int taken = 0;
		int appended = 0;
		long size = 0;
		for (AuditRecord record : records) {
			String line;
			try {
				line = toLine(record);
			}
			catch (JacksonException ex) {
				unserialisable.accept(record, "its metadata cannot be written as JSON: " + ex.getOriginalMessage());
				taken++;
				continue;
			}
			long lineBytes = line.getBytes(StandardCharsets.UTF_8).length;
			if (this.bytes + size + lineBytes > this.maxBytes) {
				break;
			}
			lines.append(line);
			size += lineBytes;
			appended++;
			taken++;
		}
		if (appended > 0) {
			write(lines.toString(), size, appended);
		}
		return taken;
	}

	private void write(String lines, long size, int count) {
		try {
			FileOutputStream segment = activeSegment();
			segment.write(lines.getBytes(StandardCharsets.UTF_8));
			segment.getFD().sync();
			this.activeBytes += size;
			this.bytes += size;
			this.rows += count;
			if (this.activeBytes >= SEGMENT_BYTES) {
				closeActive();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not append to the audit spool in " + this.slot, ex);
		}
	}

	/** Whether the size cap leaves room for more rows. */
	synchronized boolean hasRoom() {
		return this.bytes < this.maxBytes;
	}

	/**
	 * The oldest segment, closed for appends so it can be written to the database, or
	 * {@code null} when the spool is empty.
	 */
	synchronized Segment oldest() {
		if (this.segments.isEmpty()) {
			return null;
		}
		Map.Entry<Long, Path> oldest = this.segments.firstEntry();
		if (oldest.getKey() == this.nextSequence - 1 && this.active != null) {
			closeActive();
		}
		return read(oldest.getValue());
	}

	/** Deletes {@code segment}, whose rows are all settled. */
	synchronized void remove(Segment segment) {
		try {
			long size = Files.size(segment.path());
			Files.delete(segment.path());
			this.segments.values().remove(segment.path());
			this.bytes -= size;
			this.rows -= segment.records().size() + segment.unreadable();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not delete the written audit spool segment " + segment.path(), ex);
		}
	}

	/** Whether no row waits in the spool. */
	synchronized boolean isEmpty() {
		return this.rows == 0;
	}

	/** Rows waiting in the spool. */
	synchronized long rows() {
		return this.rows;
	}

	/** Bytes the spool's segments take on disk. */
	synchronized long bytes() {
		return this.bytes;
	}

	/** The slot directory this spool writes to, once open. */
	synchronized Path slot() {
		return this.slot;
	}

	/**
	 * Closes the active segment and frees the slot; spooled rows stay for the next run,
	 * and a slot left empty is removed.
	 */
	@Override
	public synchronized void close() {
		closeActive();
		if (this.lock == null) {
			return;
		}
		try {
			if (this.segments.isEmpty()) {
				Files.deleteIfExists(this.slot.resolve(LOCK_FILE));
			}
			this.lock.release();
			this.lockChannel.close();
			if (this.segments.isEmpty()) {
				deleteIfEmpty(this.slot);
				deleteIfEmpty(this.root);
			}
		}
		catch (IOException ex) {
			logger.warn("Could not release the audit spool slot {}", this.slot, ex);
		}
		this.lock = null;
	}

	private static void deleteIfEmpty(Path directory) {
		try {
			Files.deleteIfExists(directory);
		}
		catch (IOException ex) {
			logger.debug("Kept the audit spool folder {}: another process uses it", directory);
		}
	}

	private void tryLock(Path candidate) throws IOException {
		Files.createDirectories(candidate);
		FileChannel channel = FileChannel.open(candidate.resolve(LOCK_FILE), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE);
		FileLock acquired;
		try {
			acquired = channel.tryLock();
		}
		catch (OverlappingFileLockException ex) {
			acquired = null;
		}
		if (acquired == null) {
			channel.close();
			return;
		}
		this.slot = candidate;
		this.lockChannel = channel;
		this.lock = acquired;
	}

	/**
	 * The segment appended to, opened as a stream rather than a channel: an interrupt of
	 * the writing thread (as on shutdown) must not close it.
	 */
	private FileOutputStream activeSegment() throws IOException {
		if (this.active == null) {
			Path file = this.slot
				.resolve(String.format("%s%012d%s", SEGMENT_PREFIX, this.nextSequence, SEGMENT_SUFFIX));
			if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
				Files.createFile(file,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			}
			this.active = new FileOutputStream(file.toFile(), true);
			this.segments.put(this.nextSequence, file);
			this.nextSequence++;
			this.activeBytes = 0;
		}
		return this.active;
	}

	private void closeActive() {
		if (this.active == null) {
			return;
		}
		try {
			this.active.close();
		}
		catch (IOException ex) {
			logger.warn("Could not close an audit spool segment in {}", this.slot, ex);
		}
		this.active = null;
	}

	/**
	 * The rows of {@code file}. A line that cannot be read back (the tail of a process
	 * killed while appending, never acknowledged as spooled) is counted as unreadable.
	 */
	private static Segment read(Path file) {
		try {
			List<AuditRecord> records = new ArrayList<>();
			int unreadable = 0;
			for (String line : readLines(file)) {
				if (line.isBlank()) {
					continue;
				}
				try {
					records.add(JSON.readValue(line, SpooledRow.class).toRecord());
				}
				catch (JacksonException | IllegalArgumentException | NullPointerException ex) {
					unreadable++;
				}
			}
			return new Segment(file, records, unreadable);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the audit spool segment " + file, ex);
		}
	}

	/**
	 * The lines of {@code file}, read through a stream that an interrupt cannot close.
	 */
	private static List<String> readLines(Path file) throws IOException {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(new FileInputStream(file.toFile()), StandardCharsets.UTF_8))) {
			return reader.lines().toList();
		}
	}

	/** Lines in {@code file}, counting a last line cut off before its newline. */
	private static long lines(Path file) throws IOException {
		byte[] content;
		try (FileInputStream in = new FileInputStream(file.toFile())) {
			content = in.readAllBytes();
		}
		long lines = 0;
		for (byte b : content) {
			if (b == '\n') {
				lines++;
			}
		}
		return (content.length > 0 && content[content.length - 1] != '\n') ? lines + 1 : lines;
	}

	private static Long sequenceOf(Path file) {
		String name = file.getFileName().toString();
		if (!name.startsWith(SEGMENT_PREFIX) || !name.endsWith(SEGMENT_SUFFIX)) {
			return null;
		}
		try {
			return Long.parseLong(name.substring(SEGMENT_PREFIX.length(), name.length() - SEGMENT_SUFFIX.length()));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static String toLine(AuditRecord record) {
		return JSON.writeValueAsString(SpooledRow.of(record)) + "\n";
	}

	/**
	 * A segment read back from disk.
	 *
	 * @param path the segment's file
	 * @param records its rows, in the order they were appended
	 * @param unreadable lines that could not be read back
	 */
	record Segment(Path path, List<AuditRecord> records, int unreadable) {
	}

	/** One spooled row as JSON. */
	private record SpooledRow(String key, Long token, String event, String ip, String agent,
			Map<String, Object> metadata, String at) {

		static SpooledRow of(AuditRecord record) {
			return new SpooledRow(record.rowKey().toString(), record.tokenId(), record.event().code(),
					record.ipAddress(), record.userAgent(), record.metadata(), record.createdAt().toString());
		}

		AuditRecord toRecord() {
			return new AuditRecord(this.token, AuditEvent.fromCode(this.event), this.ip, this.agent, this.metadata,
					Instant.parse(this.at), UUID.fromString(this.key));
		}

	}

}
