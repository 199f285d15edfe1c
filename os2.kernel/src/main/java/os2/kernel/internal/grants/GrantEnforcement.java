package os2.kernel.internal.grants;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

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

/**
 * Puts the policy in force: reads its layers, installs the registry hooks that hide guarded
 * services, offers the privileged services as per-bundle capability objects, and applies grant
 * and revoke at once. The Config Admin layer ({@code os2.policy}, property {@code json}) is
 * applied live too, and so is a change another OS2 process of the home makes to the user's file:
 * each decision looks at the file first ({@link LivePolicy}), and a watch on it offers the
 * services again for the bundles nothing asked about meanwhile.
 */
@Component(service = {Grants.class, BudgetAuthority.class}, immediate = true, configurationPid = "os2.policy",
		configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class GrantEnforcement implements Grants, BudgetAuthority {

	/** The launch property naming an extra policy layer (the in-framework tests use one). */
	static final String LAUNCHER_LAYER = "os2.policy";

	private final LivePolicy live;
	private final GrantChanges changes;
	private final GrantGuard guard;
	private final VouchedJars vouchedJars;
	private final DecisionLog decisions;
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
	/**
	 * Where a change found by a decision (on a registry hook's thread, under the framework's
	 * locks) is applied to the registry: offering services again there could deadlock.
	 */
	private final ExecutorService applier = Executors.newSingleThreadExecutor(
			Thread.ofPlatform().daemon().name("os2-policy-apply").factory());
	private final PolicyWatch watch;
	/** The policy the privileged services were last offered under and bundles restarted for (under {@code offering}). */
	private final Object offering = new Object();
	private Policy offered;
	private volatile boolean open;

	@Activate
	public GrantEnforcement(BundleContext context, Map<String, Object> configuration, @Reference Os2Environment environment,
			@Reference KernelMetrics metrics, @Reference(service = LoggerFactory.class) Logger log) {
		this.log = log;
		String launcherLayer = context.getProperty(LAUNCHER_LAYER);
		String defaultPolicy = defaultPolicy();
		PolicyFiles files = new PolicyFiles(defaultPolicy, launcherLayer == null ? null : Path.of(launcherLayer),
				environment.home().resolve("etc").resolve("policy.json"));
		this.decisions = new DecisionLog(this::record, bundle -> metrics.denied(bundle.getSymbolicName()));
		this.live = new LivePolicy(files, (String) configuration.get("json"),
				problem -> log.error("{}; that layer of the policy is ignored until it is fixed", problem), this::changed);
		this.changes = new GrantChanges(files, live::configured, () -> ledger);
		this.vouchedJars = new VouchedJars(context);
		this.guard = new GrantGuard(live, decisions, vouchedJars::vouched);
		this.offered = live.current();
		GrantHooks registryHooks = new GrantHooks(guard);
		hooks.add(context.registerService(FindHook.class, registryHooks, null));
		hooks.add(context.registerService(EventListenerHook.class, registryHooks, null));
		this.privileged = new PrivilegedServices(context, guard, environment);
		this.restarts = new RegistrantRestarts(context,
				Policy.EMPTY.with(defaultPolicy, "the default policy").bundles().keySet(), log);
		privileged.register();
		this.open = true;
		this.watch = new PolicyWatch(files.userLayer(), this::offerAgainLater, log);
		offerAgainLater(); // for a change found before this was open
	}

	private void record(EntryDraft decision) {
		Ledger recorder = ledger;
		if (recorder != null) {
			recorder.appendAsync(decision);
		}
	}

	@Modified
	void modified(Map<String, Object> configuration) {
		live.configure((String) configuration.get("json"));
		offerAgain();
	}

	@Deactivate
	void deactivate() {
		open = false;
		watch.close();
		applier.shutdownNow();
		try {
			applier.awaitTermination(5, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		privileged.close();
		hooks.forEach(ServiceRegistration::unregister);
		vouchedJars.close();
	}

	@Override
	public Map<String, List<String>> all() {
		Map<String, List<String>> all = new LinkedHashMap<>();
		live.current().bundles().forEach((bundle, entry) -> all.put(bundle, texts(entry.grants())));
		return all;
	}

	@Override
	public List<String> held(String bundle) {
		Policy.BundleEntry entry = live.current().bundles().get(bundle);
		return entry == null ? List.of() : texts(entry.grants());
	}

	@Override
	public void grant(String bundle, String permission) {
		changes.grant(bundle, Permission.parse(permission));
		offerAgain();
	}

	@Override
	public void revoke(String bundle, String permission) {
		changes.revoke(bundle, Permission.parse(permission));
		offerAgain();
	}

	@Override
	public Budget defaults() {
		return live.current().budget();
	}

	@Override
	public String tokenEncoding() {
		return live.current().tokenEncoding();
	}

	@Override
	public String checkpoints() {
		return live.current().checkpoints();
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

	/**
	 * A new policy was read (here or by a decision on any thread): decisions are recorded anew,
	 * and the services are offered again on the applier's thread, never on the finder's.
	 */
	private void changed(Policy before, Policy after) {
		decisions.policyChanged();
		offerAgainLater();
	}

	private void offerAgainLater() {
		if (open) {
			try {
				applier.execute(this::offerAgain);
			} catch (RejectedExecutionException closing) {
				// deactivated meanwhile: nothing is offered any more
			}
		}
	}

	/**
	 * Offers the privileged services again and restarts bundles whose grants to register changed,
	 * when the policy in force is not the one they were last offered under, so every bundle's view
	 * is decided anew. Called after a change made here (at once, so that {@code grant} returns with
	 * its effect in place) and for one found elsewhere.
	 */
	private void offerAgain() {
		synchronized (offering) {
			Policy now = live.current();
			// identity first: at a start nothing changed, and a record's equals takes milliseconds to link on its first call
			if (!open || now == offered || now.equals(offered)) {
				return;
			}
			Policy before = offered;
			offered = now;
			try {
				privileged.reregister();
				restarts.after(before, now);
			} catch (RuntimeException failed) {
				log.error("the services were not all offered again after the policy changed: {}", failed.toString());
			}
		}
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
