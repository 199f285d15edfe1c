package os2.kernel.internal.grants;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.framework.hooks.service.FindHook;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import os2.kernel.api.Budget;
import os2.kernel.api.GrantDeniedException;
import os2.kernel.api.Grants;
import os2.kernel.api.KernelException;
import os2.kernel.api.Os2Environment;
import os2.kernel.internal.metrics.KernelMetrics;
import os2.ledger.api.EntryDraft;
import os2.ledger.api.Ledger;
import os2.ledger.api.LedgerException;

/**
 * Puts the policy in force: reads its layers, installs the registry hooks that hide guarded
 * services, offers the privileged services as per-bundle capability objects, and applies grant
 * and revoke at once. The Config Admin layer ({@code os2.policy}, property {@code json}) is
 * applied live too.
 */
@Component(service = {Grants.class, BudgetAuthority.class}, immediate = true, configurationPid = "os2.policy",
		configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class GrantEnforcement implements Grants, BudgetAuthority {

	/** The launch property naming an extra policy layer (the in-framework tests use one). */
	static final String LAUNCHER_LAYER = "os2.policy";

	private final PolicyFiles files;
	private final GrantGuard guard;
	/**
	 * Optional: the hooks must be in place whether or not the ledger runs (a damaged home must
	 * not open every service to every bundle). Without it, decisions go unrecorded, and grants
	 * cannot be changed.
	 */
	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
			policyOption = ReferencePolicyOption.GREEDY)
	private volatile Ledger ledger;
	private final Logger log;
	private final PrivilegedServices privileged;
	private final RegistrantRestarts restarts;
	private final List<ServiceRegistration<?>> hooks = new ArrayList<>();
	private String configured;

	@Activate
	public GrantEnforcement(BundleContext context, Map<String, Object> configuration, @Reference Os2Environment environment,
			@Reference KernelMetrics metrics, @Reference(service = LoggerFactory.class) Logger log) {
		this.log = log;
		String launcherLayer = context.getProperty(LAUNCHER_LAYER);
		String defaultPolicy = defaultPolicy();
		this.files = new PolicyFiles(defaultPolicy, launcherLayer == null ? null : Path.of(launcherLayer),
				environment.home().resolve("etc").resolve("policy.json"));
		this.configured = (String) configuration.get("json");
		this.guard = new GrantGuard(loaded(configured), new DecisionLog(this::record,
				bundle -> metrics.denied(bundle.getSymbolicName())));
		GrantHooks registryHooks = new GrantHooks(guard);
		hooks.add(context.registerService(FindHook.class, registryHooks, null));
		hooks.add(context.registerService(EventListenerHook.class, registryHooks, null));
		this.privileged = new PrivilegedServices(context, guard, environment);
		this.restarts = new RegistrantRestarts(context,
				Policy.EMPTY.with(defaultPolicy, "the default policy").bundles().keySet(), log);
		privileged.register();
	}

	private void record(EntryDraft decision) {
		Ledger recorder = ledger;
		if (recorder != null) {
			recorder.appendAsync(decision);
		}
	}

	@Modified
	void modified(Map<String, Object> configuration) {
		configured = (String) configuration.get("json");
		apply(loaded(configured));
	}

	/** The policy in force; a broken layer is left out and said on stderr at every start until it is fixed. */
	private Policy loaded(String configuredLayer) {
		PolicyFiles.Loaded loaded = files.load(configuredLayer);
		loaded.problems().forEach(problem -> log.error("{}; that layer of the policy is ignored until it is fixed", problem));
		return loaded.policy();
	}

	@Deactivate
	void deactivate() {
		privileged.close();
		hooks.forEach(ServiceRegistration::unregister);
	}

	@Override
	public Map<String, List<String>> all() {
		Map<String, List<String>> all = new LinkedHashMap<>();
		guard.policy().bundles().forEach((bundle, entry) -> all.put(bundle, texts(entry.grants())));
		return all;
	}

	@Override
	public List<String> held(String bundle) {
		Policy.BundleEntry entry = guard.policy().bundles().get(bundle);
		return entry == null ? List.of() : texts(entry.grants());
	}

	@Override
	public synchronized void grant(String bundle, String permission) {
		Permission granted = Permission.parse(permission);
		List<Permission> grants = new ArrayList<>(current(bundle));
		if (!grants.contains(granted)) {
			grants.add(granted);
		}
		change(bundle, grants, "grant", granted);
	}

	@Override
	public synchronized void revoke(String bundle, String permission) {
		Permission revoked = Permission.parse(permission);
		List<Permission> grants = new ArrayList<>(current(bundle));
		if (!grants.remove(revoked)) {
			throw new KernelException(bundle + " does not hold " + revoked + "; 'grants " + bundle + "' lists what it holds");
		}
		change(bundle, grants, "revoke", revoked);
	}

	@Override
	public Budget defaults() {
		return guard.policy().budget();
	}

	@Override
	public String tokenEncoding() {
		return guard.policy().tokenEncoding();
	}

	@Override
	public void authorize(Bundle tool, Budget requested) {
		// Tokens are left out: they bound what the reader is shown, which is the reader's choice.
		Budget limit = defaults();
		beyond(tool, "wall-time", requested.wallTime().toSeconds(), limit.wallTime().toSeconds());
		beyond(tool, "cpu-time", requested.cpuTime().toSeconds(), limit.cpuTime().toSeconds());
		beyond(tool, "memory", requested.memoryBytes(), limit.memoryBytes());
		beyond(tool, "output", requested.outputBytes(), limit.outputBytes());
		beyond(tool, "processes", requested.processes(), limit.processes());
		beyond(tool, "file-size", requested.fileBytes(), limit.fileBytes());
	}

	/** A limit above the default needs a budget grant; the check, like every check, is on record. */
	private void beyond(Bundle tool, String kind, long requested, long byDefault) {
		if (requested > byDefault) {
			String permission = "budget:" + kind + ":" + requested;
			if (!guard.check(tool, permission).allowed()) {
				throw new GrantDeniedException(tool.getSymbolicName(), permission);
			}
		}
	}

	private List<Permission> current(String bundle) {
		Policy.BundleEntry entry = guard.policy().bundles().get(bundle);
		return entry == null ? List.of() : entry.grants();
	}

	/** Written, recorded and in force, or none of these: a change that cannot be recorded is undone. */
	private void change(String bundle, List<Permission> grants, String how, Permission permission) {
		Ledger recorder = ledger;
		if (recorder == null) {
			throw new KernelException("grants cannot change while the ledger is not running ('status' says why)");
		}
		Policy before = guard.policy();
		Policy changed = before.withGrants(bundle, grants);
		files.saveBundle(bundle, changed.bundles().get(bundle));
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("bundle", bundle);
		payload.put("change", how);
		payload.put("permission", permission.toString());
		payload.put("file", files.userLayer().toString());
		try {
			recorder.append(new EntryDraft("grant-change", "", "", 0, payload));
		} catch (LedgerException unrecorded) {
			files.saveBundle(bundle, before.bundles().getOrDefault(bundle, new Policy.BundleEntry(List.of(), "")));
			throw new KernelException("the " + how + " was not made: the ledger could not record it (" + unrecorded.getMessage()
					+ ")", unrecorded);
		}
		apply(changed);
	}

	/**
	 * Swaps the policy, then offers the privileged services again and restarts bundles whose
	 * grants to register changed, so every bundle's view is redone.
	 */
	private void apply(Policy policy) {
		Policy before = guard.policy();
		guard.replace(policy);
		privileged.reregister();
		restarts.after(before, policy);
	}

	private static List<String> texts(List<Permission> grants) {
		return grants.stream().map(Permission::toString).toList();
	}

	private static String defaultPolicy() {
		try (InputStream in = GrantEnforcement.class.getResourceAsStream("/OSGI-INF/os2/policy.json")) {
			if (in == null) {
				throw new KernelException("the os2.kernel bundle lacks its default policy (OSGI-INF/os2/policy.json); rebuild OS2");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw new KernelException("cannot read the default policy: " + e.getMessage(), e);
		}
	}
}
