package os2.shell.internal.session;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/** Asks Declarative Services whether the ledger's components have given up. */
final class LedgerComponents {

	private LedgerComponents() {
	}

	/** True if a component of the os2.ledger bundle failed to activate. */
	static boolean failed(BundleContext context) {
		ServiceReference<ServiceComponentRuntime> reference = context.getServiceReference(ServiceComponentRuntime.class);
		if (reference == null) {
			return false;
		}
		ServiceComponentRuntime runtime = context.getService(reference);
		try {
			for (ComponentDescriptionDTO description : runtime.getComponentDescriptionDTOs()) {
				if (!description.bundle.symbolicName.equals("os2.ledger")) {
					continue;
				}
				for (ComponentConfigurationDTO configuration : runtime.getComponentConfigurationDTOs(description)) {
					if (configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
						return true;
					}
				}
			}
			return false;
		} finally {
			context.ungetService(reference);
		}
	}
}
