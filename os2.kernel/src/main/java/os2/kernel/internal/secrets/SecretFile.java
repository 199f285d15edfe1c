package os2.kernel.internal.secrets;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import os2.kernel.api.KernelException;
import os2.kernel.api.SecretStore;

/**
 * The secret store on disk: {@code $OS2_HOME/etc/secrets.properties}, readable and writable by
 * its owner only (0600), in plain text, as git's own credential store keeps tokens: anything that
 * could decrypt it would have to sit beside it. A change is a {@link LockedFile} change, so none is
 * lost or half-written when several OS2 processes of the home make them. Read afresh each time:
 * small, and another process may have changed it.
 */
public final class SecretFile {

	private final LockedFile store;

	public SecretFile(Path file) {
		this.store = new LockedFile(file, file.resolveSibling(file.getFileName() + ".lock"));
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
		try (Change change = change()) {
			Properties secrets = change.secrets();
			secrets.setProperty(name, value);
			change.write(secrets);
		}
	}

	/** @return whether there was a secret of that name */
	public boolean remove(String name) {
		SecretStore.checkName(name);
		try (Change change = change()) {
			Properties secrets = change.secrets();
			boolean removed = secrets.remove(name) != null;
			if (removed) {
				change.write(secrets);
			}
			return removed;
		}
	}

	/**
	 * Starts a change: the store under its lock until the result is closed, so that what is
	 * decided from {@link Change#secrets()} (and recorded) is what {@link Change#write} replaces.
	 */
	public Change change() {
		return new Change(store.change());
	}

	/** One change of the store, with its lock held. */
	public final class Change implements AutoCloseable {

		private final LockedFile.Change locked;

		private Change(LockedFile.Change locked) {
			this.locked = locked;
		}

		/** The secrets as they are now. */
		public Properties secrets() {
			try {
				return parse(locked.read().orElse(""));
			} catch (IOException e) {
				throw unreadable(e);
			}
		}

		/** @throws KernelException when the store cannot be written; it is then as it was */
		public void write(Properties secrets) {
			try {
				StringWriter text = new StringWriter();
				secrets.store(text, null);
				locked.replace(withoutDateLine(text.toString()));
			} catch (IOException e) {
				throw new KernelException("cannot write the secret store " + store.path() + ": " + e.getMessage(), e);
			}
		}

		@Override
		public void close() {
			locked.close();
		}
	}

	private Properties read() {
		try {
			return parse(store.read().orElse(""));
		} catch (IOException e) {
			throw unreadable(e);
		}
	}

	private Properties parse(String text) {
		Properties secrets = new Properties();
		try {
			secrets.load(new StringReader(text));
		} catch (IOException | IllegalArgumentException e) {
			throw unreadable(e);
		}
		return secrets;
	}

	private KernelException unreadable(Exception e) {
		return new KernelException("cannot read the secret store " + store.path() + ": " + e.getMessage(), e);
	}

	/** Properties.store writes the date as a comment first: it says nothing here. */
	private static String withoutDateLine(String stored) {
		return stored.startsWith("#") ? stored.substring(stored.indexOf('\n') + 1) : stored;
	}
}
