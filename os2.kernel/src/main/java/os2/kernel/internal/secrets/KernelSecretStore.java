package os2.kernel.internal.secrets;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.KernelException;
import os2.kernel.api.Os2Environment;
import os2.kernel.api.SecretStore;
import os2.ledger.api.EntryDraft;
import os2.ledger.api.Ledger;

/**
 * The shell's side of the secret store: set, list, remove. Each change is a {@code secret-change}
 * entry naming the secret, never its value, written before the change is made, so no secret
 * changes off the record.
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
		boolean replaced = file.value(name).isPresent();
		record(replaced ? "replace" : "set", name);
		file.put(name, value);
	}

	@Override
	public void remove(String name) {
		SecretStore.checkName(name);
		if (file.value(name).isEmpty()) {
			throw new KernelException("no secret " + name + " is set; 'secret list' lists them");
		}
		record("remove", name);
		file.remove(name);
	}

	@Override
	public List<String> names() {
		return file.names();
	}

	private void record(String change, String name) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("change", change);
		payload.put("name", name);
		ledger.append(new EntryDraft(KIND, "", "", 0, payload));
	}
}
