package os2.kernel.internal.secrets;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;

import os2.kernel.api.KernelException;
import os2.kernel.api.SecretStore;

/**
 * The secret store on disk: {@code $OS2_HOME/etc/secrets.properties}, readable and writable by
 * its owner only (0600), in plain text, as git's own credential store keeps tokens: anything that
 * could decrypt it would have to sit beside it. A change is read, made and written whole to a
 * file beside it, which is then moved into place, under a lock that other OS2 processes of the
 * same home honour too, so none is lost or half-written. Read afresh each time: small, and
 * another process may have changed it.
 */
public final class SecretFile {

	private final Path file;
	private final Path lock;

	public SecretFile(Path file) {
		this.file = file;
		this.lock = file.resolveSibling(file.getFileName() + ".lock");
	}

	public Optional<String> value(String name) {
		return Optional.ofNullable(read().getProperty(SecretStore.checkName(name)));
	}

	public List<String> names() {
		return read().stringPropertyNames().stream().sorted().toList();
	}

	/** Sets {@code name} to {@code value}. */
	public void put(String name, String value) {
		SecretStore.checkName(name);
		change(secrets -> secrets.setProperty(name, value));
	}

	/** @return whether there was a secret of that name */
	public boolean remove(String name) {
		SecretStore.checkName(name);
		boolean[] removed = new boolean[1];
		change(secrets -> removed[0] = secrets.remove(name) != null);
		return removed[0];
	}

	private Properties read() {
		Properties secrets = new Properties();
		if (Files.exists(file)) {
			try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
				secrets.load(in);
			} catch (IOException | IllegalArgumentException e) {
				throw new KernelException("cannot read the secret store " + file + ": " + e.getMessage(), e);
			}
		}
		return secrets;
	}

	private synchronized void change(Consumer<Properties> how) {
		try {
			Path directory = Files.createDirectories(file.getParent());
			try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
					FileLock held = channel.lock()) {
				Properties secrets = read();
				how.accept(secrets);
				write(directory, secrets);
			}
		} catch (IOException e) {
			throw new KernelException("cannot write the secret store " + file + ": " + e.getMessage(), e);
		}
	}

	private void write(Path directory, Properties secrets) throws IOException {
		Writer text = new StringWriter();
		secrets.store(text, null);
		// created owner-only, so the value is never readable by others, not even for a moment
		Path temporary = Files.createTempFile(directory, "secrets", ".tmp",
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		try {
			Files.writeString(temporary, withoutDateLine(text.toString()), StandardCharsets.UTF_8);
			try {
				Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			} catch (AtomicMoveNotSupportedException notHere) {
				Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
			}
		} finally {
			Files.deleteIfExists(temporary);
		}
	}

	/** Properties.store writes the date as a comment first: it says nothing here. */
	private static String withoutDateLine(String stored) {
		return stored.startsWith("#") ? stored.substring(stored.indexOf('\n') + 1) : stored;
	}
}
