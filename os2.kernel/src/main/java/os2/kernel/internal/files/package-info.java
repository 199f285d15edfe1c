/**
 * The beneath-safe workspace tree ({@link os2.kernel.api.WorkspaceTree}) on the JDK's
 * {@link java.nio.file.SecureDirectoryStream}: openat, renameat and unlinkat relative to directory
 * descriptors, never following a link. Private to the bundle.
 */
package os2.kernel.internal.files;
