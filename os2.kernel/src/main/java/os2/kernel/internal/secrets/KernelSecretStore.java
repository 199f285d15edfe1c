package os2.kernel.internal.secrets;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.KernelException;
import os2.kernel.api.Os2Environment;
import os2.kernel.api.SecretStore;
import os2.ledger.api.Ledger;

/**
 * The shell's side of the secret store: set, list, remove. Each change is a {@code secret-change}
 * entry naming the secret, never its value, made durable before the change is (a
 * {@link RecordedChange}): no secret changes off the record, and none changes when the ledger
 * cannot record it. The store stays locked from the read that decides {@code set} or
 * {@code replace} to the write, so the record says what the write did.
 */
@Component(service = SecretStore.class)
public final class KernelSecretStore implements SecretStore {

	static final String KIND = "secret-change";

	private final SecretFile file;
	private final Ledger ledger;

	@Activate
	public KernelSecretStore(@Reference Os2Environment environment, @Reference Ledger ledger) {
		this(new SecretFile(location(environment)), ledger);
	}

	KernelSecretStore(SecretFile file, Ledger ledger) {
		this.file = file;
		this.ledger = ledger;
	}

	/** Where the store is in a home: beside the policy. */
	public static Path location(Os2Environment environment) {
		return environment.home().resolve("etc").resolve("secrets.properties");
	}

	@Override
	public void set(String name, String value) {
		SecretStore.checkName(name);
		if (value == null || value.isEmpty()) {
			throw new KernelException("the secret " + name + " was given no value; nothing was changed");
		}
		try (SecretFile.Change change = file.change()) {
			Properties secrets = change.secrets();
			String how = secrets.containsKey(name) ? "replace" : "set";
			RecordedChange recorded = RecordedChange.announce(ledger, KIND, "secret set", payload(how, name));
			secrets.setProperty(name, value);
			write(change, secrets, recorded);
		}
	}

	@Override
	public void remove(String name) {
		SecretStore.checkName(name);
		try (SecretFile.Change change = file.change()) {
			Properties secrets = change.secrets();
			if (!secrets.containsKey(name)) {
				throw new KernelException("no secret " + name + " is set; 'secret list' lists them");
			}
			RecordedChange recorded = RecordedChange.announce(ledger, KIND, "secret remove", payload("remove", name));
			secrets.remove(name);
			write(change, secrets, recorded);
		}
	}

	@Override
	public List<String> names() {
		return file.names();
	}

	private static void write(SecretFile.Change change, Properties secrets, RecordedChange recorded) {
		try {
			change.write(secrets);
		} catch (KernelException notWritten) {
			throw recorded.notMade(notWritten);
		}
	}

	private static Map<String, Object> payload(String change, String name) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("change", change);
		payload.put("name", name);
		return payload;
	}
}
