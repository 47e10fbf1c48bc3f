/**
 * Settlement core: EIP-1186 state-proof verification and k-of-n attested block hashes, applied
 * exactly once (plain Java).
 */
package io.omnimargin.settlement;
