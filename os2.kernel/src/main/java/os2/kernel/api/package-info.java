/**
 * The OS2 kernel's public contract: what every other bundle may rely on.
 */
@Export
@Version("0.13.0")
package os2.kernel.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
