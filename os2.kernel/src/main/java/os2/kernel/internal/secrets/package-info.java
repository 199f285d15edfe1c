/** The secret store: tokens a person gives OS2 for tools that hold a {@code secret:NAME} grant. */
package os2.kernel.internal.secrets;
