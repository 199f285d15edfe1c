/**
 * Which bundles' code may run: the distribution's own (by where the launcher installed them from),
 * the jars the owner trusted by their SHA-256, and bundles with no Java code at all (WebAssembly
 * tools); any other bundle is installed but never resolved, so none of its classes ever loads.
 * {@link os2.shell.internal.trust.TrustGate} enforces it from the moment the framework is
 * initialised, before any bundle resolves or starts. Runs on the launcher's class path as well as
 * in the bundle: it uses nothing but {@code java.*} and the framework's own API.
 */
package os2.shell.internal.trust;
