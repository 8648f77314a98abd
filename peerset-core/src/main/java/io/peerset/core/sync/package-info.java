/**
 * Set reconciliation: Negentropy protocol v1 (NIP-77) sessions over a
 * {@link io.peerset.api.spi.SyncView}, and a decoder of its messages.
 */
package io.peerset.core.sync;
