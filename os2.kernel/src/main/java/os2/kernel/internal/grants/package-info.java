/** Capability grants: the grant language, the policy, and its enforcement at the service registry. */
package os2.kernel.internal.grants;
